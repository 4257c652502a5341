"""Writes for reviews: start one, bring it forward, record the customer's representations,
and apply the profile's rule to reviews whose date has passed.

A review is scheduled, concluded and superseded by `restrictions.services.decision_apply`
(a decision taking effect); its outcome is a decision proposed with the review named
(`decision_propose(review=...)`), approved like any other. Each service here owns its
transaction and writes an audit event for what it did. Rows are locked in the order
`decision_apply` locks them, the restriction case before its reviews, so that two of them
at once wait for each other rather than deadlock.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from contactpolicy.choices import OverdueReviewAction
from contactpolicy.models import User
from contactpolicy.refusals import WRONG_STATE, Refusal, Refused
from contactpolicy.selectors import profile_get_active
from restrictions import access
from restrictions.models import (
    AuditEventType,
    Representation,
    RequestedBy,
    RestrictionCase,
    Review,
    ReviewState,
    SanctionStatus,
    Stage,
)
from restrictions.services import _review_open, audit_record

SUMMARY_MAX = 5000


def _refuse(answer) -> None:
    if not answer:
        raise PermissionDenied(answer.reason)


@transaction.atomic
def review_begin(*, review: Review, actor: User) -> Review:
    """Start this scheduled review: the case goes under review, the restriction stays.

    Opens it as `services.review_start` opens a case's review, but for this review only
    and by whoever may hold it."""
    case = RestrictionCase.objects.select_for_update().get(pk=review.restriction_case_id)
    review = Review.objects.select_for_update().get(pk=review.pk)
    _refuse(access.may_hold_review(actor, review, profile_get_active()))
    if review.is_in_progress:
        return review
    if not review.is_waiting:
        sentence = f"This review is {review.get_state_display().lower()}."
        raise Refused(Refusal(WRONG_STATE, sentence), review)
    if case.state == Stage.UNDER_REVIEW:
        raise Refused(Refusal(WRONG_STATE, "The case is already under review."), review)
    return _review_open(case, actor=actor, reason="")


@transaction.atomic
def review_bring_forward(
    *, review: Review, actor: User, due_on: date, requested_by: str, reason: str
) -> Review:
    """Hold the review sooner, at the customer's request (they show a more acceptable
    approach, IPCC §8) or a manager's, recording who asked and why."""
    profile = profile_get_active()
    _refuse(access.may_bring_forward(actor, profile, requested_by))
    case = RestrictionCase.objects.select_for_update().get(pk=review.restriction_case_id)
    review = Review.objects.select_for_update().get(pk=review.pk)
    errors = {}
    if requested_by not in RequestedBy.values:
        errors["requested_by"] = ["Select who asked for the review to be brought forward"]
    if not reason.strip():
        errors["reason"] = ["Enter why the review is brought forward"]
    today = timezone.localdate()
    if due_on < today:
        errors["due_on"] = ["The new review date must be today or later"]
    elif due_on >= review.due_on:
        errors["due_on"] = [
            f"The new review date must be before the date set, {review.due_on:%-d %B %Y}"
        ]
    if not review.is_waiting:
        errors["__all__"] = [
            f"This review is {review.get_state_display().lower()}: it can no longer be moved."
        ]
    if errors:
        raise ValidationError(errors)
    review.bring_forward()
    review.due_on = due_on
    review.requested_by = requested_by
    review.request_reason = reason.strip()
    review.request_recorded_by = actor
    review.request_recorded_at = timezone.now()
    review.save()
    case.review_due = due_on
    case.save(update_fields=["review_due"])
    audit_record(
        event_type=AuditEventType.REVIEW_BROUGHT_FORWARD,
        actor=actor,
        case=case,
        review=review,
        reason=f"{RequestedBy(requested_by).label} asked; now due {due_on:%-d %B %Y}. "
        f"{review.request_reason}",
    )
    return review


@transaction.atomic
def representation_record(
    *, review: Review, actor: User, received_on: date, channel: str, summary: str
) -> Representation:
    """Keep what the customer said for the review, and when it was received."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    _refuse(access.may_hold_review(actor, review, profile_get_active()))
    errors = {}
    if not review.is_open:
        errors["__all__"] = [
            f"This review is {review.get_state_display().lower()}: representations are closed."
        ]
    if received_on > timezone.localdate():
        errors["received_on"] = ["The date received must be today or in the past"]
    if not summary.strip():
        errors["summary"] = ["Enter what the customer said"]
    elif len(summary) > SUMMARY_MAX:
        errors["summary"] = [f"What the customer said must be {SUMMARY_MAX} characters or fewer"]
    if errors:
        raise ValidationError(errors)
    representation = Representation.objects.create(
        review=review,
        received_on=received_on,
        channel=channel,
        summary=summary.strip(),
        recorded_by=actor,
    )
    audit_record(
        event_type=AuditEventType.REVIEW_REPRESENTATION,
        actor=actor,
        case=review.restriction_case,
        review=review,
        reason=representation.summary,
    )
    return representation


def reviews_overdue_apply(*, today: date | None = None) -> list[Review]:
    """Apply the profile's `overdue_review_action` to every review whose date has passed
    unheld; called daily. Escalate: the review is marked escalated, once, for the reviewer's
    manager. Lapse: the restriction lapses (its sanctions are lifted) and the review with it.

    A review in progress is being held and is left alone; so is one already escalated.
    Returns the reviews changed.
    """
    today = today or timezone.localdate()
    profile = profile_get_active()
    overdue = list(
        Review.objects.filter(state=ReviewState.SCHEDULED, due_on__lt=today).values_list(
            "pk", "restriction_case_id"
        )
    )
    changed = []
    for pk, case_pk in overdue:
        with transaction.atomic():
            RestrictionCase.objects.select_for_update().get(pk=case_pk)
            review = Review.objects.select_for_update().get(pk=pk)
            if review.state != ReviewState.SCHEDULED or review.due_on >= today:
                continue
            if profile.overdue_review_action == OverdueReviewAction.LAPSE:
                _lapse(review, today=today)
            else:
                review.escalate()
                review.escalated_at = timezone.now()
                review.save()
                audit_record(
                    event_type=AuditEventType.REVIEW_ESCALATED,
                    actor=None,
                    case=review.restriction_case,
                    review=review,
                    reason=f"Due {review.due_on:%-d %B %Y} and not held.",
                )
            changed.append(review)
    return changed


def _lapse(review: Review, *, today: date) -> None:
    case = RestrictionCase.objects.get(pk=review.restriction_case_id)  # locked by the caller
    before = case.state
    if not case.is_restricting:  # it ended another way; nothing is left to lapse
        review.supersede()
        review.closed_at = timezone.now()
        review.save()
        return
    case.lapse()
    case.save()
    review.lapse()
    review.closed_at = timezone.now()
    review.save()
    reason = f"The review due {review.due_on:%-d %B %Y} was not held."
    audit_record(
        event_type=AuditEventType.REVIEW_LAPSED,
        actor=None,
        case=case,
        review=review,
        reason=reason,
        from_state=before,
        to_state=case.state,
    )
    for sanction in case.sanctions.filter(status=SanctionStatus.ACTIVE):
        sanction.lift(on=today)
        sanction.save(update_fields=["status", "ends_on"])
        audit_record(
            event_type=AuditEventType.SANCTION_LIFTED,
            actor=None,
            case=case,
            sanction=sanction,
            review=review,
            reason=reason,
        )
