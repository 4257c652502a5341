"""Subject access exports: asking for one, building it, the review and the release copy.

A request is a row (`SubjectAccessExport`) and a queued task; the task claims the row by a
conditional UPDATE before it builds, so a retried or duplicated task never builds twice,
and saves its progress after each step for the export's page. A claim not heard from for
`STALE_AFTER` (a worker that died) may be taken again.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases.access import may_take_subject_access_export
from cases.models import (
    Contact,
    Customer,
    ExportState,
    RedactionDecision,
    RedactionItem,
    SubjectAccessExport,
)
from contactpolicy.choices import ContactKind
from contactpolicy.dispatch import send_after_commit
from contactpolicy.exports import record_export
from contactpolicy.models import Export
from contactpolicy.selectors import profile_get_active
from contactpolicy.storage import file_save
from screens.subject_access.archive import read_stored, read_zip, sha256, write_zip
from screens.subject_access.collect import SECTIONS, Collector, assemble, collect_steps
from screens.subject_access.index import index_pdf
from screens.subject_access.redaction import needing_manual_redaction, redacted_data

logger = logging.getLogger(__name__)

BUILD_TASK = "screens.subject_access_build"
RELEASE_TASK = "screens.subject_access_release"
STALE_AFTER = timedelta(minutes=10)
# Reading each kind of record, the staff they name, then assembling, the stored files, the
# index and the zip.
BUILD_STEPS = len(SECTIONS) + 5
RELEASE_STEPS = 4


def _require(actor, profile) -> None:
    answer = may_take_subject_access_export(actor, profile)
    if not answer:
        raise PermissionDenied(answer.reason)


def export_request(*, customer: Customer, actor, profile) -> SubjectAccessExport:
    """Ask for a subject access export of everything held about `customer`; the build is
    queued once the request is saved. It answers the customer's latest subject access
    request, where one is logged as a contact."""
    _require(actor, profile)
    with transaction.atomic():
        request_contact = (
            Contact.objects.filter(customer=customer, kind=ContactKind.SAR)
            .order_by("-received_at", "-pk")
            .first()
        )
        export = SubjectAccessExport.objects.create(
            customer=customer,
            requested_by=actor,
            request_contact=request_contact,
            steps=BUILD_STEPS,
            step_label="Waiting for the export to start",
        )
        send_after_commit(BUILD_TASK, export.pk)
    return export


def _claim(export_id: int, field: str) -> bool:
    """Take the build of `field` ("state" or "release_state") for this worker."""
    now = timezone.now()
    waiting = Q(**{field: ExportState.QUEUED})
    abandoned = Q(**{field: ExportState.BUILDING, "alive_at__lt": now - STALE_AFTER})
    return bool(
        SubjectAccessExport.objects.filter(waiting | abandoned, pk=export_id).update(
            **{field: ExportState.BUILDING}, claimed_at=now, alive_at=now
        )
    )


class _Progress:
    def __init__(self, export_id: int, steps: int):
        self.export_id, self.steps, self.step = export_id, steps, 0

    def __call__(self, label: str) -> None:
        self.step += 1
        SubjectAccessExport.objects.filter(pk=self.export_id).update(
            step=min(self.step, self.steps),
            steps=self.steps,
            step_label=label,
            alive_at=timezone.now(),
        )


def _failed(export_id: int, field: str, error: Exception) -> None:
    logger.exception("Subject access export %s could not be built", export_id)
    SubjectAccessExport.objects.filter(pk=export_id, **{field: ExportState.BUILDING}).update(
        **{field: ExportState.FAILED},
        failed_reason=f"{type(error).__name__}: {error}"[:1000],
        step_label="Failed",
    )


def export_build(*, export_id: int) -> bool:
    """Build the export's full copy; False when it was not this call's to build (already
    built, being built, or gone). Idempotent."""
    if not _claim(export_id, "state"):
        return False
    export = SubjectAccessExport.objects.select_related("customer").get(pk=export_id)
    progress = _Progress(export_id, BUILD_STEPS)
    try:
        collector = Collector(export.customer, profile_get_active())
        for label in collect_steps(collector):
            progress(label)
        progress("Putting the records together")
        collected = assemble(collector, generated_at=timezone.now())
        progress("Reading the stored letters and documents")
        entries, contents = read_stored(collected.files)
        collected.data["files"] = entries
        progress("Making the index")
        index = index_pdf(collected.data)
        progress("Writing the zip")
        body = write_zip(index=index, data=collected.data, contents=contents)
        with transaction.atomic():
            file_save(
                field_file=export.file,
                name=f"subject-access-{export.customer.reference}-{export.pk}.zip",
                data=body,
            )
            RedactionItem.objects.bulk_create(
                RedactionItem(
                    export=export,
                    kind=finding.kind,
                    value=finding.value,
                    places=finding.places,
                    occurrences=finding.occurrences,
                )
                for finding in collected.findings.values()
            )
            SubjectAccessExport.objects.filter(pk=export_id, state=ExportState.BUILDING).update(
                state=ExportState.READY,
                file=export.file.name,
                sha256=sha256(body),
                records=collected.records,
                built_at=timezone.now(),
                step=BUILD_STEPS,
                step_label="Ready",
            )
    except Exception as error:  # any failure is shown on the export's page
        _failed(export_id, "state", error)
        return False
    return True


def redaction_mark(*, export: SubjectAccessExport, actor, profile, marks: dict) -> int:
    """Save the reviewer's marks: `marks` maps an item's id to (decision, reason). Only
    items whose mark changed are written; returns how many."""
    _require(actor, profile)
    now, changed = timezone.now(), 0
    with transaction.atomic():
        for item in export.redaction_items.select_for_update().filter(pk__in=list(marks)):
            decision, reason = marks[item.pk]
            if (item.decision, item.reason) == (decision, reason):
                continue
            item.decision, item.reason = decision, reason
            item.decided_by, item.decided_at = (actor, now) if decision else (None, None)
            item.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
            changed += 1
    return changed


def release_refusal(export: SubjectAccessExport, undecided: int) -> str:
    """Why the release copy cannot be built now; empty when it can."""
    if not export.is_ready:
        return "The export is not ready yet."
    if export.release_state in (ExportState.QUEUED, ExportState.BUILDING):
        return "The release copy is already being built."
    if undecided:
        return (
            f"Mark every item to keep or redact first: {undecided} "
            f"{'is' if undecided == 1 else 'are'} not yet marked."
        )
    return ""


def release_request(*, export: SubjectAccessExport, actor, profile) -> None:
    """Queue the release copy, once every third-party item is marked."""
    _require(actor, profile)
    undecided = export.redaction_items.filter(decision=RedactionDecision.UNDECIDED).count()
    reason = release_refusal(export, undecided)
    if reason:
        raise ValidationError(reason)
    with transaction.atomic():
        updated = (
            SubjectAccessExport.objects.filter(pk=export.pk, state=ExportState.READY)
            .exclude(release_state__in=[ExportState.QUEUED, ExportState.BUILDING])
            .update(
                release_state=ExportState.QUEUED,
                release_requested_by=actor,
                step=0,
                steps=RELEASE_STEPS,
                step_label="Waiting for the release copy to start",
            )
        )
        if not updated:
            raise ValidationError("The release copy is already being built.")
        send_after_commit(RELEASE_TASK, export.pk)


def release_build(*, export_id: int) -> bool:
    """Build the release copy: the full copy's values with the marked items redacted, its
    index made again from them, and the stored files as they are. Idempotent."""
    if not _claim(export_id, "release_state"):
        return False
    export = SubjectAccessExport.objects.select_related("customer").get(pk=export_id)
    progress = _Progress(export_id, RELEASE_STEPS)
    try:
        progress("Reading the full copy")
        data, contents = read_zip(export.file)
        values = list(
            export.redaction_items.filter(decision=RedactionDecision.REDACT).values_list(
                "value", flat=True
            )
        )
        progress("Applying the redactions")
        released = redacted_data(data, values)
        released["files"] = data["files"]
        manual = needing_manual_redaction(data, contents, values)
        progress("Making the index")
        index = index_pdf(released)
        progress("Writing the zip")
        body = write_zip(index=index, data=released, contents=contents)
        with transaction.atomic():
            file_save(
                field_file=export.release_file,
                name=f"subject-access-{export.customer.reference}-{export.pk}-release.zip",
                data=body,
            )
            SubjectAccessExport.objects.filter(
                pk=export_id, release_state=ExportState.BUILDING
            ).update(
                release_state=ExportState.READY,
                release_file=export.release_file.name,
                release_sha256=sha256(body),
                release_built_at=timezone.now(),
                manual_redaction=manual,
                step_label="Ready",
            )
    except Exception as error:  # any failure is shown on the export's page
        _failed(export_id, "release_state", error)
        return False
    return True


def export_download_record(*, export: SubjectAccessExport, actor, release: bool) -> Export:
    """Record that `actor` is taking a copy of the export, before its first byte is sent."""
    copy = "release copy" if release else "full copy"
    record = record_export(
        actor,
        kind="subject_access",
        description=f"Subject access export {export.pk} for {export.customer.reference}, {copy}",
        file_format="zip",
        filters={"customer": export.customer.reference, "export": export.pk, "copy": copy},
    )
    Export.objects.filter(pk=record.pk).update(rows=export.records)
    return record
