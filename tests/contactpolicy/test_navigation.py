"""The header's sections: which one a page belongs to."""

import pytest

from contactpolicy.navigation import navigation_for
from contactpolicy.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def active(user, url_name: str, namespace: str) -> list[str]:
    return [item["label"] for item in navigation_for(user, url_name, namespace) if item["active"]]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.LINE_MANAGER])
def test_a_restriction_case_is_under_the_sanctions_register_not_approvals(role):
    """A restriction case is one customer's entry in the register; staff reach it from the
    register or the customer, and a caseworker has no Approvals section at all."""
    user = UserFactory(roles=[role])
    assert active(user, "case", "restrictions") == ["Sanctions register"]


def test_a_decision_is_under_approvals():
    user = UserFactory(roles=[Role.LINE_MANAGER])
    assert active(user, "decision", "restrictions") == ["Approvals"]
