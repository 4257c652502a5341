"""Telling managers of an incident recorded in their team (DESIGN.md §10).

Work waiting is told: recording an incident tells the recorder's line manager and, where
someone further up the line is a head of service, that head of service too, whose team is
everyone below them. It is what OPCC and IPCC §6 ask of staff ("Staff also have the
responsibility to report any instances of unacceptable behaviour to their manager"), and
under every policy a manager learns of it without being told by hand. Each is told once
(`contactpolicy.reminders.people_tell`), after the incident commits; the Chief Executive,
above every team, is not told of each incident.
"""

from django.utils import timezone

from cases.models import Incident
from contactpolicy.models import ReminderStage, User
from contactpolicy.reminders import people_tell
from contactpolicy.roles import Role

RECORD = "cases.incident"
KIND = "incident_recorded"

# However the line-manager records are kept (a loop, say), the walk up stops here.
LINE_DEPTH_LIMIT = 20


def managers_to_tell(recorder) -> list[int]:
    """The recorder's line manager and the nearest head of service above them: the people
    whose team the recorder is in and who act on it. The Chief Executive is told only as
    someone's own line manager."""
    told: list[int] = []
    seen = {recorder.pk}
    manager_id = recorder.line_manager_id
    for _ in range(LINE_DEPTH_LIMIT):
        if manager_id is None or manager_id in seen:
            break
        manager = User.objects.filter(pk=manager_id).first()
        if manager is None:
            break
        seen.add(manager.pk)
        direct = manager_id == recorder.line_manager_id
        head_of_service = manager.has_role(Role.HEAD_OF_SERVICE)
        if not direct and not head_of_service and manager.has_role(Role.CHIEF_EXECUTIVE):
            break
        if manager.is_active and (direct or head_of_service):
            told.append(manager.pk)
        if head_of_service:
            break
        manager_id = manager.line_manager_id
    return told


def incident_recorded_tell(incident_id: int) -> int:
    """Tell the managers of the recorder's team of the incident. Returns how many were
    told now."""
    incident = (
        Incident.objects.select_related("customer", "category", "recorded_by", "service")
        .filter(pk=incident_id)
        .first()
    )
    if incident is None or incident.recorded_by is None:
        return 0
    recipients = managers_to_tell(incident.recorded_by)
    if not recipients:
        return 0
    where = f", in {incident.service.name}" if incident.service is not None else ""
    told = people_tell(
        record_type=RECORD,
        record_id=incident.pk,
        kind=KIND,
        stage=ReminderStage.INFORMED,
        due_on=timezone.localdate(incident.occurred_at),
        recipient_ids=recipients,
        message=(
            f"{incident.recorded_by} recorded incident {incident.reference} about "
            f"{incident.customer.name}: {incident.category.name}{where}."
        ),
        url=incident.get_absolute_url(),
        actor_id=incident.recorded_by_id,
    )
    return len(told)
