"""The synthetic data behind the reports (benchmarks/synthetic.py): services, matters,
incidents and restriction histories, at a small size, valid as the product makes them."""

from datetime import UTC, datetime

import pytest
from django.db import transaction

from appeals.models import Appeal, AppealEffect, AppealOutcome, AppealState, LateDecision
from benchmarks import synthetic
from cases.models import Case, Contact, Incident
from contactpolicy.choices import DecisionKind
from contactpolicy.models import Service
from contactpolicy.selectors import profile_get_active
from restrictions.models import (
    OPEN_REVIEW_STATES,
    RESTRICTING_STATES,
    Approval,
    AuditEvent,
    AuditEventType,
    Decision,
    DecisionStatus,
    Referral,
    ReferralKind,
    RestrictionCase,
    Review,
    ReviewState,
    Sanction,
    SanctionStatus,
    Stage,
)
from restrictions.sanctions import CATALOGUE
from tests.profiles import activate_shipped_profile

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 6, 11, 30, tzinfo=UTC)
# Enough customers for a few dozen restrictions over ten years, with appeals (Tamworth).
SIZE = {
    "customers": 2500,
    "contacts": 2500,
    "incidents": 400,
    "officers": 9,
    "batch_size": 200,
    "now": NOW,
    "seed": 3,
}


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """Generated once for the tests that only read it, in a transaction rolled back after
    them: generating is most of their time."""
    with django_db_blocker.unblock(), transaction.atomic():
        activate_shipped_profile("tamworth")
        yield synthetic.generate(**SIZE)
        transaction.set_rollback(True)


def test_the_counts_returned_are_the_rows_written(generated):
    assert generated.incidents == Incident.objects.count() == 400
    assert generated.decisions == Decision.objects.count()
    assert generated.sanctions == Sanction.objects.count()
    assert generated.matters == Case.objects.count()
    assert generated.appeals == Appeal.objects.count()
    assert generated.referrals == Referral.objects.count()
    assert generated.reviews == Review.objects.count()


def test_there_is_something_for_every_figure_of_the_report(generated):
    """Issue 21: contacts by channel and kind, incidents by category, service and month,
    hate incidents, restrictions started, varied, lifted and in force, disengagements,
    reviews on time and late, appeals and their outcomes, referrals."""
    profile = profile_get_active()
    categories = set(profile.behaviour_categories.values_list("pk", flat=True))
    incidents = Incident.objects.all()
    assert set(incidents.values_list("category", flat=True)) <= categories
    assert len(set(incidents.values_list("category", flat=True))) >= 2
    assert incidents.filter(hate_incident=True).exists()
    assert not incidents.filter(service__isnull=True).exists()
    assert len(set(incidents.values_list("service", flat=True))) >= 2
    years = {moment.year for moment in incidents.values_list("occurred_at", flat=True)}
    assert len(years) >= 8  # spread over the ten years

    assert Service.objects.count() == len(synthetic.SERVICES)
    assert not Case.objects.filter(service__isnull=True).exists()
    assert Contact.objects.filter(case__isnull=False).exists()
    assert Contact.objects.filter(kind="media").exists()
    assert Contact.objects.filter(direction="out").exists()
    assert Contact.objects.filter(ended_by_staff=True).exclude(ended_reason="").exists()

    kinds = set(Decision.objects.values_list("kind", flat=True))
    assert {
        DecisionKind.WARN,
        DecisionKind.SANCTION,
        DecisionKind.CONTINUE,
        DecisionKind.VARY,
        DecisionKind.LIFT,
        DecisionKind.DISENGAGE,
    } <= kinds
    assert len(set(Sanction.objects.values_list("kind", flat=True))) >= 3
    assert {SanctionStatus.ACTIVE, SanctionStatus.ENDED, SanctionStatus.LIFTED} <= set(
        Sanction.objects.values_list("status", flat=True)
    )
    states = set(RestrictionCase.objects.values_list("state", flat=True))
    assert {Stage.WARNED, Stage.SANCTIONED, Stage.DISENGAGED, Stage.LIFTED} <= states

    held = Review.objects.filter(state=ReviewState.CONCLUDED)
    late = [r for r in held if r.closed_at.date() > r.due_on]
    assert late and len(late) < held.count()

    outcomes = set(Appeal.objects.values_list("outcome", flat=True))
    assert {AppealOutcome.NOT_UPHELD, AppealOutcome.UPHELD} <= outcomes
    assert Appeal.objects.filter(state=AppealState.WITHDRAWN).exists()
    assert {ReferralKind.POLICE, ReferralKind.INFORMATION_SHARING} <= set(
        Referral.objects.values_list("kind", flat=True)
    )


def test_every_row_passes_the_models_own_validation(generated):
    """Choices, lengths, blanks and check constraints, as a form or service would check."""
    for model in (Incident, Case, RestrictionCase, Decision, Sanction, Review, Appeal, Referral):
        for row in model.objects.all():
            # The lifecycle's fields refuse being set directly, as full_clean would.
            row.full_clean(exclude=["reference", "state", "status"])


