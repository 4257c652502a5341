from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models.customers import Customer, Language
from cases.models.matters import Case
from contactpolicy.choices import Channel, ContactKind, NoReplyReason
from contactpolicy.links import reference_url


class Direction(models.TextChoices):
    INCOMING = "in", "Incoming"
    OUTGOING = "out", "Outgoing"


class ContactQuerySet(models.QuerySet):
    def open(self) -> ContactQuerySet:
        """Contacts still awaiting their reply, with or without a clock: the worklist.

        Under a policy that sets no service standard (Tamworth, OPCC) a letter has no due
        date, but it is unanswered all the same and must not drop out of sight.
        """
        return self.filter(reply_expected=True, responded_at__isnull=True)


class Contact(models.Model):
    """One interaction with a customer, with its service-standard clocks (DESIGN.md §3).

    The due times are computed from the active policy profile by `cases.clocks` when the
    contact is logged, and moved on when a clock is paused or the calendar changes.
    `next_due_at` is the earliest clock still running: the dashboard sorts on it.
    """

    reference = models.CharField(max_length=20, unique=True, editable=False)
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    sender = models.CharField(
        max_length=300,
        blank=True,
        help_text="Who it came from as given: the number, address or name, even when unknown.",
    )
    channel = models.CharField(max_length=16, choices=Channel)
    kind = models.CharField(max_length=32, choices=ContactKind, default=ContactKind.GENERAL)
    direction = models.CharField(max_length=3, choices=Direction, default=Direction.INCOMING)
    received_at = models.DateTimeField()
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    summary = models.TextField()
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
        help_text="Who is handling it.",
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    logged_at = models.DateTimeField(auto_now_add=True)
    language = models.CharField(max_length=8, choices=Language, default=Language.ENGLISH)
    reply_in_welsh = models.BooleanField(default=False)
    copied_for_information = models.BooleanField(default=False)
    no_reply_reason = models.CharField(max_length=32, choices=NoReplyReason, blank=True)
    no_reply_note = models.CharField(max_length=300, blank=True)

    # Telephone calls. IPCC §6: every call ended by staff is logged with the reason.
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    ended_by_staff = models.BooleanField(default=False)
    ended_reason = models.TextField(blank=True)

    # DESIGN.md §5 (read and file): the contact is still read, and a "safeguarding
    # concern" alerts a manager whatever restriction applies. Set when staff mark it; the
    # alert time makes the email go once.
    safeguarding_concern = models.BooleanField(default=False)
    safeguarding_alerted_at = models.DateTimeField(null=True, blank=True)
    safeguarding_alerted_to = models.EmailField(blank=True)

    # Set by staff who have read it: health, beliefs, ethnicity and the other special
    # categories of the Data Protection Act. Where the profile says so, reassigning such a
    # contact records the sender's consent (`ContactReassignment.consent`).
    sensitive_personal_information = models.BooleanField(
        default=False,
        help_text="Staff have marked it as holding sensitive personal information (as the "
        "Data Protection Act defines it).",
    )

    # Media enquiries (BTPA §7.2): the journalist's own deadline, when earlier.
    requester_deadline = models.DateTimeField(null=True, blank=True)

    # The clocks.
    acknowledge_due_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    respond_due_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    clock_note = models.TextField(blank=True, help_text="Why no clock runs, when none does.")
    reply_expected = models.BooleanField(
        default=False,
        help_text="A reply is owed (`cases.clocks.Clocks.reply_expected`): it stays open, "
        "on its officer's worklist, until answered, whether or not a clock runs.",
    )
    paused_at = models.DateTimeField(null=True, blank=True)
    pause_reason = models.CharField(max_length=300, blank=True)
    paused_working_days = models.PositiveIntegerField(default=0)
    next_due_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            # The dashboard: an officer's open contacts, soonest first, undated ones last.
            # Partial, because only about 2% of contacts are ever open at once.
            models.Index(
                fields=["officer", "next_due_at", "id"],
                name="contact_officer_open",
                condition=models.Q(reply_expected=True, responded_at__isnull=True),
            ),
            models.Index(fields=["customer", "-received_at"], name="contact_customer_timeline"),
            models.Index(fields=["next_due_at"], name="contact_next_due"),
            # The logs (screens.logs): contacts by the time they came or went, replies by
            # the time they were sent, and the calls staff ended, each newest first.
            models.Index(fields=["received_at", "id"], name="contact_received"),
            models.Index(
                fields=["responded_at", "id"],
                name="contact_replied",
                condition=models.Q(responded_at__isnull=False),
            ),
            models.Index(
                fields=["received_at", "id"],
                name="contact_ended_by_staff",
                condition=models.Q(ended_by_staff=True),
            ),
            # The report (`screens.reports.figures`): a period's contacts, the replies due
            # in it, and those answered in it, each read as a range of one column.
            models.Index(fields=["acknowledge_due_at"], name="contact_acknowledge_due"),
            models.Index(fields=["respond_due_at"], name="contact_respond_due"),
            # Overdue at a period's end: due before it and still unanswered, a few per cent.
            models.Index(
                fields=["respond_due_at"],
                name="contact_unanswered_due",
                condition=models.Q(responded_at__isnull=True, respond_due_at__isnull=False),
            ),
            # Safeguarding concerns no manager has been told of yet: a handful at most.
            models.Index(
                fields=["received_at"],
                name="contact_safeguarding_unalerted",
                condition=models.Q(safeguarding_concern=True, safeguarding_alerted_at=None),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_by_staff=False) | ~models.Q(ended_reason=""),
                name="ended_call_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reference_url("screens:contact", self.reference)

    @property
    def is_general(self) -> bool:
        """A general enquiry: the kind is not worth naming beside the channel."""
        return self.kind == ContactKind.GENERAL

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def is_open(self) -> bool:
        """Still awaiting its reply, clock or no clock (`ContactQuerySet.open`)."""
        return self.reply_expected and self.responded_at is None

    def needs_sender_consent(self, profile) -> bool:
        """Handing it on records the sender's consent: it holds sensitive personal information
        and the profile says so (BTPA §5)."""
        return self.sensitive_personal_information and profile.forwarding_needs_sender_consent

    def refresh_next_due(self) -> None:
        pending = []
        if not self.is_paused:
            if self.acknowledge_due_at and not self.acknowledged_at:
                pending.append(self.acknowledge_due_at)
            if self.respond_due_at and not self.responded_at:
                pending.append(self.respond_due_at)
        self.next_due_at = min(pending, default=None)


