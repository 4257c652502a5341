"""Notices: the letters that tell a customer what was decided (DESIGN.md §9).

A notice is a row before it is a PDF. It is drafted for one subject (a decision or a
contact; an appeal or a review when those records exist), issued once — which renders it,
stores the exact bytes with their SHA-256 checksum and, for a decision, makes the decision
take effect — and then sent by post, email or by hand. A draft may be withdrawn with a
reason. Once issued a notice is never edited or deleted: only the record of how it was
sent is added to it.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from cases.models import Contact, Customer
from restrictions.models import Decision


class NoticeKind(models.TextChoices):
    WARNING = "warning", "Warning"
    SANCTIONS_IMPOSED = "sanctions_imposed", "Sanctions imposed"
    SANCTIONS_VARIED = "sanctions_varied", "Sanctions varied"
    DISENGAGEMENT = "disengagement", "Disengagement"
    BUILDING_EXCLUSION = "building_exclusion", "Exclusion from buildings"
    REVIEW_OUTCOME = "review_outcome", "Review outcome"
    SANCTIONS_LIFTED = "sanctions_lifted", "Sanctions lifted"
    APPEAL_ACKNOWLEDGEMENT = "appeal_acknowledgement", "Appeal acknowledgement"
    APPEAL_OUTCOME = "appeal_outcome", "Appeal outcome"
    CONTACT_ACKNOWLEDGEMENT = "contact_acknowledgement", "Contact acknowledgement"


# Notices that put arrangements in place or keep them: each must say what they are, why,
# and how long they last or when they will be reviewed (DESIGN.md §9).
RESTRICTION_KINDS = frozenset(
    {
        NoticeKind.SANCTIONS_IMPOSED,
        NoticeKind.SANCTIONS_VARIED,
        NoticeKind.DISENGAGEMENT,
        NoticeKind.BUILDING_EXCLUSION,
        NoticeKind.REVIEW_OUTCOME,
    }
)
DECISION_KINDS = RESTRICTION_KINDS | {NoticeKind.WARNING, NoticeKind.SANCTIONS_LIFTED}


class NoticeLanguage(models.TextChoices):
    ENGLISH = "en", "English"
    WELSH = "cy", "Welsh"


class PrintFormat(models.TextChoices):
    STANDARD = "standard", "Standard print"
    LARGE_PRINT = "large_print", "Large print"


class NoticeState(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued, not yet sent"
    SENT = "sent", "Sent"
    WITHDRAWN = "withdrawn", "Withdrawn"

    @property
    def tag_class(self) -> str:
        return NOTICE_STATE_TAGS[self]


# The steps a notice's page may offer (`Notice.available_actions`).
NOTICE_STEPS = (
    "change",
    "issue",
    "send",
    "reprint",
    "produce",
    "record_version",
    "copy",
    "withdraw",
)


class NoticeRefusalCode(models.TextChoices):
    """Why a notice's change was refused, as a stable code beside the sentence (ADR 0009)."""

    WRONG_STATE = "wrong_state", "Not possible in the notice's present state"
    DECISION_NOT_APPROVED = "decision_not_approved", "Its decision is not approved"
    NO_TEMPLATE = "no_template", "No usable template for its kind and language"
    NOT_PRINTED = "not_printed", "Not printed yet"
    NO_EMAIL = "no_email", "The customer has no email address"
    NO_LETTERHEAD = "no_letterhead", "The organisation's letterhead is incomplete"
    NOT_POSTABLE = "not_postable", "Issued to a customer with no postal address"
    ADDRESS_TOO_LONG = "address_too_long", "The address does not fit the envelope's window"


# The words are always shown beside the colour (WCAG 1.4.1).
NOTICE_STATE_TAGS = {
    NoticeState.DRAFT: "govuk-tag--grey",
    NoticeState.ISSUED: "govuk-tag--yellow",
    NoticeState.SENT: "govuk-tag--green",
    NoticeState.WITHDRAWN: "govuk-tag--grey",
}


