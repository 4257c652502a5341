"""DESIGN.md §4: no sanction without an earlier warning unless an extreme category is cited
"or the approver records why a warning was not possible" (issue 9, item 4).

The proposer's reason is a suggestion; the guard reads what an approver confirmed or wrote.
"""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from contactpolicy.refusals import Refused
from contactpolicy.roles import Role
from restrictions.decision_forms import AnswerForm
from restrictions.models import DecisionStatus, Stage
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import (
    approve,
    incident,
    person,
    propose_and_submit,
    sanction_of,
)

pytestmark = pytest.mark.django_db

SUGGESTED = "The customer gives no postal address, so no warning letter can reach them."


@pytest.fixture
def tamworth(activate_profile):
    profile = activate_profile("tamworth")
    return SimpleNamespace(
        profile=profile,
        caseworker=person(Role.CASEWORKER),
        proposer=person(Role.LINE_MANAGER),
        approver=person(Role.HEAD_OF_SERVICE),
    )


def unwarned_sanction(people, reason=SUGGESTED):
    customer = CustomerFactory()
    return propose_and_submit(
        people.proposer,
        customer,
        "sanction",
        incidents=[incident(customer, people.caseworker, days_ago=1)],
        sanctions=[sanction_of(people.profile, "one_method", channel="email")],
        warning_not_possible_reason=reason,
    )


def test_the_proposers_reason_alone_does_not_excuse_a_warning(tamworth):
    decision = unwarned_sanction(tamworth)
    with pytest.raises(Refused):
        approve(decision, tamworth.approver, warning_not_possible_reason=None)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SUBMITTED
    assert decision.restriction_case.state == Stage.MONITORING
    assert decision.warning_not_possible_approved == ""


def test_an_approver_clearing_the_suggestion_means_a_warning_was_possible(tamworth):
    decision = unwarned_sanction(tamworth)
    with pytest.raises(Refused):
        approve(decision, tamworth.approver, warning_not_possible_reason="")


def test_the_approver_confirms_the_proposers_reason(tamworth):
    decision = approve(unwarned_sanction(tamworth), tamworth.approver)
    assert decision.status == DecisionStatus.APPROVED
    assert decision.warning_not_possible_approved == SUGGESTED
    case = decision.restriction_case
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED
    event = case.audit_events.get(event_type="decision_approval")
    assert f"Why a warning was not possible: {SUGGESTED}" in event.reason


def test_the_approver_records_their_own_reason_in_place_of_the_proposers(tamworth):
    own = "He told us in writing he will not open our letters, and has returned three."
    decision = approve(
        unwarned_sanction(tamworth),
        tamworth.approver,
        warning_not_possible_reason=own,
    )
    assert decision.status == DecisionStatus.APPROVED
    assert decision.warning_not_possible_approved == own
    assert decision.warning_not_possible_reason == SUGGESTED


def test_with_no_reason_suggested_and_nothing_extreme_the_proposal_is_refused(tamworth):
    """It could never take effect: refused when proposed, not at the last approval."""
    with pytest.raises(ValidationError) as info:
        unwarned_sanction(tamworth, reason="")
    assert list(info.value.message_dict) == ["warning_not_possible_reason"]


def test_the_approval_form_offers_the_proposers_reason_as_a_suggestion(client, tamworth):
    decision = unwarned_sanction(tamworth)
    form = AnswerForm(decision=decision)
    assert form.asks_why_no_warning
    assert form.fields["warning_not_possible_reason"].initial == SUGGESTED

    client.force_login(tamworth.approver)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert 'name="warning_not_possible_reason"' in page
    assert "suggestion: the approver confirms it or records their own" in page

    response = client.post(
        f"{decision.get_absolute_url()}answer/",
        {
            "outcome": "approve",
            "confirmed_checklist": "on",
            "warning_not_possible_reason": "Confirmed: " + SUGGESTED,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    decision.refresh_from_db()
    assert decision.warning_not_possible_approved == "Confirmed: " + SUGGESTED


def test_no_warning_question_once_the_customer_was_warned(tamworth):
    from tests.restrictions.factories import drive_to

    customer = CustomerFactory()
    drive_to(
        customer,
        "warned",
        proposer=tamworth.proposer,
        approvers=[tamworth.approver],
        recorder=tamworth.caseworker,
    )
    decision = propose_and_submit(
        tamworth.proposer,
        customer,
        "sanction",
        incidents=[incident(customer, tamworth.caseworker, days_ago=1)],
        sanctions=[sanction_of(tamworth.profile, "one_method", channel="email")],
    )
    assert not AnswerForm(decision=decision).asks_why_no_warning
