"""Proposers hear back (issue 10, item 3): their proposals listed with where each stands,
the ones sent back or rejected on their dashboard, and a decision sent back changed on the
proposal form and submitted again, its earlier answers kept."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from contactpolicy.roles import Role
from restrictions.completeness import Proposal
from restrictions.models import AuditEvent, AuditEventType, Decision, DecisionStatus
from restrictions.services import DECISION_FIELDS, REVISABLE, decision_answer, decision_revise
from tests.cases.factories import CustomerFactory
from tests.queries import count_queries
from tests.restrictions.factories import approve, incident, person, propose_and_submit
from tests.restrictions.test_guards_before_approval import NO_WARNING, field_error
from tests.restrictions.test_views_decisions import decision_url, proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def tamworth(activate_profile):
    return SimpleNamespace(
        profile=activate_profile("tamworth"),
        caseworker=person(Role.CASEWORKER),
        proposer=person(Role.LINE_MANAGER, first_name="Lena"),
        approver=person(Role.HEAD_OF_SERVICE),
    )


def warning(people, customer=None, **kwargs):
    customer = customer or CustomerFactory()
    return propose_and_submit(
        people.proposer,
        customer,
        "warn",
        incidents=[incident(customer, people.caseworker)],
        review_in_days=None,
        **kwargs,
    )


def sent_back(people, **kwargs):
    decision = warning(people, **kwargs)
    return decision_answer(
        decision=decision,
        actor=people.approver,
        outcome="send_back",
        reason="Say which calls were abusive.",
    )


def test_the_proposer_changes_a_decision_sent_back_and_submits_it_again(tamworth):
    decision = sent_back(tamworth)
    versions_before = decision.history.count()
    first_reasons = decision.reasons

    revised = decision_revise(
        decision=decision,
        actor=tamworth.proposer,
        submit=True,
        proposal=Proposal(
            kind="warn",
            reasons="Abusive calls on 3, 4 and 5 November, each recorded as an incident.",
            incidents=list(decision.incidents.all()),
            checklist=decision.checklist,
            exceptional_circumstances=decision.exceptional_circumstances,
        ),
    )

    assert revised.status == DecisionStatus.SUBMITTED
    assert revised.round == 2
    assert revised.reasons.startswith("Abusive calls on 3, 4 and 5 November")
    # Its earlier answers stay in its history.
    assert revised.history.count() > versions_before
    assert first_reasons in set(revised.history.values_list("reasons", flat=True))
    event = AuditEvent.objects.get(decision=revised, event_type=AuditEventType.DECISION_REVISED)
    assert event.actor == tamworth.proposer
    assert "the reasons" in event.reason and "the kind" not in event.reason

    approve(revised, tamworth.approver)
    revised.refresh_from_db()
    assert revised.status == DecisionStatus.APPROVED


def test_every_answer_a_decision_keeps_is_named_when_it_changes():
    """A revision saves the `Proposal` fields the decision has; the audit record names each."""
    assert set(DECISION_FIELDS) == set(REVISABLE)


def test_only_the_proposer_changes_it_and_only_while_sent_back_or_a_draft(tamworth):
    decision = sent_back(tamworth)
    answers = Proposal(kind="warn", reasons="Changed", incidents=list(decision.incidents.all()))
    with pytest.raises(PermissionDenied):
        decision_revise(
            decision=decision, actor=person(Role.LINE_MANAGER), proposal=answers, submit=False
        )
    waiting = warning(tamworth)
    with pytest.raises(ValidationError, match="Only a draft or a decision sent back"):
        decision_revise(decision=waiting, actor=tamworth.proposer, proposal=answers, submit=False)


def test_a_change_that_could_never_take_effect_is_refused_beside_its_field(client, tamworth):
    """A sanction sent back, changed to drop the reason no warning was possible: refused on
    the form beside that field, and the decision stays as it was, sent back."""
    customer = CustomerFactory()
    ordinary = incident(customer, tamworth.caseworker)
    from tests.restrictions.factories import sanction_of

    decision = propose_and_submit(
        tamworth.proposer,
        customer,
        "sanction",
        incidents=[ordinary],
        sanctions=[sanction_of(tamworth.profile, "one_method", channel="letter")],
        warning_not_possible_reason="No address to write to.",
    )
    decision_answer(
        decision=decision, actor=tamworth.approver, outcome="send_back", reason="Is that so?"
    )
    client.force_login(tamworth.proposer)
    url = decision_url(decision, "decision_edit")

    page = client.get(url).content.decode()
    assert "Is that so?" in page  # the reason it was sent back
    assert "No address to write to." in page  # the earlier answers, to change

    response = client.post(url, proposal(tamworth.profile, [ordinary]))
    assert response.status_code == 400
    assert field_error(response.content.decode(), "warning_not_possible_reason") == NO_WARNING
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SENT_BACK
    assert decision.warning_not_possible_reason == "No address to write to."
    assert decision.sanctions.count() == 1


def test_the_edit_page_changes_and_resubmits(client, tamworth):
    decision = sent_back(tamworth)
    client.force_login(tamworth.proposer)
    data = proposal(
        tamworth.profile,
        list(decision.incidents.all()),
        kind="warn",
        chosen={},
        reasons="Three abusive calls, each recorded.",
        review_due_0="",
        review_due_1="",
        review_due_2="",
    )
    response = client.post(decision_url(decision, "decision_edit"), data)
    assert response.status_code == 302, field_error(response.content.decode(), "kind")
    decision.refresh_from_db()
    assert (decision.status, decision.round) == (DecisionStatus.SUBMITTED, 2)
    assert decision.reasons == "Three abusive calls, each recorded."

    client.force_login(tamworth.approver)
    assert (
        "Three abusive calls, each recorded." in client.get(decision_url(decision)).content.decode()
    )


def test_my_proposals_lists_mine_with_their_status_and_filters(client, tamworth):
    mine_back = sent_back(tamworth)
    mine_waiting = warning(tamworth)
    other = person(Role.LINE_MANAGER)
    theirs = warning(SimpleNamespace(**{**vars(tamworth), "proposer": other}))
    client.force_login(tamworth.proposer)
    url = reverse("restrictions:my_proposals")

    page = client.get(url).content.decode()
    assert mine_back.reference in page and mine_waiting.reference in page
    assert theirs.reference not in page
    assert "Sent back" in page and "Waiting for approval" in page

    page = client.get(url, {"status": "sent_back"}).content.decode()
    assert mine_back.reference in page and mine_waiting.reference not in page
    # Junk in the filter shows everything, not an error.
    assert client.get(url, {"status": "x" * 500}).status_code == 200


def test_my_proposals_runs_a_fixed_number_of_queries(client, tamworth):
    client.force_login(tamworth.proposer)
    url = reverse("restrictions:my_proposals")
    sent_back(tamworth)
    few = count_queries(client, url)
    for _ in range(5):
        sent_back(tamworth)
        warning(tamworth)
    assert count_queries(client, url) == few


def test_the_dashboard_tells_the_proposer_what_was_sent_back_or_rejected(client, tamworth):
    back = sent_back(tamworth)
    rejected = warning(tamworth)
    decision_answer(
        decision=rejected, actor=tamworth.approver, outcome="reject", reason="Not needed."
    )
    waiting = warning(tamworth)
    client.force_login(tamworth.proposer)

    page = client.get("/").content.decode()
    section = page[page.index('id="proposals"') :]
    assert back.reference in section and rejected.reference in section
    assert waiting.reference not in page
    assert reverse("restrictions:decision_edit", kwargs={"reference": back.reference}) in section

    client.force_login(tamworth.approver)
    assert 'id="proposals"' not in client.get("/").content.decode()


def test_the_dashboard_runs_a_fixed_number_of_queries_whatever_the_proposals(client, tamworth):
    client.force_login(tamworth.proposer)
    sent_back(tamworth)
    few = count_queries(client, "/")
    for _ in range(4):
        sent_back(tamworth)
        rejected = warning(tamworth)
        decision_answer(decision=rejected, actor=tamworth.approver, outcome="reject", reason="No.")
    assert count_queries(client, "/") == few
    assert Decision.objects.filter(proposed_by=tamworth.proposer).count() == 9


def test_changing_the_sanctions_keeps_the_replaced_ones_in_their_history(tamworth):
    from restrictions.models import Sanction
    from tests.restrictions.factories import sanction_of

    customer = CustomerFactory()
    decision = propose_and_submit(
        tamworth.proposer,
        customer,
        "sanction",
        incidents=[incident(customer, tamworth.caseworker)],
        sanctions=[sanction_of(tamworth.profile, "one_method", channel="letter")],
        warning_not_possible_reason="No address to write to.",
    )
    decision_answer(
        decision=decision, actor=tamworth.approver, outcome="send_back", reason="Email?"
    )
    [first] = decision.sanctions.all()

    revised = decision_revise(
        decision=decision,
        actor=tamworth.proposer,
        submit=False,
        proposal=Proposal(
            kind="sanction",
            reasons=decision.reasons,
            incidents=list(decision.incidents.all()),
            checklist=decision.checklist,
            exceptional_circumstances=decision.exceptional_circumstances,
            warning_not_possible_reason=decision.warning_not_possible_reason,
            review_due=decision.review_due,
            sanctions=[sanction_of(tamworth.profile, "one_method", channel="email")],
        ),
    )

    assert [s.channel for s in revised.sanctions.all()] == ["email"]
    assert not Sanction.objects.filter(pk=first.pk).exists()
    kept = Sanction.history.filter(id=first.pk).order_by("history_date")
    assert [h.history_type for h in kept] == ["+", "-"]
    assert kept.last().channel == "letter"
    assert revised.status == DecisionStatus.SENT_BACK  # changed, not yet submitted again
