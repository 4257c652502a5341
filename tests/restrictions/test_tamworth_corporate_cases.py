"""Tamworth §9: "the Head of Service or if a corporate approach is required, the Head of
Customer Services" decides. A corporate case goes by the corporate route, any other to a Head
of Service, and the proposer says which it is only where the profile has such a route."""

import pytest
from django.core.exceptions import PermissionDenied

from contactpolicy.roles import Role
from restrictions.decision_forms import ProposalForm
from restrictions.models import DecisionStatus
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import approve, incident, person, propose_and_submit

pytestmark = pytest.mark.django_db

HCS = "Head of Customer Services"


def _warning(corporate: bool):
    customer = CustomerFactory()
    evidence = incident(customer, person(Role.CASEWORKER))
    return propose_and_submit(
        person(Role.LINE_MANAGER),
        customer,
        "warn",
        incidents=[evidence],
        review_in_days=0,
        corporate=corporate,
    )


def test_tamworth_corporate_cases_are_decided_by_the_head_of_customer_services(activate_profile):
    activate_profile("tamworth")
    decision = _warning(corporate=True)
    head_of_housing = person(Role.HEAD_OF_SERVICE, job_title="Head of Housing")

    with pytest.raises(PermissionDenied) as info:
        approve(decision, head_of_housing)
    assert str(info.value) == f"Under the Tamworth policy the {HCS} approves corporate cases."

    decision = approve(decision, person(Role.HEAD_OF_SERVICE, job_title=HCS))
    assert decision.status == DecisionStatus.APPROVED


def test_tamworth_a_service_case_is_decided_by_any_head_of_service(activate_profile):
    activate_profile("tamworth")
    decision = _warning(corporate=False)

    decision = approve(decision, person(Role.HEAD_OF_SERVICE, job_title="Head of Housing"))
    assert decision.status == DecisionStatus.APPROVED


@pytest.mark.parametrize(
    ("slug", "asked"), [("tamworth", True), ("btpa", False), ("natural-england", False)]
)
def test_only_a_profile_with_a_corporate_route_asks_whether_a_case_is_corporate(
    activate_profile, slug, asked
):
    profile = activate_profile(slug)

    form = ProposalForm(profile=profile, kinds=["warn"])

    assert ("corporate" in form.fields) is asked


def test_a_corporate_mark_means_nothing_without_a_corporate_route(activate_profile):
    activate_profile("ipcc")

    assert _warning(corporate=True).corporate is False
