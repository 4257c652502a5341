"""`restrictions.access`: who may reach a restriction case and a decision, and act on
them, for each persona."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from restrictions import access
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import incident, propose_and_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def warning(btpa_active, line_manager, caseworker):
    customer = CustomerFactory()
    return propose_and_submit(
        line_manager,
        customer,
        "warn",
        incidents=[incident(customer, caseworker)],
        review_in_days=None,
    )


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("caseworker", True),
        ("line_manager", True),
        ("head_of_service", True),
        ("chief_executive", True),
        ("administrator", False),
        ("outsider", False),
    ],
)
def test_restriction_case_for_each_role(request, warning, persona, allowed):
    user = request.getfixturevalue(persona)
    reference = warning.restriction_case.reference
    if allowed:
        assert access.restriction_case_get_for_user(user, reference) == warning.restriction_case
    else:
        with pytest.raises(PermissionDenied):
            access.restriction_case_get_for_user(user, reference)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("caseworker", False),
        ("line_manager", True),
        ("head_of_service", True),
        ("chief_executive", True),
        ("administrator", False),
        ("outsider", False),
    ],
)
def test_decision_for_each_role(request, warning, persona, allowed):
    user = request.getfixturevalue(persona)
    if allowed:
        assert access.decision_get_for_user(user, warning.reference) == warning
        assert access.may_see_decisions(user)
    else:
        with pytest.raises(PermissionDenied):
            access.decision_get_for_user(user, warning.reference)
        assert not access.may_see_decisions(user)


def test_an_unknown_reference_is_not_found(line_manager, btpa_active):
    with pytest.raises(Http404):
        access.decision_get_for_user(line_manager, "DEC-1999-99999")
    with pytest.raises(Http404):
        access.restriction_case_get_for_user(line_manager, "RES-1999-99999")


def test_who_may_submit_and_start_a_review(
    warning, caseworker, line_manager, head_of_service, btpa_active
):
    assert access.may_submit(line_manager, warning)
    assert access.may_submit(head_of_service, warning)
    refused = access.may_submit(caseworker, warning)
    assert not refused
    assert refused.reason == "Only the proposer or a manager can submit this decision."
    assert access.may_start_review(line_manager)
    assert not access.may_start_review(caseworker)


def test_the_acting_role_is_the_most_senior(chief_executive, caseworker, outsider):
    assert access.acting_role(chief_executive) == "chief_executive"
    assert access.acting_role(caseworker) == "caseworker"
    assert access.acting_role(outsider) == ""
