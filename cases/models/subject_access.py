"""A subject access export: everything held about one customer, and its redaction review.

The export is a row first and a file second: asking for one records the request, a task
builds the zip (`screens.subject_access`) and saves its progress here, step by step. The
full copy is for the organisation; what is released to the customer is the release copy,
built once the reviewer has marked every third party's personal data to keep or redact.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from cases.models.contacts import Contact
from cases.models.customers import Customer


class ExportState(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    BUILDING = "building", "Being built"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


# The words are always shown beside the colour (WCAG 1.4.1).
STATE_TAGS = {
    ExportState.QUEUED: "govuk-tag--grey",
    ExportState.BUILDING: "govuk-tag--yellow",
    ExportState.READY: "govuk-tag--green",
    ExportState.FAILED: "govuk-tag--red",
}


class SubjectAccessExport(models.Model):
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="subject_access_exports"
    )
    # The subject access request it answers, when one is logged: its statutory clock.
    request_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    state = models.CharField(max_length=16, choices=ExportState, default=ExportState.QUEUED)
    step = models.PositiveSmallIntegerField(default=0)
    steps = models.PositiveSmallIntegerField(default=0)
    step_label = models.CharField(max_length=200, blank=True)
    # Written by the task that builds it: a retried task finding a live claim leaves it.
    claimed_at = models.DateTimeField(null=True, blank=True)
    alive_at = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    failed_reason = models.TextField(blank=True)
    records = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(upload_to="subject_access/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    release_state = models.CharField(max_length=16, choices=ExportState, blank=True)
    release_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    release_built_at = models.DateTimeField(null=True, blank=True)
    release_file = models.FileField(upload_to="subject_access/%Y/%m/", blank=True)
    release_sha256 = models.CharField(max_length=64, blank=True)
    # Stored PDFs and documents holding a redacted item: released unaltered, to be
    # redacted by hand, because a stored notice never changes (ADR 0006).
    manual_redaction = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="ready") | ~models.Q(sha256=""),
                name="subject_access_ready_has_checksum",
            ),
        ]

    def __str__(self) -> str:
        return f"Subject access export {self.pk} for {self.customer}"

    def get_absolute_url(self) -> str:
        return reverse("screens:subject_access", kwargs={"pk": self.pk})

    @property
    def state_tag(self) -> str:
        return STATE_TAGS[ExportState(self.state)]

    @property
    def release_state_tag(self) -> str:
        return STATE_TAGS[ExportState(self.release_state)] if self.release_state else ""

    @property
    def is_failed(self) -> bool:
        return self.state == ExportState.FAILED

    @property
    def release_failed(self) -> bool:
        return self.release_state == ExportState.FAILED

    @property
    def is_ready(self) -> bool:
        return self.state == ExportState.READY

    @property
    def is_working(self) -> bool:
        return self.state in (ExportState.QUEUED, ExportState.BUILDING) or (
            self.release_state in (ExportState.QUEUED, ExportState.BUILDING)
        )

    @property
    def release_ready(self) -> bool:
        return self.release_state == ExportState.READY

    @property
    def percent(self) -> int:
        return round(100 * self.step / self.steps) if self.steps else 0


class ThirdPartyKind(models.TextChoices):
    STAFF = "staff", "Member of staff"
    OTHER_CUSTOMER = "other_customer", "Another customer"
    NAMED_PERSON = "named_person", "Person named in a record"


class RedactionDecision(models.TextChoices):
    UNDECIDED = "", "Not yet decided"
    KEEP = "keep", "Keep"
    REDACT = "redact", "Redact"


class RedactionItem(models.Model):
    """A third party's personal data found in the export, and the reviewer's mark on it.

    The value is redacted wherever it appears in the release copy's data and index.
    """

    export = models.ForeignKey(
        SubjectAccessExport, on_delete=models.CASCADE, related_name="redaction_items"
    )
    kind = models.CharField(max_length=16, choices=ThirdPartyKind)
    value = models.CharField(max_length=500)
    places = models.JSONField(default=list, help_text="Where it appears, in words.")
    occurrences = models.PositiveIntegerField(default=0)
    decision = models.CharField(max_length=8, choices=RedactionDecision, blank=True)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "value", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["export", "kind", "value"], name="one_redaction_item_per_value"
            ),
            models.CheckConstraint(
                condition=models.Q(decision="") | ~models.Q(reason=""),
                name="redaction_mark_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"