class SendMethod(models.TextChoices):
    POST = "post", "Post"
    EMAIL = "email", "Email"
    BY_HAND = "by_hand", "By hand"


class NoticeTemplate(models.Model):
    """An organisation's wording for one kind of notice in one language.

    The body is plain text: paragraphs separated by a blank line, a line starting "# " is a
    heading, and `{{ field }}` is a merge field from `notices.merge_fields`. Nothing else is
    interpreted, so an administrator's text can never run code. Where an organisation has
    not edited a template, the one shipped with the application for its profile is used
    (`notices.shipped`).
    """

    profile = models.ForeignKey(
        "contactpolicy.PolicyProfile", on_delete=models.CASCADE, related_name="notice_templates"
    )
    kind = models.CharField(max_length=32, choices=NoticeKind)
    language = models.CharField(
        max_length=2, choices=NoticeLanguage, default=NoticeLanguage.ENGLISH
    )
    subject = models.CharField(max_length=200, help_text="The letter's heading.")
    body = models.TextField()
    awaiting_translation_check = models.BooleanField(
        default=False,
        help_text="A Welsh text the organisation's translator has not yet checked.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["profile", "kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "kind", "language"], name="one_notice_template_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_language_display()})"

    def clean(self) -> None:
        from notices.merge_fields import template_errors

        if errors := template_errors(
            subject=self.subject, body=self.body, kind=self.kind, profile=self.profile
        ):
            raise ValidationError(errors)


class IssuedNoticeError(ValidationError):
    """An issued notice was about to be changed or deleted."""


# What may still be written to a notice once it is issued: that it was sent, how and by whom.
SENDING_FIELDS = frozenset(
    {"state", "sent_at", "sent_by", "sent_method", "notified_on", "appeal_deadline"}
)


class NoticeQuerySet(models.QuerySet):
    def delete(self):
        if self.exclude(state=NoticeState.DRAFT).exists():
            raise IssuedNoticeError("An issued notice is never deleted.")
        return super().delete()

    def update(self, **kwargs):
        if set(kwargs) - SENDING_FIELDS and self.exclude(state=NoticeState.DRAFT).exists():
            raise IssuedNoticeError("An issued notice is never changed.")
        return super().update(**kwargs)

    def anonymise(self, **kwargs):
        """The one change an issued notice takes after the fact: anonymisation under the
        retention schedule (UK GDPR Art. 5(1)(e)), which overwrites its words and empties
        its file once the record has passed its date. Only the retention sweep calls it."""
        return super().update(**kwargs)

    def awaiting_post(self):
        return self.filter(state=NoticeState.ISSUED, postable=True)


