"""Appeal events were written on restrictions' audit record naming their appeal only in
the reason ("APL-…: grounds"): point each at its appeal."""

from django.db import migrations

APPEAL_EVENT_TYPES = (
    "appeal_recorded",
    "appeal_late_decided",
    "appeal_acknowledged",
    "appeal_refused",
    "appeal_investigator_assigned",
    "appeal_findings_recorded",
    "appeal_decided",
    "appeal_withdrawn",
)


def point_at_appeals(apps, schema_editor):
    AuditEvent = apps.get_model("restrictions", "AuditEvent")
    Appeal = apps.get_model("appeals", "Appeal")
    ContentType = apps.get_model("contenttypes", "ContentType")
    kind, _ = ContentType.objects.get_or_create(app_label="appeals", model="appeal")
    events = AuditEvent.objects.filter(event_type__in=APPEAL_EVENT_TYPES)
    for event in events.iterator():
        reference = event.reason.partition(":")[0].strip()
        appeal = (
            Appeal.objects.filter(decision_id=event.decision_id, reference=reference)
            .values_list("pk", flat=True)
            .first()
        )
        if appeal is not None:
            AuditEvent.objects.filter(pk=event.pk).update(subject_type=kind, subject_id=appeal)


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0003_appeal_list_order"),
        ("restrictions", "0020_audit_events_on_any_record"),
    ]

    operations = [migrations.RunPython(point_at_appeals, migrations.RunPython.noop)]
