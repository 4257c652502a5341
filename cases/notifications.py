"""Telling a manager of an incident recorded in their team (DESIGN.md §10).

OPCC and IPCC §6: "Staff also have the responsibility to report any instances of
unacceptable behaviour to their manager". Where the profile says so
(`incident_tells_line_manager`), recording an incident tells the line manager of the person
who recorded it, once (`contactpolicy.reminders.people_tell`), after the incident commits.
"""

from django.utils import timezone

from cases.models import Incident
from contactpolicy.models import ReminderStage
from contactpolicy.reminders import people_tell
from contactpolicy.selectors import profile_get_active

RECORD = "cases.incident"
KIND = "incident_recorded"


def incident_recorded_tell(incident_id: int) -> int:
    """Tell the recorder's line manager of the incident. Returns how many were told now."""
    if not profile_get_active().incident_tells_line_manager:
        return 0
    incident = (
        Incident.objects.select_related("customer", "category", "recorded_by__line_manager")
        .filter(pk=incident_id)
        .first()
    )
    if incident is None or incident.recorded_by is None:
        return 0
    manager = incident.recorded_by.line_manager
    if manager is None or not manager.is_active:
        return 0
    told = people_tell(
        record_type=RECORD,
        record_id=incident.pk,
        kind=KIND,
        stage=ReminderStage.INFORMED,
        due_on=timezone.localdate(incident.occurred_at),
        recipient_ids=[manager.pk],
        message=(
            f"{incident.recorded_by} recorded incident {incident.reference} about "
            f"{incident.customer.name}: {incident.category.name}."
        ),
        url=incident.get_absolute_url(),
        actor_id=incident.recorded_by_id,
    )
    return len(told)
