"""`restrictions.access`: who may reach a restriction case and a decision, and act on
them, for each persona."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from restrictions import access
from restrictions.models import ReferralKind
from restrictions.referral_services import referral_record
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


@pytest.fixture
def referral(btpa_active, line_manager, caseworker):
    customer = CustomerFactory()
    return referral_record(
        actor=line_manager,
        customer=customer,
        kind=ReferralKind.LEGAL,
        recipient="Legal services",
        made_on=timezone.localdate(),
        incidents=[incident(customer, caseworker)],
    )


@pytest.mark.parametrize(
    ("persona", "sees", "records"),
    [
        ("caseworker", True, False),
        ("line_manager", True, True),
        ("head_of_service", True, True),
        ("chief_executive", True, True),
        ("administrator", False, False),
        ("outsider", False, False),
    ],
)
def test_referrals_for_each_role(request, referral, persona, sees, records):
    user = request.getfixturevalue(persona)
    reference = referral.customer.reference
    assert access.may_see_referrals(user) is sees
    assert bool(access.may_record_referrals(user)) is records
    if sees:
        assert access.referral_get_for_user(user, referral.pk) == referral
    else:
        with pytest.raises(PermissionDenied):
            access.referral_get_for_user(user, referral.pk)
    if records:
        assert access.customer_get_for_referral(user, reference) == referral.customer
    else:
        with pytest.raises(PermissionDenied):
            access.customer_get_for_referral(user, reference)


def test_a_refusal_to_record_a_referral_says_why(caseworker, line_manager, btpa_active):
    refused = access.may_record_referrals(caseworker)
    assert refused.reason == "Only a line manager or someone more senior can record a referral."
    with pytest.raises(Http404):
        access.referral_get_for_user(line_manager, 999_999)
