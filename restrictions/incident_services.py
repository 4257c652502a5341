"""Recording an incident, and what it does to a lifted restriction.

DESIGN.md §4: "lifted --new incidents--> monitoring (history kept)". A restriction that
was lifted is watched again as soon as a new incident is recorded, so the next warning or
sanction follows the policy's steps from monitoring (Natural England step 1; BTPA §8;
OPCC "wherever possible" the customer may adapt first). The incident and the return to
monitoring are saved together, with the audit event (ADR 0005), or not at all.
"""

from django.db import transaction

from cases import services as case_services
from cases.models import Incident
from restrictions.models import AuditEventType, RestrictionCase, Stage
from restrictions.services import audit_record


@transaction.atomic
def incident_record_and_reopen(*, recorded_by, customer, **incident) -> Incident:
    """Record an incident (`cases.services.incident_record`, whose keyword arguments
    `incident` holds) and return a lifted restriction case to monitoring."""
    recorded = case_services.incident_record(recorded_by=recorded_by, customer=customer, **incident)
    restriction_case_reopen(customer=customer, actor=recorded_by, incident=recorded)
    return recorded


@transaction.atomic
def restriction_case_reopen(*, customer, actor, incident: Incident) -> RestrictionCase | None:
    """Put the customer's lifted restriction case back to monitoring because of `incident`.

    Returns the case reopened, or None when there is nothing to reopen (no case, or one
    that is not lifted: a case already being monitored or restricting stays as it is).
    """
    case = (
        RestrictionCase.objects.select_for_update()
        .filter(customer=customer)
        .order_by("-opened_at", "-pk")
        .first()
    )
    if case is None or case.state != Stage.LIFTED:
        return None
    case.reopen()
    case.save(update_fields=["state", "lifted_at"])
    audit_record(
        event_type=AuditEventType.CASE_REOPENED,
        actor=actor,
        case=case,
        reason=f"New incident {incident.reference} after the restriction was lifted.",
        from_state=Stage.LIFTED,
        to_state=Stage.MONITORING,
    )
    return case
