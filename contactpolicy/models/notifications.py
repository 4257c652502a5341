"""Reminders and the notifications they raise (DESIGN.md §10).

A `Reminder` is one thing someone must be told about a record, keyed by the record, the
kind of reminder, its stage, the due date and the person told: the unique key is what makes a sweep that
runs twice, in two workers at once or after a retry tell nobody twice. A sweep inserts
the rows it finds due (a conflict is ignored), then claims the unclaimed ones with one
conditional UPDATE; only the claimer raises the `Notification` and queues the email.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Notification(models.Model):
    """One message in a person's inbox, linking to the record it is about."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, help_text="Where the record it is about is shown.")
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    reminder = models.OneToOneField(
        "Reminder",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notification",
        help_text="The reminder that raised it, if a reminder did.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The header's count of unread notifications on every page.
            models.Index(
                fields=["recipient"], name="notification_unread", condition=Q(read_at=None)
            ),
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
        ]

    def __str__(self) -> str:
        return self.message


class ReminderStage(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    OVERDUE_MANAGER = "overdue_manager", "Overdue: told to the line manager"
    ENDED = "ended", "Ended"
    ACTION = "action", "Action needed"
    INFORMED = "informed", "For information"


class Reminder(models.Model):
    """One reminder, told once: see the module docstring."""

    record_type = models.CharField(max_length=40, help_text="e.g. “cases.contact”.")
    record_id = models.BigIntegerField()
    kind = models.CharField(max_length=40)
    stage = models.CharField(max_length=20, choices=ReminderStage)
    due_on = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim = models.UUIDField(null=True, blank=True, help_text="The sweep that claimed it.")
    # The email: sent after the claim commits, retried with back-off when sending fails.
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_started_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id", "kind", "stage", "due_on", "recipient"],
                name="reminder_once_per_record_kind_stage_due_recipient",
            )
        ]
        indexes = [
            models.Index(fields=["id"], name="reminder_unclaimed", condition=Q(claimed_at=None)),
            models.Index(fields=["claim"], name="reminder_claim"),
            models.Index(
                fields=["recipient", "id"],
                name="reminder_email_pending",
                condition=Q(claimed_at__isnull=False, email_sent_at=None),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.stage} for {self.record_type} {self.record_id}"


class NotificationSettings(models.Model):
    """How a person wants their reminders emailed: one by one, or in a daily digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    daily_digest = models.BooleanField(
        default=False, help_text="One email a day listing the reminders, instead of one each."
    )

    def __str__(self) -> str:
        return f"Notification settings of {self.user}"