class Notice(ConcurrentTransitionMixin, models.Model):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    kind = models.CharField(max_length=32, choices=NoticeKind)
    # The subject: exactly one is set. Appeals and reviews join when those records exist.
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="notices")
    profile = models.ForeignKey(
        "contactpolicy.PolicyProfile", on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(
        max_length=2, choices=NoticeLanguage, default=NoticeLanguage.ENGLISH
    )
    print_format = models.CharField(
        max_length=12, choices=PrintFormat, default=PrintFormat.STANDARD
    )
    format_overridden = models.BooleanField(
        default=False,
        help_text="The print format was chosen by staff rather than from the customer's record.",
    )
    include_policy_annex = models.BooleanField(default=False)
    signatory = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signatory_name = models.CharField(max_length=200)
    signatory_role = models.CharField(max_length=200)
    notice_date = models.DateField(null=True, blank=True, help_text="Set when it is issued.")
    state = FSMField(
        max_length=12, choices=NoticeState.choices, default=NoticeState.DRAFT, protected=True
    )
    # Frozen at issue: the words used and the exact PDF.
    subject_line = models.CharField(max_length=200, blank=True)
    body_used = models.TextField(blank=True)
    values_used = models.JSONField(
        default=dict,
        blank=True,
        help_text="The merge fields' values the letter was issued with, so a copy in another "
        "format says exactly the same.",
    )
    file = models.FileField(upload_to="notices/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveSmallIntegerField(null=True, blank=True)
    postable = models.BooleanField(
        default=True,
        help_text="False when the customer had no postal address when it was issued: it is "
        "emailed or handed over, never printed in today's post.",
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_method = models.CharField(max_length=8, choices=SendMethod, blank=True)
    # Time runs from when the customer is notified (ADR 0016, `notices.deadlines`).
    appeal_deadline_stated = models.DateField(
        null=True, blank=True, help_text="The last day to appeal, as the letter states it."
    )
    notified_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the customer is deemed to have received it: set when it is sent.",
    )
    appeal_deadline = models.DateField(
        null=True,
        blank=True,
        help_text="The last day to appeal that counts: the letter's date until it is sent, "
        "then the later of that and the window from the day the customer was notified.",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "issued_at"], name="notice_state_issued")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(decision__isnull=False, contact__isnull=True)
                    | models.Q(decision__isnull=True, contact__isnull=False)
                ),
                name="notice_has_one_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=[NoticeState.DRAFT, NoticeState.WITHDRAWN])
                | ~models.Q(sha256=""),
                name="notice_issued_has_checksum",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=NoticeState.WITHDRAWN) | ~models.Q(withdrawn_reason=""),
                name="notice_withdrawn_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        stored = getattr(self, "_stored_state", None)
        if self.pk and stored not in (None, NoticeState.DRAFT):
            fields = kwargs.get("update_fields")
            if fields is None or set(fields) - SENDING_FIELDS:
                raise IssuedNoticeError("An issued notice is never changed.")
        super().save(*args, **kwargs)
        self._stored_state = self.state

    def get_absolute_url(self) -> str:
        return reverse("notices:notice", kwargs={"reference": self.reference})

    def delete(self, *args, **kwargs):
        if getattr(self, "_stored_state", self.state) != NoticeState.DRAFT:
            raise IssuedNoticeError("An issued notice is never deleted.")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_state = instance.__dict__.get("state")
        return instance

    @property
    def is_draft(self) -> bool:
        return self.state == NoticeState.DRAFT

    @property
    def is_issued(self) -> bool:
        return self.state in {NoticeState.ISSUED, NoticeState.SENT}

    @property
    def awaits_sending(self) -> bool:
        """Issued, and not yet recorded as sent."""
        return self.state == NoticeState.ISSUED

    @property
    def notified_rule(self) -> str:
        """How the day the customer was deemed notified was worked out, in plain words."""
        return {
            SendMethod.POST: "the second working day after posting",
            SendMethod.EMAIL: "the day it was emailed",
            SendMethod.BY_HAND: "the day it was handed over",
        }.get(self.sent_method, "")

    @property
    def state_tag(self) -> str:
        return NoticeState(self.state).tag_class

    def available_actions(self, user, profile) -> dict:
        """Each of `NOTICE_STEPS`: None when this notice's state does not offer it now,
        else whether `user` may take it (`notices.access`: an `Answer`, and why not). What
        its page offers, never decided from a state in a view or template (ADR 0009)."""
        from notices import access  # access reads this module's models

        offered = {}
        if self.is_draft:
            offered["change"] = lambda: access.may_draft(user)
            offered["issue"] = lambda: access.may_issue(user, self, profile)
            offered["withdraw"] = lambda: access.may_draft(user)
        if self.awaits_sending:
            offered["send"] = lambda: access.may_send(user)
            offered["reprint"] = lambda: access.may_send(user)
        if self.is_draft or self.is_issued:
            # A customer may ask for another format at any time, after posting too.
            offered["produce"] = lambda: access.may_draft(user)
        if self.is_issued:
            offered["copy"] = lambda: access.may_copy(user)
            # A version made from a draft could differ from the letter issued.
            offered["record_version"] = lambda: access.may_complete_production(user)
        return {step: offered[step]() if step in offered else None for step in NOTICE_STEPS}

    # Transitions change only this row's fields; `notices.services` saves them.

    @transition(field=state, source=NoticeState.DRAFT, target=NoticeState.ISSUED)
    def issue(self) -> None:
        """Frozen: rendered once, its bytes stored with their checksum."""

    @transition(field=state, source=NoticeState.ISSUED, target=NoticeState.SENT)
    def mark_sent(self) -> None:
        """Posted, emailed or handed over."""

    @transition(field=state, source=NoticeState.DRAFT, target=NoticeState.WITHDRAWN)
    def withdraw(self) -> None:
        """Not to be issued; the reason is kept."""


