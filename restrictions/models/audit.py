"""The audit record of decision-making (DESIGN.md §6; ADR 0005).

One row per action that proposes, decides or changes a restriction: who acted and in
which role, what they did, when, on what, and the reason they gave. Written by the
lifecycle services in the same transaction as the change, so a change without its event
(or an event without its change) cannot be committed. simple-history keeps every field's
history as well; this is the record an ombudsman or a court reads.

An event is about one record of any app (`subject`), as pretix logs an action on any
object. Each app declares its own event types, as TextChoices in its own code, and
registers them with `event_types_register`; the column stores the value with no choices
in the database, so a new type needs no migration (ADR 0014).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from contactpolicy.roles import Role
from restrictions.models.lifecycle import Stage


class AuditEventType(models.TextChoices):
    DECISION_PROPOSED = "decision_proposed", "Decision proposed"
    DECISION_SUBMITTED = "decision_submitted", "Decision submitted for approval"
    DECISION_APPROVAL = "decision_approval", "Approval given"
    DECISION_SENT_BACK = "decision_sent_back", "Decision sent back"
    DECISION_REJECTED = "decision_rejected", "Decision rejected"
    DECISION_REVISED = "decision_revised", "Decision changed by its proposer"
    DECISION_APPLIED = "decision_applied", "Decision took effect: stage changed"
    REVIEW_SCHEDULED = "review_scheduled", "Review scheduled"
    REVIEW_BROUGHT_FORWARD = "review_brought_forward", "Review brought forward"
    REVIEW_STARTED = "review_started", "Review started"
    REVIEW_REPRESENTATION = "review_representation", "Customer's representations recorded"
    REVIEW_CONCLUDED = "review_concluded", "Review concluded"
    REVIEW_SUPERSEDED = "review_superseded", "Review superseded by another decision"
    REVIEW_ESCALATED = "review_escalated", "Review overdue: escalated"
    REVIEW_LAPSED = "review_lapsed", "Review overdue: the restriction lapsed"
    SANCTION_ENDED = "sanction_ended", "Sanction ended"
    SANCTION_LIFTED = "sanction_lifted", "Sanction lifted"
    BREACH_RECORDED = "breach_recorded", "Breach of a restriction recorded"
    REFERRAL_MADE = "referral_made", "Referral made"
    REFERRAL_CUSTOMER_INFORMED = (
        "referral_customer_informed",
        "Customer told of a referral made without warning them",
    )
    CASE_REOPENED = "case_reopened", "Monitored again after new incidents"
    POLICE_REPORT_NOT_MADE = (
        "police_report_not_made",
        "Reason recorded for not reporting to the police",
    )
    INJUNCTION_DECIDED = "injunction_decided", "Injunction decision recorded"


# Every app's event types: value -> label. Filled by `event_types_register` as the apps
# load; nothing else writes it.
EVENT_TYPES: dict[str, str] = {}


def event_types_register(types: type[models.TextChoices]) -> None:
    """Declare an app's audit event types (from its AppConfig.ready). A value already
    declared by another app is refused, so two apps cannot mean different things by it."""
    for value, label in types.choices:
        if EVENT_TYPES.get(value, label) != label:
            raise ValueError(f"The audit event type {value!r} is declared twice.")
        EVENT_TYPES[value] = label


event_types_register(AuditEventType)


class AuditEvent(models.Model):
    """Who did what, when, on what, and why. Rows are only ever added."""

    event_type = models.CharField(max_length=32, help_text="One of `EVENT_TYPES`.")
    occurred_at = models.DateTimeField(default=timezone.now)
    # No actor: the application acted under the profile's rule (an overdue review lapsing).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    actor_role = models.CharField(
        max_length=32, choices=Role, blank=True, help_text="The role they acted in."
    )
    customer = models.ForeignKey(
        "cases.Customer", on_delete=models.PROTECT, related_name="audit_events"
    )
    # A referral may be made before any restriction case is opened: its events name the
    # customer, and the customer's current restriction case where there is one.
    restriction_case = models.ForeignKey(
        "restrictions.RestrictionCase",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    decision = models.ForeignKey(
        "restrictions.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    sanction = models.ForeignKey(
        "restrictions.Sanction",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    review = models.ForeignKey(
        "restrictions.Review",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    referral = models.ForeignKey(
        "restrictions.Referral",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    # The record the event is about; the foreign keys above say what else it concerns.
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    from_state = models.CharField(max_length=16, choices=Stage, blank=True)
    to_state = models.CharField(max_length=16, choices=Stage, blank=True)
    reason = models.TextField(blank=True, help_text="The reason given, in the actor's words.")

    class Meta:
        ordering = ["occurred_at", "pk"]
        indexes = [
            models.Index(fields=["restriction_case", "occurred_at"], name="audit_by_case"),
            models.Index(fields=["customer", "occurred_at"], name="audit_by_customer"),
            models.Index(fields=["decision", "occurred_at"], name="audit_by_decision"),
            models.Index(
                fields=["subject_type", "subject_id", "occurred_at"], name="audit_by_subject"
            ),
            # The organisation's audit log: newest first, by who acted, by type of event.
            models.Index(fields=["-occurred_at"], name="audit_recent"),
            models.Index(fields=["actor", "-occurred_at"], name="audit_by_actor"),
            models.Index(fields=["event_type", "-occurred_at"], name="audit_by_type"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()} by {self.actor or 'the application'} at {self.occurred_at:%Y-%m-%d %H:%M}"

    def get_event_type_display(self) -> str:
        return EVENT_TYPES.get(self.event_type, self.event_type)
