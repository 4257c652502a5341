"""Sanctions with their parameters (DESIGN.md §5), and their own small lifecycle.

A sanction is proposed with its decision, comes into force when the decision is applied,
is withdrawn when the decision is rejected, and leaves force either because a later
decision replaced it (ended: varied, extended, a full disengagement) or because the
restriction was lifted. Only `restrictions.services` moves it.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from cases.models import Case
from contactpolicy.choices import Channel, SanctionKind
from restrictions.models.decisions import Decision
from restrictions.models.lifecycle import RestrictionCase


class SanctionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "In force"
    ENDED = "ended", "Ended"
    WITHDRAWN = "withdrawn", "Not approved"
    LIFTED = "lifted", "Lifted"

    @property
    def tag_class(self) -> str:
        """The GOV.UK tag colour for this status; its label is always shown beside it."""
        return SANCTION_STATUS_TAGS[self]


# Tag colours for a sanction's status: red while it restricts contact, grey otherwise. The
# words are always shown as well: nothing is said by colour alone (WCAG 1.4.1).
SANCTION_STATUS_TAGS = {
    SanctionStatus.PROPOSED: "govuk-tag--grey",
    SanctionStatus.ACTIVE: "govuk-tag--red",
    SanctionStatus.ENDED: "govuk-tag--grey",
    SanctionStatus.WITHDRAWN: "govuk-tag--grey",
    SanctionStatus.LIFTED: "govuk-tag--grey",
}


class Sanction(ConcurrentTransitionMixin, models.Model):
    """One restriction on a customer's contact, proposed by a decision and in force once
    that decision is applied."""

    restriction_case = models.ForeignKey(
        RestrictionCase, on_delete=models.PROTECT, related_name="sanctions"
    )
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="sanctions")
    sanction_type = models.ForeignKey(
        "contactpolicy.SanctionType", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=32, choices=SanctionKind)
    status = FSMField(
        max_length=12,
        choices=SanctionStatus.choices,
        default=SanctionStatus.PROPOSED,
        protected=True,
    )

    channel = models.CharField(max_length=16, choices=Channel, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    weekdays = models.JSONField(default=list, blank=True, help_text="0 is Monday.")
    window_start = models.TimeField(null=True, blank=True)
    window_end = models.TimeField(null=True, blank=True)
    max_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    scope_cases = models.ManyToManyField(Case, blank=True, related_name="sanctions")
    scope_topics = models.TextField(blank=True)
    buildings = models.TextField(blank=True)
    dates = models.JSONField(default=list, blank=True, help_text="ISO dates contact is allowed on.")
    blocked_identifiers = models.TextField(
        blank=True, help_text="One phone number or email a line."
    )
    third_party = models.CharField(max_length=300, blank=True)
    agreed_terms = models.TextField(blank=True)
    # DESIGN.md §5: a written or voluntary agreement has its text and the date it was
    # signed (Natural England Annex B, 4; Tamworth §8 "voluntary agreement").
    agreement_signed_on = models.DateField(null=True, blank=True)
    # An exclusion's injunction is a decision of its own: `InjunctionDecision`.
    description = models.TextField(blank=True, help_text="What applies, in the approver's words.")

    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True, help_text="Blank: until reviewed.")
    permanent = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "kind"], name="sanction_status_kind")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(window_start__isnull=True)
                | models.Q(window_end__isnull=True)
                | models.Q(window_end__gt=models.F("window_start")),
                name="sanction_window_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.sanction_type.name

    @property
    def in_force(self) -> bool:
        return self.status == SanctionStatus.ACTIVE

    @property
    def status_tag(self) -> str:
        return SanctionStatus(self.status).tag_class

    @property
    def blocked_list(self) -> list[str]:
        return [line.strip() for line in self.blocked_identifiers.splitlines() if line.strip()]

    # Transitions. Each changes only this row's fields; `restrictions.services` saves them
    # and records the audit event.

    @transition(
        field=status,
        source=SanctionStatus.PROPOSED,
        target=SanctionStatus.ACTIVE,
        custom={"label": "Bring into force"},
    )
    def activate(self, *, on: date) -> None:
        """Its decision was applied: in force from its start date, or from `on`."""
        self.starts_on = self.starts_on or on

    @transition(
        field=status,
        source=SanctionStatus.PROPOSED,
        target=SanctionStatus.WITHDRAWN,
        custom={"label": "Withdraw"},
    )
    def withdraw(self) -> None:
        """Its decision was rejected: it never came into force."""

    @transition(
        field=status,
        source=SanctionStatus.ACTIVE,
        target=SanctionStatus.ENDED,
        custom={"label": "End"},
    )
    def end(self, *, on: date) -> None:
        """A later decision replaced it (varied, extended, or a full disengagement)."""
        self.ends_on = on

    @transition(
        field=status,
        source=SanctionStatus.ACTIVE,
        target=SanctionStatus.LIFTED,
        custom={"label": "Lift"},
    )
    def lift(self, *, on: date) -> None:
        """A decision to lift the restriction ended it."""
        self.ends_on = on


class CheckOutcome(models.TextChoices):
    PERMITTED = "permitted", "Permitted"
    REDIRECTED = "redirected", "Redirected as the restriction says"
    BREACH = "breach", "Breach of the restriction"


class ContactCheck(models.Model):
    """What staff were told when a restricted customer made contact, and what happened.

    Kept beside the contact (which knows nothing of restrictions): permitted or a breach,
    the instruction followed, for a partial disengagement whether it was on another topic
    (NE step 6), and under read and file whether it brought new information. Breaches are
    counted at review.
    """

    contact = models.OneToOneField(
        "cases.Contact", on_delete=models.CASCADE, related_name="restriction_check"
    )
    restriction_case = models.ForeignKey(
        RestrictionCase, on_delete=models.PROTECT, related_name="contact_checks"
    )
    sanctions = models.ManyToManyField(Sanction, blank=True, related_name="contact_checks")
    outcome = models.CharField(max_length=12, choices=CheckOutcome)
    instruction = models.TextField(help_text="The instruction shown, and followed.")
    instruction_followed = models.BooleanField(default=True)
    different_topic = models.BooleanField(default=False)
    # Under read and file, staff marked the contact as new information or a new complaint,
    # so a reply clock runs (BTPA §8, written correspondence, mechanism 3).
    new_information = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["restriction_case", "outcome"], name="check_breaches")]

    def __str__(self) -> str:
        return f"{self.contact}: {self.get_outcome_display()}"

    @property
    def is_breach(self) -> bool:
        return self.outcome == CheckOutcome.BREACH

    @property
    def is_redirected(self) -> bool:
        return self.outcome == CheckOutcome.REDIRECTED