class ProductionFormat(models.TextChoices):
    BRAILLE = "braille", "Braille"
    EASY_READ = "easy_read", "Easy read"
    OTHER_LANGUAGE = "other_language", "Another language"


class ProductionRequest(models.Model):
    """A version of a notice the application cannot print itself, ordered with a due date.

    When the organisation has had it made (a Braille transcription, an easy-read or a
    translated version), the file is uploaded and stored once with its own checksum, like
    a copy in another print format, and read back only after the checksum is checked
    (ADR 0006). A request is completed once."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="productions")
    production_format = models.CharField(max_length=16, choices=ProductionFormat)
    language = models.CharField(
        max_length=100, blank=True, help_text="For another language: which one."
    )
    due_on = models.DateField()
    requested_at = models.DateTimeField(auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to="notices/productions/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(production_format=ProductionFormat.OTHER_LANGUAGE)
                | ~models.Q(language=""),
                name="production_other_language_named",
            ),
            models.CheckConstraint(
                condition=models.Q(completed_at__isnull=True, sha256="")
                | (models.Q(completed_at__isnull=False) & ~models.Q(sha256="")),
                name="production_completed_has_checksum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_production_format_display()} of {self.notice.reference}"

    def get_absolute_url(self) -> str:
        """Its produced file, once there is one."""
        return reverse(
            "notices:production_file", kwargs={"reference": self.notice.reference, "pk": self.pk}
        )

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def version_name(self) -> str:
        """The version in words, as in "the Braille version", "the Polish version"."""
        if self.production_format == ProductionFormat.OTHER_LANGUAGE:
            return self.language
        if self.production_format == ProductionFormat.BRAILLE:
            return "Braille"
        return self.get_production_format_display().lower()


class NoticeCopy(models.Model):
    """An issued notice in another print format, made when someone asks: a customer who
    has the large-print letter may want the standard one, or the other way round.

    Rendered from what the notice froze when it was issued (its words, its merge values,
    its date and signatory), stored once with its own checksum, and read back only after
    the checksum is checked. One copy per notice and format: asking again gives the copy
    already made (ADR 0006)."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="copies")
    print_format = models.CharField(max_length=12, choices=PrintFormat)
    file = models.FileField(upload_to="notices/copies/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    page_count = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "print_format"], name="one_notice_copy_per_format"
            ),
            models.CheckConstraint(condition=~models.Q(sha256=""), name="notice_copy_checksum"),
        ]

    def __str__(self) -> str:
        return f"{self.notice.reference} in {self.get_print_format_display().lower()}"

    def get_absolute_url(self) -> str:
        return reverse(
            "notices:copy",
            kwargs={"reference": self.notice.reference, "print_format": self.print_format},
        )


