"""A partial disengagement chosen by case (Natural England steps 5 and 6: disengage "on a
particular topic"; a contact on another matter is dealt with as usual), from the proposal
form to the banner's answer.

People (tests/conftest.py): casey the caseworker, lena the line manager, chloe the Chief
Executive, who decides under BTPA §8.12.
"""

import re

import pytest
from django.core.exceptions import ValidationError

from cases.models import Case, CaseStatus
from cases.services import case_open
from restrictions.completeness import SCOPE_BY_CASE, Proposal, scope_errors
from restrictions.models import CheckOutcome, Decision, Scope, Stage
from restrictions.services import decision_propose
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import approve_all, check_contact, incident, letter_text
from tests.restrictions.test_views_decisions import proposal, propose_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(btpa_active):
    return CustomerFactory(name="Margaret Ellison")


@pytest.fixture
def matters(customer):
    return (
        case_open(customer=customer, subject="Planning enforcement at Foxhill"),
        case_open(customer=customer, subject="Council tax reduction"),
    )


@pytest.fixture
def threat(customer, caseworker):
    return incident(customer, caseworker, extreme=True, description="Threatened to hurt Sam")


def by_case(profile, threat, *cases) -> dict:
    return proposal(
        profile,
        [threat],
        kind="disengage",
        chosen={},
        scope=SCOPE_BY_CASE,
        scope_cases=[str(c.pk) for c in cases],
    )


def test_contact_about_the_disengaged_case_is_refused_and_about_another_permitted(
    client, btpa_active, customer, matters, threat, line_manager, chief_executive, caseworker
):
    disengaged, other = matters
    client.force_login(line_manager)
    response = client.post(propose_url(customer), by_case(btpa_active, threat, disengaged))
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.scope, decision.scope_topics) == (Scope.PARTIAL, "")
    assert list(decision.scope_cases.all()) == [disengaged]
    # The customer is told, and the approver shown, which matter it covers.
    assert (
        "We will not reply to further contact about: Planning enforcement at Foxhill "
        f"({disengaged.reference})." in letter_text(decision)
    )
    client.force_login(chief_executive)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert f"{disengaged.reference}: Planning enforcement at Foxhill" in page
    assert other.subject not in page

    approve_all(decision, [chief_executive])
    case = decision.restriction_case
    case.refresh_from_db()
    assert (case.state, case.scope) == (Stage.DISENGAGED, Scope.PARTIAL)
    assert list(case.scope_cases.all()) == [disengaged]

    on_case, _ = check_contact(customer, caseworker, channel="email", case=disengaged)
    elsewhere, _ = check_contact(customer, caseworker, channel="email", case=other)
    assert on_case.outcome == CheckOutcome.BREACH
    assert "Do not engage or reply: read and file it" in on_case.instruction
    assert elsewhere.outcome == CheckOutcome.PERMITTED


def test_the_form_offers_only_the_customers_open_cases(
    client, btpa_active, customer, matters, line_manager
):
    closed = case_open(customer=customer, subject="The 2024 complaint")
    Case.objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED)
    someone_elses = case_open(customer=CustomerFactory(), subject="Another customer's matter")
    client.force_login(line_manager)
    page = client.get(propose_url(customer, kind="disengage")).content.decode()
    assert "Only some of the customer&#x27;s cases" in page
    # The disengagement's own checkboxes (the "refuse to reopen" sanction lists closed ones).
    offered = re.findall(r'name="scope_cases" value="(\d+)"', page)
    assert offered == [str(matters[1].pk), str(matters[0].pk)]  # newest first
    assert str(closed.pk) not in offered and someone_elses.subject not in page


@pytest.mark.parametrize("whose", ["another customer's", "a closed"])
def test_only_the_customers_own_open_cases_may_be_chosen(
    client, btpa_active, customer, threat, line_manager, whose
):
    if whose == "a closed":
        matter = case_open(customer=customer, subject="The 2024 complaint")
        Case.objects.filter(pk=matter.pk).update(status=CaseStatus.CLOSED)
    else:
        matter = case_open(customer=CustomerFactory(), subject="Another customer's matter")
    client.force_login(line_manager)
    response = client.post(propose_url(customer), by_case(btpa_active, threat, matter))
    assert response.status_code == 400
    assert "Select only this customer&#x27;s open cases" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_disengagement_by_case_needs_a_case(
    client, btpa_active, customer, matters, threat, line_manager
):
    client.force_login(line_manager)
    response = client.post(propose_url(customer), by_case(btpa_active, threat))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_scope_cases_0">Select the cases the disengagement covers</a>' in page
    assert not Decision.objects.exists()


def test_the_service_refuses_another_customers_case(btpa_active, customer, line_manager, threat):
    elsewhere = case_open(customer=CustomerFactory(), subject="Another customer's matter")
    with pytest.raises(ValidationError) as refused:
        decision_propose(
            actor=line_manager,
            customer=customer,
            proposal=Proposal(
                kind="disengage",
                reasons="Threatened staff.",
                incidents=[threat],
                scope=Scope.PARTIAL,
                scope_cases=[elsewhere],
            ),
        )
    assert refused.value.message_dict == {"scope_cases": ["Choose only this customer's open cases"]}
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("scope", "cases", "topics", "errors"),
    [
        (SCOPE_BY_CASE, [], "", {"scope_cases": ["Select the cases the disengagement covers"]}),
        (SCOPE_BY_CASE, ["a case"], "", {}),
        (Scope.PARTIAL, [], " ", {"scope_topics": ["Enter the topics the disengagement covers"]}),
        (Scope.PARTIAL, [], "Foxhill", {}),
        # A saved decision: partial, with its cases and no topics.
        (Scope.PARTIAL, ["a case"], "", {}),
        (Scope.ALL, [], "", {}),
    ],
)
def test_a_partial_disengagement_says_what_it_covers(scope, cases, topics, errors):
    assert scope_errors("disengage", scope=scope, scope_cases=cases, scope_topics=topics) == (
        errors
    )
    assert scope_errors("sanction", scope=scope, scope_cases=cases, scope_topics=topics) == {}
