"""Writes for injunction decisions: whether to seek a court injunction to support a building
exclusion (Tamworth §8; `restrictions.models.InjunctionDecision`)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from contactpolicy.selectors import profile_get_active
from restrictions import access
from restrictions.models import AuditEventType, InjunctionDecision, Sanction, SanctionStatus
from restrictions.sanctions import EXCLUSION_KINDS
from restrictions.services import audit_record


def _summary(decision: InjunctionDecision) -> str:
    lines = [
        f"Decided on {decision.decided_on:%-d %B %Y} "
        f"{'to seek' if decision.seek else 'not to seek'} a court injunction."
    ]
    if decision.applied_on:
        court = f" at {decision.court}" if decision.court else ""
        lines.append(f"Applied for{court} on {decision.applied_on:%-d %B %Y}.")
    if decision.court_outcome:
        lines.append(f"The court decided: {decision.court_outcome}")
    lines.append(f"Reason: {decision.reason}")
    return "\n".join(lines)


@transaction.atomic
def injunction_decide(
    *,
    actor,
    sanction: Sanction,
    seek: bool,
    reason: str,
    decided_on: date,
    court: str = "",
    applied_on: date | None = None,
    court_outcome: str = "",
) -> InjunctionDecision:
    """Record the decision whether to seek a court injunction to support an exclusion in
    force, taken by the post the profile names (Tamworth §8: "the delegated authority for
    this decision lies with the Head of Customer Services"), with its audit event.

    Where one is sought, the court, the date it was applied for and the court's outcome may
    be given now or in a later decision: each decision is its own row.
    """
    answer = access.may_decide_injunction(actor, profile_get_active())
    if not answer:
        raise PermissionDenied(answer.reason)
    sanction = (
        Sanction.objects.select_for_update().select_related("restriction_case").get(pk=sanction.pk)
    )
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if sanction.kind not in EXCLUSION_KINDS or sanction.status != SanctionStatus.ACTIVE:
        errors["seek"] = "An injunction supports a building exclusion in force"
    if not reason.strip():
        errors["reason"] = "Enter the reason for the decision"
    if decided_on > today:
        errors["decided_on"] = "The date of the decision must be today or in the past"
    if not seek and (court.strip() or applied_on or court_outcome.strip()):
        errors["court"] = (
            "Leave the court, the date applied for and the outcome empty when no injunction "
            "is sought"
        )
    if applied_on is not None:
        if applied_on > today:
            errors["applied_on"] = "The date it was applied for must be today or in the past"
        elif applied_on < decided_on:
            errors["applied_on"] = "It cannot have been applied for before it was decided"
    elif court_outcome.strip():
        errors["applied_on"] = "Enter the date the injunction was applied for"
    if errors:
        raise ValidationError(errors)
    decision = InjunctionDecision.objects.create(
        sanction=sanction,
        seek=seek,
        reason=reason.strip(),
        decided_by=actor,
        decided_on=decided_on,
        court=court.strip(),
        applied_on=applied_on,
        court_outcome=court_outcome.strip(),
    )
    audit_record(
        event_type=AuditEventType.INJUNCTION_DECIDED,
        actor=actor,
        case=sanction.restriction_case,
        on=decision,
        sanction=sanction,
        reason=_summary(decision),
        role=answer.role,
    )
    return decision
