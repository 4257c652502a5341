"""Fixtures for the policy-profile tests: the shipped profiles, loaded as an operator would."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from contactpolicy.models import PolicyProfile

PROFILES_DIR = Path(settings.BASE_DIR) / "fixtures" / "profiles"
PROFILE_FILES = {
    "btpa": PROFILES_DIR / "btpa.json",
    "opcc": PROFILES_DIR / "opcc.json",
    "ipcc": PROFILES_DIR / "ipcc.json",
    "tamworth": PROFILES_DIR / "tamworth.json",
    "natural-england": PROFILES_DIR / "natural-england.json",
}


def load_profile(slug: str) -> PolicyProfile:
    call_command("loaddata", str(PROFILE_FILES[slug]), verbosity=0)
    return PolicyProfile.objects.get(slug=slug)


@pytest.fixture
def all_profiles(db) -> dict[str, PolicyProfile]:
    call_command("loaddata", *map(str, PROFILE_FILES.values()), verbosity=0)
    return {p.slug: p for p in PolicyProfile.objects.all()}


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
