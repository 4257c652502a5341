"""Mailboxes the service reads, and each message it has taken in from one (ADR 0025)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from contactpolicy.choices import Channel


class SignIn(models.TextChoices):
    """How the service signs in to the mailbox's IMAP server."""

    PASSWORD = "password", "Username and password"
    MICROSOFT = "microsoft", "Microsoft 365 (OAuth2 app registration)"
    GOOGLE = "google", "Google Workspace (OAuth2 refresh token)"


class Mailbox(models.Model):
    """One IMAP mailbox whose new messages become contacts on `channel`, for `service`."""

    name = models.CharField(max_length=100, unique=True, help_text="e.g. “Customer services”.")
    address = models.EmailField(
        max_length=254,
        unique=True,
        help_text="The address customers write to and replies come from.",
    )
    host = models.CharField(max_length=253)
    port = models.PositiveIntegerField(default=993)
    use_tls = models.BooleanField(
        default=True, help_text="IMAP over TLS. Off only for a server on this machine."
    )
    folder = models.CharField(max_length=200, default="INBOX")
    sign_in = models.CharField(max_length=16, choices=SignIn, default=SignIn.PASSWORD)
    username = models.CharField(max_length=254)
    # OAuth2: Microsoft's tenant, the app registration's or Google client's id. The secret
    # (password, client secret or refresh token) is stored encrypted, never shown again.
    tenant = models.CharField(max_length=100, blank=True)
    client_id = models.CharField(max_length=200, blank=True)
    token_url = models.URLField(
        max_length=500, blank=True, help_text="Left blank, the provider's own token endpoint."
    )
    # The password, or Google's refresh token; the app's client secret for OAuth2.
    secret_encrypted = models.TextField(blank=True, editable=False)
    client_secret_encrypted = models.TextField(blank=True, editable=False)
    access_token_encrypted = models.TextField(blank=True, editable=False)
    access_token_expires_at = models.DateTimeField(null=True, blank=True, editable=False)

    channel = models.CharField(max_length=16, choices=Channel, default=Channel.EMAIL)
    service = models.ForeignKey(
        "contactpolicy.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mailboxes",
        help_text="The service or team whose work this mailbox feeds.",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who its contacts go to, where the sender has no officer of their own.",
    )
    is_active = models.BooleanField(default=True)
    poll_every_minutes = models.PositiveSmallIntegerField(default=1)

    # Where the last poll got to: the folder's UIDVALIDITY and the highest UID taken in.
    uidvalidity = models.BigIntegerField(null=True, blank=True, editable=False)
    last_uid = models.BigIntegerField(default=0, editable=False)
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Claimed by the worker polling it, until then: a second worker leaves it alone.
    poll_claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    last_error_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=[
            "secret_encrypted",
            "client_secret_encrypted",
            "access_token_encrypted",
            "poll_claimed_until",
        ]
    )

    class Meta:
        verbose_name_plural = "mailboxes"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>"


def raw_message_path(instance, filename: str) -> str:
    return f"mail/{instance.mailbox_id}/{instance.uidvalidity}/{instance.uid}.eml"


def attachment_path(instance, filename: str) -> str:
    return f"mail/attachments/{instance.email_id}/{instance.position}"


class InboundEmail(models.Model):
    """One message taken in from a mailbox, exactly once, and the contact it became."""

    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="messages")
    uidvalidity = models.BigIntegerField()
    uid = models.BigIntegerField()
    message_id = models.CharField(max_length=998, blank=True)
    # The moment of receipt in law: the mailbox's arrival time (IMAP INTERNALDATE).
    arrived_at = models.DateTimeField()
    taken_in_at = models.DateTimeField(auto_now_add=True)
    raw = models.FileField(upload_to=raw_message_path, max_length=200)
    raw_sha256 = models.CharField(max_length=64)
    raw_size = models.PositiveIntegerField()

    from_address = models.EmailField(max_length=254, blank=True)
    from_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=998, blank=True)
    in_reply_to = models.CharField(max_length=998, blank=True)
    references = models.TextField(blank=True)
    body_text = models.TextField(blank=True)
    auto_reply = models.BooleanField(
        default=False, help_text="Auto-Submitted or an out-of-office: no clock starts."
    )
    copied_for_information = models.BooleanField(default=False)
    sender_verified = models.BooleanField(
        null=True, help_text="Authentication-Results: passed, failed, or not reported (blank)."
    )
    problem = models.CharField(
        max_length=300, blank=True, help_text="What could not be read, for a malformed message."
    )
    contact = models.OneToOneField(
        "cases.Contact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inbound_email",
    )

    class Meta:
        ordering = ["arrived_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailbox", "uidvalidity", "uid"], name="inbound_email_once_per_uid"
            ),
            models.UniqueConstraint(
                fields=["mailbox", "message_id"],
                condition=~Q(message_id=""),
                name="inbound_email_once_per_message_id",
            ),
        ]
        indexes = [models.Index(fields=["message_id"], name="inbound_email_message_id")]

    def __str__(self) -> str:
        return self.subject or f"Message {self.uid}"


class InboundAttachment(models.Model):
    """A file that came with a message: stored bounded, its type checked by its bytes."""

    email = models.ForeignKey(InboundEmail, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveSmallIntegerField()
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=attachment_path, max_length=200, blank=True)
    refused_reason = models.CharField(
        max_length=200, blank=True, help_text="Why it was not kept (too large, a type refused)."
    )

    class Meta:
        ordering = ["email", "position"]
        constraints = [
            models.UniqueConstraint(fields=["email", "position"], name="inbound_attachment_once")
        ]

    def __str__(self) -> str:
        return self.filename