def test_restriction_histories_follow_the_lifecycle(generated):
    """DESIGN.md §4: monitoring → warned → sanctioned → disengaged, with reviews and
    lifting; a stage changes only by an approved decision that took effect."""
    for case in RestrictionCase.objects.prefetch_related("decisions", "sanctions", "reviews"):
        decisions = sorted(case.decisions.all(), key=lambda d: (d.applied_at, d.pk))
        assert decisions, case
        for decision in decisions:
            assert decision.status == DecisionStatus.APPROVED
            assert decision.submitted_at <= decision.decided_at <= decision.applied_at <= NOW
        first = decisions[0]
        if first.kind == DecisionKind.WARN:
            assert case.warned_at == first.applied_at
        else:  # the recent appeals' cases: sanctioned with no warning, the approver said why
            assert first.kind == DecisionKind.SANCTION and first.warning_not_possible_approved
        moments = [case.warned_at, case.sanctioned_at, case.disengaged_at, case.lifted_at]
        present = [moment for moment in moments if moment]
        assert present == sorted(present)

        sanctions = list(case.sanctions.all())
        open_reviews = [r for r in case.reviews.all() if r.state in OPEN_REVIEW_STATES]
        if case.state == Stage.WARNED:
            assert [d.kind for d in decisions] == [DecisionKind.WARN] and not sanctions
            assert case.review_due is None and not open_reviews
        elif case.state == Stage.LIFTED:
            assert decisions[-1].kind == DecisionKind.LIFT
            assert case.lifted_at == decisions[-1].applied_at and case.review_due is None
            assert not [s for s in sanctions if s.status == SanctionStatus.ACTIVE]
            assert not open_reviews
        else:
            assert case.state in RESTRICTING_STATES and case.review_due
            assert [r.due_on for r in open_reviews] == [case.review_due]
            if Stage.DISENGAGED in (case.state, case.state_before_review):
                assert case.disengaged_at
            else:
                assert [s for s in sanctions if s.status == SanctionStatus.ACTIVE]
            if case.state == Stage.UNDER_REVIEW:
                assert open_reviews[0].state == ReviewState.IN_PROGRESS

        for sanction in sanctions:
            spec = CATALOGUE[sanction.kind]
            for parameter in spec.required_parameters(sanction):
                value = getattr(sanction, Sanction._meta.get_field(parameter.name).attname)
                assert value not in (None, "", []), (sanction.kind, parameter.name)
            if sanction.status in (SanctionStatus.ENDED, SanctionStatus.LIFTED):
                assert sanction.starts_on <= sanction.ends_on
            assert sanction.decision.restriction_case_id == case.pk


def test_decisions_carry_their_approval_audit_record_and_evidence(generated):
    for decision in Decision.objects.prefetch_related("incidents"):
        assert Approval.objects.filter(decision=decision).count() == 1
        event = AuditEvent.objects.get(
            decision=decision, event_type=AuditEventType.DECISION_APPLIED
        )
        assert event.occurred_at == decision.applied_at
        case = decision.restriction_case
        for incident in decision.incidents.all():
            assert incident.customer_id == case.customer_id
            assert incident.occurred_at < decision.applied_at
    assert Decision.objects.filter(kind=DecisionKind.SANCTION, incidents__isnull=False).exists()


def test_reviews_and_appeals_are_in_consistent_states(generated):
    for review in Review.objects.all():
        if review.state in (ReviewState.CONCLUDED, ReviewState.SUPERSEDED):
            assert review.closed_at
        else:
            assert review.closed_at is None
    for decision in Decision.objects.filter(review__isnull=False):
        assert decision.review.state == ReviewState.CONCLUDED
        assert decision.applied_at == decision.review.closed_at
    for appeal in Appeal.objects.select_related("decision", "resulting_decision"):
        assert appeal.decision.kind == DecisionKind.SANCTION
        assert appeal.received_on >= appeal.decision.applied_at.date()
        if appeal.state == AppealState.DECIDED:
            assert appeal.outcome and appeal.findings and appeal.decided_at
        if appeal.outcome == AppealOutcome.UPHELD:
            assert appeal.effect == AppealEffect.LIFT
            assert appeal.resulting_decision.kind == DecisionKind.LIFT
            assert appeal.restriction_case.state == Stage.LIFTED
        if appeal.state == AppealState.REFUSED:
            assert appeal.is_late and appeal.late_decision == LateDecision.REFUSED
            assert appeal.received_on > appeal.deadline


def test_incidents_reported_to_the_police_have_their_referral(generated):
    for incident in Incident.objects.filter(reported_to="police"):
        assert incident.category.is_extreme
        referral = incident.referrals.get()
        assert referral.kind == ReferralKind.POLICE
        assert referral.external_reference == incident.report_reference


def test_contacts_join_a_matter_only_once_it_is_open(generated):
    for contact in Contact.objects.filter(case__isnull=False).select_related("case"):
        assert contact.case.customer_id == contact.customer_id
        assert contact.received_at >= contact.case.opened_at