class PostBatch(models.Model):
    """Today's post: the issued notices waiting to be posted, joined into one PDF by a
    background task (`notices.tasks.build_post_batch`), which reports its progress here.

    One batch per set of notices and day (`content_key`), and a notice is held by one batch
    at a time (`PostBatchNotice`), so preparing the post again returns the batch already
    made instead of printing the same letters twice. A worker claims the batch before
    building it (`claim`), so a task delivered twice builds it once; a batch whose worker
    went silent is claimed again, never copied (ADR 0011)."""

    notices = models.ManyToManyField(Notice, through="PostBatchNotice", related_name="post_batches")
    day = models.DateField(default=timezone.localdate, help_text="The day it was prepared for.")
    content_key = models.CharField(
        max_length=64,
        help_text="SHA-256 of the notices it holds (and the reprints among them), in order.",
    )
    total = models.PositiveIntegerField()
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="post/%Y/%m/", blank=True)
    failed_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    queued_at = models.DateTimeField(
        default=timezone.now, help_text="When its task was last sent to the workers."
    )
    claim = models.UUIDField(null=True, blank=True, help_text="The worker building it now.")
    started_at = models.DateTimeField(null=True, blank=True)
    alive_at = models.DateTimeField(
        null=True, blank=True, help_text="The building worker's last report of progress."
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A failed batch printed nothing, so it does not stand in the way of another try.
            models.UniqueConstraint(
                fields=["day", "content_key"],
                condition=models.Q(failed_reason=""),
                name="post_batch_once_a_day_per_notices",
            ),
        ]

    def __str__(self) -> str:
        return f"Post of {self.created_at:%-d %B %Y}: {self.total} notices"

    # A worker starts a batch within seconds; one still at nothing after this never reached it.
    START_WITHIN = timedelta(minutes=2)
    # A worker reports progress every few notices; one silent this long has died.
    SILENT_AFTER = timedelta(minutes=5)

    @classmethod
    def stalled_q(cls, now: datetime) -> models.Q:
        """`has_stalled` as a filter."""
        return models.Q(finished_at=None) & (
            models.Q(started_at=None, queued_at__lt=now - cls.START_WITHIN)
            | models.Q(started_at__isnull=False, alive_at__lt=now - cls.SILENT_AFTER)
        )

    @classmethod
    def claimable_q(cls, now: datetime) -> models.Q:
        """Unfinished, and no worker is building it: never claimed, or its worker went silent."""
        return models.Q(finished_at=None) & (
            models.Q(started_at=None) | models.Q(alive_at__lt=now - cls.SILENT_AFTER)
        )

    def has_stalled(self, now: datetime) -> bool:
        """Never started (the broker did not take it, or no worker is running), or its worker
        went silent part way. The notices are still waiting in it: `post_batch_resume` sends
        the same batch to the workers again."""
        if self.finished_at is not None:
            return False
        if self.started_at is None:
            return now - self.queued_at > self.START_WITHIN
        return self.alive_at is None or now - self.alive_at > self.SILENT_AFTER

    @property
    def is_ready(self) -> bool:
        return self.finished_at is not None and not self.failed_reason and bool(self.file)


class PostReprint(models.Model):
    """A notice printed again on purpose (the copy was spoiled or lost before posting): who
    asked, when and why. It lets the notice into one more batch, the next one prepared."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="reprints")
    reason = models.TextField()
    requested_at = models.DateTimeField(auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="post_reprint_has_reason")
        ]

    def __str__(self) -> str:
        return f"Reprint of {self.notice.reference}"


class PostBatchNotice(models.Model):
    """A notice in a batch. `held` while the batch is the one that prints it: a notice is held
    by one batch at most, except for a reprint asked for on purpose, itself held once. A
    batch that fails lets its notices go."""

    batch = models.ForeignKey(PostBatch, on_delete=models.CASCADE, related_name="rows")
    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="post_batch_rows")
    reprint = models.ForeignKey(
        PostReprint, null=True, blank=True, on_delete=models.PROTECT, related_name="rows"
    )
    held = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "notice"], name="post_batch_notice_once"),
            models.UniqueConstraint(
                fields=["notice"],
                condition=models.Q(held=True, reprint__isnull=True),
                name="notice_held_by_one_post_batch",
            ),
            models.UniqueConstraint(
                fields=["reprint"],
                condition=models.Q(held=True),
                name="reprint_held_by_one_post_batch",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice_id} in post batch {self.batch_id}"