class SenderConsent(models.TextChoices):
    """What was recorded about the sender's consent when a contact holding sensitive personal
    information was handed on (BTPA §5)."""

    GIVEN = "given", "The sender consented"
    EXCEPTION = "exception", "Handed on without consent: an exception in the law applies"


class ContactReassignment(models.Model):
    """A contact handed from one officer to another, and why. Shown on the contact's page.

    Where the contact holds sensitive personal information and the profile asks
    (`forwarding_needs_sender_consent`), it keeps the sender's consent, when and how it was
    given, or the exception in the law relied on instead; `consent` is empty where the
    question was not asked.
    """

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="reassignments")
    from_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()
    reassigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reassigned_at = models.DateTimeField(auto_now_add=True)
    consent = models.CharField(max_length=16, choices=SenderConsent, blank=True)
    consent_given_on = models.DateField(null=True, blank=True)
    consent_how = models.CharField(max_length=300, blank=True)
    consent_exception = models.TextField(blank=True)

    class Meta:
        ordering = ["-reassigned_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="reassignment_has_reason"),
            models.CheckConstraint(
                condition=~models.Q(consent="given")
                | (models.Q(consent_given_on__isnull=False) & ~models.Q(consent_how="")),
                name="reassignment_consent_when_and_how",
            ),
            models.CheckConstraint(
                condition=~models.Q(consent="exception") | ~models.Q(consent_exception=""),
                name="reassignment_exception_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} to {self.to_officer}"
