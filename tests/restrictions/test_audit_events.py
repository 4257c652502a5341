"""Every decision-making action leaves an audit event: who (and in which role), what, when,
on what and why, written in the same transaction as the change (ADR 0005)."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.timeline import Source
from contactpolicy.refusals import Refused
from contactpolicy.roles import Role
from restrictions.completeness import Proposal
from restrictions.models import (
    AuditEvent,
    AuditEventType,
    CheckOutcome,
    ReferralKind,
    SanctionStatus,
    Stage,
)
from restrictions.referral_services import referral_customer_informed, referral_record
from restrictions.services import (
    decision_answer,
    decision_propose,
    decision_propose_and_submit,
    review_start,
)
from restrictions.timeline import AUDIT, may_see_audit
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import (
    approve,
    check_contact,
    drive_to,
    full_answers,
    incident,
    person,
    propose_and_submit,
    sanction_of,
)
from tests.restrictions.restricted import sanction

pytestmark = pytest.mark.django_db


@pytest.fixture
def tamworth(activate_profile):
    profile = activate_profile("tamworth")
    return SimpleNamespace(
        profile=profile,
        caseworker=person(Role.CASEWORKER),
        proposer=person(Role.LINE_MANAGER),
        approver=person(Role.HEAD_OF_SERVICE),
    )


def events(decision=None, **filters):
    rows = AuditEvent.objects.filter(**filters)
    if decision is not None:
        rows = rows.filter(decision=decision)
    return list(rows.order_by("occurred_at", "pk"))


def only(event_type, **filters) -> AuditEvent:
    [event] = events(event_type=event_type, **filters)
    return event


def warning(people, customer, **kwargs):
    evidence = [incident(customer, people.caseworker, days_ago=2)]
    return propose_and_submit(
        people.proposer,
        customer,
        "warn",
        incidents=evidence,
        review_in_days=None,
        reasons="Shouted at staff on three calls.",
        **kwargs,
    )


def test_proposing_records_the_proposer_and_the_reasons(tamworth):
    customer = CustomerFactory()
    checklist, exceptional = full_answers(tamworth.profile)
    decision = decision_propose(
        actor=tamworth.proposer,
        customer=customer,
        proposal=Proposal(
            kind="warn",
            reasons="Shouted at staff on three calls.",
            incidents=[incident(customer, tamworth.caseworker)],
            checklist=checklist,
            exceptional_circumstances=exceptional,
        ),
    )
    event = only(AuditEventType.DECISION_PROPOSED, decision=decision)
    assert event.actor == tamworth.proposer
    assert event.actor_role == Role.LINE_MANAGER
    assert event.reason == "Shouted at staff on three calls."
    assert event.customer == customer
    assert event.restriction_case == decision.restriction_case


def test_submitting_records_who_sent_it_for_approval(tamworth):
    decision = warning(tamworth, CustomerFactory())
    event = only(AuditEventType.DECISION_SUBMITTED, decision=decision)
    assert event.actor == tamworth.proposer
    assert event.reason == "Shouted at staff on three calls."


def test_the_last_approval_records_the_approval_and_the_change_of_stage(tamworth):
    decision = warning(tamworth, CustomerFactory())
    approve(decision, tamworth.approver, reason="Warning is proportionate.")
    approval = only(AuditEventType.DECISION_APPROVAL, decision=decision)
    assert approval.actor == tamworth.approver
    assert approval.actor_role == Role.HEAD_OF_SERVICE
    assert approval.reason == "Warning is proportionate."
    applied = only(AuditEventType.DECISION_APPLIED, decision=decision)
    assert applied.actor == tamworth.approver
    assert (applied.from_state, applied.to_state) == (Stage.MONITORING, Stage.WARNED)
    assert applied.reason == "Shouted at staff on three calls."


@pytest.mark.parametrize(
    ("outcome", "event_type"),
    [
        ("send_back", AuditEventType.DECISION_SENT_BACK),
        ("reject", AuditEventType.DECISION_REJECTED),
    ],
)
def test_sending_back_and_rejecting_record_the_reason_given(tamworth, outcome, event_type):
    decision = warning(tamworth, CustomerFactory())
    decision_answer(
        decision=decision, actor=tamworth.approver, outcome=outcome, reason="Cite the emails."
    )
    event = only(event_type, decision=decision)
    assert event.actor == tamworth.approver
    assert event.actor_role == Role.HEAD_OF_SERVICE
    assert event.reason == "Cite the emails."
    assert not events(decision, event_type=AuditEventType.DECISION_APPLIED)


def test_proposing_and_submitting_at_once_records_both(tamworth):
    customer = CustomerFactory()
    checklist, exceptional = full_answers(tamworth.profile)
    decision = decision_propose_and_submit(
        actor=tamworth.proposer,
        customer=customer,
        submit=True,
        proposal=Proposal(
            kind="warn",
            reasons="Shouted at staff on three calls.",
            incidents=[incident(customer, tamworth.caseworker)],
            checklist=checklist,
            exceptional_circumstances=exceptional,
        ),
    )
    proposed, submitted = events(decision)
    assert (proposed.event_type, submitted.event_type) == (
        AuditEventType.DECISION_PROPOSED,
        AuditEventType.DECISION_SUBMITTED,
    )
    assert {proposed.actor, submitted.actor} == {tamworth.proposer}
    assert submitted.reason == "Shouted at staff on three calls."


def test_a_refused_submission_takes_the_proposals_event_with_it(tamworth):
    customer = CustomerFactory()
    incomplete = {  # no checklist answers: it may be drafted but not submitted
        "actor": tamworth.proposer,
        "customer": customer,
        "proposal": Proposal(
            kind="warn",
            reasons="Shouted at staff.",
            incidents=[incident(customer, tamworth.caseworker)],
        ),
    }
    with pytest.raises(ValidationError):
        decision_propose_and_submit(submit=True, **incomplete)
    assert not events(customer=customer)
    draft = decision_propose_and_submit(submit=False, **incomplete)
    assert [e.event_type for e in events(draft)] == [AuditEventType.DECISION_PROPOSED]


def test_starting_a_review_records_who_and_why(tamworth):
    customer = CustomerFactory()
    case = drive_to(
        customer, "sanctioned", proposer=tamworth.proposer, approvers=[tamworth.approver]
    )
    review_start(case=case, actor=tamworth.proposer, reason="The review date is near.")
    event = only(AuditEventType.REVIEW_STARTED, restriction_case=case)
    assert event.actor == tamworth.proposer
    assert event.reason == "The review date is near."
    assert (event.from_state, event.to_state) == (Stage.SANCTIONED, Stage.UNDER_REVIEW)
    # Asking again changes nothing, so records nothing.
    review_start(case=case, actor=tamworth.proposer)
    assert len(events(event_type=AuditEventType.REVIEW_STARTED)) == 1


def test_varying_records_each_sanction_ended(tamworth):
    customer = CustomerFactory()
    case = drive_to(
        customer, "sanctioned", proposer=tamworth.proposer, approvers=[tamworth.approver]
    )
    [old] = case.sanctions.filter(status=SanctionStatus.ACTIVE)
    vary = propose_and_submit(
        tamworth.proposer,
        customer,
        "vary",
        reasons="Email instead of letters.",
        sanctions=[sanction_of(tamworth.profile, "one_method", channel="email")],
    )
    approve(vary, tamworth.approver)
    event = only(AuditEventType.SANCTION_ENDED, sanction=old)
    assert event.actor == tamworth.approver
    assert event.decision == vary
    assert event.reason == "Email instead of letters."


def test_lifting_records_each_sanction_lifted(tamworth):
    customer = CustomerFactory()
    case = drive_to(
        customer, "sanctioned", proposer=tamworth.proposer, approvers=[tamworth.approver]
    )
    [old] = case.sanctions.filter(status=SanctionStatus.ACTIVE)
    lift = propose_and_submit(
        tamworth.proposer, customer, "lift", reasons="Calm for a year.", review_in_days=None
    )
    approve(lift, tamworth.approver)
    old.refresh_from_db()
    assert old.status == SanctionStatus.LIFTED
    event = only(AuditEventType.SANCTION_LIFTED, sanction=old)
    assert event.actor == tamworth.approver
    assert event.reason == "Calm for a year."


def test_a_breach_is_recorded_with_the_instruction_followed(tamworth):
    customer = CustomerFactory()
    case = drive_to(
        customer, "sanctioned", proposer=tamworth.proposer, approvers=[tamworth.approver]
    )
    assessment, check = check_contact(customer, tamworth.caseworker, channel="telephone")
    assert check.outcome == CheckOutcome.BREACH
    event = only(AuditEventType.BREACH_RECORDED, restriction_case=case)
    assert event.actor == tamworth.caseworker
    assert event.actor_role == Role.CASEWORKER
    assert event.reason == assessment.instruction


def report_without_warning(people, customer, **kwargs):
    today = timezone.localdate()
    return referral_record(
        actor=people.proposer,
        customer=customer,
        kind=ReferralKind.POLICE,
        recipient="Staffordshire Police",
        made_on=today,
        # An assault, which Tamworth §9 always reports: no consultation is asked first.
        incidents=[
            incident(customer, people.caseworker, extreme=True, police_report_required=True)
        ],
        without_warning=True,
        inform_customer_by=today,
        notes="He said he would wait for staff outside the office.",
        **kwargs,
    )


def test_a_referral_records_who_made_it_and_what_they_recorded(tamworth):
    customer = CustomerFactory()
    referral = report_without_warning(tamworth, customer)
    event = only(AuditEventType.REFERRAL_MADE, referral=referral)
    assert event.actor == tamworth.proposer
    assert event.actor_role == Role.LINE_MANAGER
    assert event.customer == customer
    # Made before any decision: there is no restriction case to file it under.
    assert event.restriction_case is None
    assert event.reason.startswith("Report to the police to Staffordshire Police.")
    assert "Made without warning the customer" in event.reason
    assert event.reason.endswith("He said he would wait for staff outside the office.")


def test_a_referral_is_filed_under_the_customers_restriction_case(tamworth):
    customer = CustomerFactory()
    case = drive_to(customer, "warned", proposer=tamworth.proposer, approvers=[tamworth.approver])
    referral = report_without_warning(tamworth, customer)
    assert only(AuditEventType.REFERRAL_MADE, referral=referral).restriction_case == case


def test_telling_the_customer_of_a_referral_is_recorded_once(tamworth):
    referral = report_without_warning(tamworth, CustomerFactory())
    referral_customer_informed(referral=referral, actor=tamworth.approver)
    event = only(AuditEventType.REFERRAL_CUSTOMER_INFORMED, referral=referral)
    assert event.actor == tamworth.approver
    assert event.actor_role == Role.HEAD_OF_SERVICE
    assert event.customer == referral.customer
    assert "report to the police" in event.reason
    assert "without warning them" in event.reason
    # Recording it again changes nothing, so records nothing.
    referral_customer_informed(referral=referral, actor=tamworth.approver)
    assert len(events(event_type=AuditEventType.REFERRAL_CUSTOMER_INFORMED)) == 1


def test_a_refused_referral_leaves_no_event(tamworth):
    customer = CustomerFactory()
    with pytest.raises(ValidationError):
        referral_record(
            actor=tamworth.proposer,
            customer=customer,
            kind=ReferralKind.POLICE,
            recipient="",
            made_on=timezone.localdate(),
            incidents=[incident(customer, tamworth.caseworker)],
        )
    assert not events(customer=customer)


def test_a_breach_of_an_exclusion_records_the_review_it_opens(tamworth):
    customer = CustomerFactory()
    sanction(
        customer,
        sanction_of(tamworth.profile, "building_exclusion", buildings="Marmion House"),
        proposer=tamworth.proposer,
        approvers=[tamworth.approver],
        recorder=tamworth.caseworker,
    )
    check_contact(customer, tamworth.caseworker, channel="visit")
    event = only(AuditEventType.REVIEW_STARTED, customer=customer)
    assert event.actor == tamworth.caseworker
    assert event.reason == "A breach of an exclusion from buildings was recorded."
    assert (event.from_state, event.to_state) == (Stage.SANCTIONED, Stage.UNDER_REVIEW)


def test_a_refused_change_leaves_no_event(tamworth):
    """The event is written in the change's transaction: a refusal rolls both back."""
    customer = CustomerFactory()
    first = warning(tamworth, customer)
    second = warning(tamworth, customer)
    approve(first, tamworth.approver)
    with pytest.raises(Refused):
        approve(second, tamworth.approver)
    assert [e.event_type for e in events(second)] == [
        AuditEventType.DECISION_PROPOSED,
        AuditEventType.DECISION_SUBMITTED,
    ]


def test_the_case_page_shows_the_audit_record_to_managers_only(client, tamworth):
    customer = CustomerFactory()
    case = drive_to(customer, "warned", proposer=tamworth.proposer, approvers=[tamworth.approver])
    url = reverse("restrictions:case", kwargs={"reference": case.reference})
    client.force_login(tamworth.proposer)
    page = client.get(url).content.decode()
    assert "Audit record" in page
    assert "Decision took effect: stage changed" in page
    client.force_login(tamworth.caseworker)
    page = client.get(url).content.decode()
    assert "Audit record" not in page


def test_the_audit_source_lists_the_customers_events(tamworth):
    customer = CustomerFactory()
    other = CustomerFactory()
    warning(tamworth, customer)
    warning(tamworth, other)
    source = AUDIT
    assert isinstance(source, Source)
    assert source.kind == "audit"
    rows = list(source.rows(customer))
    assert {row.customer_id for row in rows} == {customer.pk}
    assert len(rows) == 2
    assert may_see_audit(tamworth.proposer)
    assert not may_see_audit(tamworth.caseworker)
