"""Fixtures for the policy-profile tests: the shipped profiles, loaded as an operator would."""

import pytest

from contactpolicy.models import PolicyProfile
from tests.profiles import PROFILE_FILES, load_profile


@pytest.fixture
def all_profiles(db) -> dict[str, PolicyProfile]:
    return {slug: load_profile(slug) for slug in PROFILE_FILES}


@pytest.fixture
def btpa(db) -> PolicyProfile:
    return load_profile("btpa")


@pytest.fixture
def opcc(db) -> PolicyProfile:
    return load_profile("opcc")


@pytest.fixture
def ipcc(db) -> PolicyProfile:
    return load_profile("ipcc")


@pytest.fixture
def tamworth(db) -> PolicyProfile:
    return load_profile("tamworth")


@pytest.fixture
def natural_england(db) -> PolicyProfile:
    return load_profile("natural-england")
