"""Email the service sends from a mailbox: acknowledgements by return and staff's replies,
each a row before it is a message, and the wording an administrator edits (ADR 0026)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from mailboxes.wording import unknown_fields


class OutboundKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement by return"
    REPLY = "reply", "Reply"


class OutboundState(models.TextChoices):
    WAITING = "waiting", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Not sent"


class TemplateLanguage(models.TextChoices):
    ENGLISH = "en", "English"
    WELSH = "cy", "Welsh"


def outbound_raw_path(instance, filename: str) -> str:
    return f"mail/outbound/{instance.contact_id}/{instance.pk or 'new'}-{instance.kind}.eml"


class OutboundEmail(models.Model):
    """One email to the sender of an email contact, threaded to their message.

    It is sent once: a worker claims it by moving it from waiting to sending in one
    conditional UPDATE (`mailboxes.services.outbound_send`); a send the SMTP server refused
    is "not sent" and can be tried again. An acknowledgement is at most one per contact.
    """

    contact = models.ForeignKey(
        "cases.Contact", on_delete=models.PROTECT, related_name="outbound_emails"
    )
    kind = models.CharField(max_length=16, choices=OutboundKind)
    mailbox = models.ForeignKey(
        "mailboxes.Mailbox", on_delete=models.PROTECT, related_name="outbound_emails"
    )
    to_address = models.EmailField(max_length=254)
    subject = models.CharField(max_length=998)
    body_text = models.TextField()
    language = models.CharField(
        max_length=2, choices=TemplateLanguage, default=TemplateLanguage.ENGLISH
    )
    message_id = models.CharField(max_length=998, unique=True)
    in_reply_to = models.CharField(max_length=998, blank=True)
    references = models.TextField(blank=True)
    raw = models.FileField(upload_to=outbound_raw_path, max_length=200, blank=True)
    raw_sha256 = models.CharField(max_length=64, blank=True)
    state = models.CharField(max_length=16, choices=OutboundState, default=OutboundState.WAITING)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who wrote the reply; blank for an automatic acknowledgement.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact"],
                condition=Q(kind="acknowledgement"),
                name="outbound_acknowledgement_once",
            )
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def retryable(self) -> bool:
        return self.state == OutboundState.FAILED

    @property
    def state_tag_class(self) -> str:
        return STATE_TAGS[self.state]


STATE_TAGS = {
    OutboundState.WAITING: "govuk-tag--yellow",
    OutboundState.SENDING: "govuk-tag--yellow",
    OutboundState.SENT: "govuk-tag--green",
    OutboundState.FAILED: "govuk-tag--red",
}


class EmailTemplateKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement by return"


class EmailTemplate(models.Model):
    """An organisation's wording for one kind of automatic email in one language.

    Plain text with `{{ field }}` merge fields from `mailboxes.wording.MERGE_FIELDS`, nothing
    else interpreted. Where an organisation has not written its own, the application's
    wording is used (`mailboxes.wording.SHIPPED`).
    """

    kind = models.CharField(max_length=32, choices=EmailTemplateKind)
    language = models.CharField(
        max_length=2, choices=TemplateLanguage, default=TemplateLanguage.ENGLISH
    )
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=10_000)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="one_email_template_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_language_display()})"

    def clean(self) -> None:
        unknown = unknown_fields(self.subject + "\n" + self.body)
        if unknown:
            raise ValidationError(
                {"body": "These merge fields do not exist: " + ", ".join(sorted(unknown))}
            )
