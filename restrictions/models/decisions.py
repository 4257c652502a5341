"""Decisions and their approvals (DESIGN.md §6)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from cases.models import Case, Incident
from contactpolicy.choices import DecisionKind
from restrictions.models.lifecycle import RestrictionCase, Scope

# BTPA §8.11: circumstances that may explain the behaviour, each answered with notes.
EXCEPTIONAL_CIRCUMSTANCES = [
    ("stress", "Acting out of character at a time of stress, anxiety or distress"),
    ("health", "A health condition which makes effective communication difficult"),
    ("medication", "The use of prescription drugs which cause similar effects"),
    ("learning", "A learning difficulty which hinders positive formal social communication"),
]


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for approval"
    APPROVED = "approved", "Approved"
    SENT_BACK = "sent_back", "Sent back"
    REJECTED = "rejected", "Rejected"

    @property
    def tag_class(self) -> str:
        """The GOV.UK tag colour for this status; its label is always shown beside it."""
        return DECISION_STATUS_TAGS[self]


# Tag colours for a decision's status. The words are always shown as well: nothing is said
# by colour alone (WCAG 1.4.1). Waiting for approval keeps GOV.UK's default tag.
DECISION_STATUS_TAGS = {
    DecisionStatus.DRAFT: "govuk-tag--grey",
    DecisionStatus.SUBMITTED: "",
    DecisionStatus.APPROVED: "govuk-tag--green",
    DecisionStatus.SENT_BACK: "govuk-tag--orange",
    DecisionStatus.REJECTED: "govuk-tag--red",
}


# The steps a decision's page may offer (`Decision.available_actions`).
DECISION_STEPS = ("submit", "revise")


class Decision(ConcurrentTransitionMixin, models.Model):
    """A proposal to warn, sanction, vary, disengage, continue, extend an exclusion or lift.

    Nothing about a decision is deleted: one sent back is edited and submitted again, one
    rejected stays on the record.
    """

    reference = models.CharField(max_length=20, unique=True, editable=False)
    restriction_case = models.ForeignKey(
        RestrictionCase, on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField(max_length=20, choices=DecisionKind)
    status = FSMField(default=DecisionStatus.DRAFT, choices=DecisionStatus.choices, protected=True)
    reasons = models.TextField(help_text="Why the behaviour is unacceptable and why this decision.")
    incidents = models.ManyToManyField(Incident, blank=True, related_name="decisions")
    checklist = models.JSONField(default=dict, blank=True)
    exceptional_circumstances = models.JSONField(default=dict, blank=True)
    impact_on_business = models.TextField(blank=True)
    impact_on_customer = models.TextField(blank=True)
    proportionality = models.TextField(blank=True)
    # DESIGN.md §4: "the approver records why a warning was not possible". The proposer's
    # words are a suggestion; the guard reads only what an approver confirmed or wrote.
    warning_not_possible_reason = models.TextField(
        blank=True, help_text="The proposer's suggestion of why a warning was not possible."
    )
    warning_not_possible_approved = models.TextField(
        blank=True, help_text="Why a warning was not possible, as the approver recorded it."
    )
    review_due = models.DateField(null=True, blank=True)
    scope = models.CharField(max_length=8, choices=Scope, default=Scope.ALL)
    # A partial disengagement (NE step 5: "on a particular topic") names the customer's
    # cases it covers, or its topics in words, or both.
    scope_cases = models.ManyToManyField(Case, blank=True, related_name="disengaging_decisions")
    scope_topics = models.TextField(blank=True)
    correspondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The staff member corresponding with the customer (Natural England Annex B: "
        "their line manager signs sanctions off). The proposer unless someone else is named.",
    )
    corporate = models.BooleanField(
        default=False,
        help_text="A corporate case, approved on the profile's corporate route (Tamworth §9: "
        "the Head of Customer Services rather than the Head of Service).",
    )
    review = models.ForeignKey(
        "restrictions.Review",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcome_decisions",
        help_text="The review whose outcome this decision records, if any.",
    )
    round = models.PositiveSmallIntegerField(
        default=0, help_text="How many times it has been submitted for approval."
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions_proposed"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "submitted_at"], name="decision_queue")]

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("restrictions:decision", kwargs={"reference": self.reference})

    @property
    def status_tag(self) -> str:
        return DecisionStatus(self.status).tag_class

    def available_actions(self, user) -> dict:
        """Each of `DECISION_STEPS`: None when this decision's status does not offer it now,
        else whether `user` may take it (`restrictions.access`: an `Answer`, and why not).
        Answering is the decision page's own question (`selectors.decision_page`)."""
        from restrictions import access  # access reads these models

        offered = {}
        if self.status in (DecisionStatus.DRAFT, DecisionStatus.SENT_BACK):
            offered["submit"] = lambda: access.may_submit(user, self)
            offered["revise"] = lambda: access.may_revise(user, self)
        return {step: offered[step]() if step in offered else None for step in DECISION_STEPS}

    @property
    def is_submitted(self) -> bool:
        return self.status == DecisionStatus.SUBMITTED

    @property
    def is_sent_back(self) -> bool:
        return self.status == DecisionStatus.SENT_BACK

    @property
    def is_approved(self) -> bool:
        return self.status == DecisionStatus.APPROVED

    @property
    def is_disengagement(self) -> bool:
        return self.kind == DecisionKind.DISENGAGE

    @property
    def cites_extreme_behaviour(self) -> bool:
        return any(incident.is_extreme for incident in self.incidents.all())

    @transition(
        field=status,
        source=[DecisionStatus.DRAFT, DecisionStatus.SENT_BACK],
        target=DecisionStatus.SUBMITTED,
        custom={"label": "Submit for approval"},
    )
    def submit(self) -> None:
        """Send the proposal for approval; the checklist is complete (see services)."""
        self.round += 1

    @transition(
        field=status,
        source=DecisionStatus.SUBMITTED,
        target=DecisionStatus.APPROVED,
        custom={"label": "Approve"},
    )
    def approve(self) -> None:
        """The last approval the profile needs has been given."""

    @transition(
        field=status,
        source=DecisionStatus.SUBMITTED,
        target=DecisionStatus.SENT_BACK,
        custom={"label": "Send back"},
    )
    def send_back(self) -> None:
        """Returned to the proposer to change and submit again."""

    @transition(
        field=status,
        source=DecisionStatus.SUBMITTED,
        target=DecisionStatus.REJECTED,
        custom={"label": "Reject"},
    )
    def reject(self) -> None:
        """Refused; the record stays."""


class ApprovalOutcome(models.TextChoices):
    APPROVE = "approve", "Approve"
    SEND_BACK = "send_back", "Send back"
    REJECT = "reject", "Reject"


class Approval(models.Model):
    """One person's answer to a submitted decision, with their grade at the time."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="approvals")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="approvals"
    )
    approver_grade = models.PositiveSmallIntegerField(null=True)
    role = models.CharField(max_length=32, help_text="The role the approver acted in.")
    outcome = models.CharField(max_length=12, choices=ApprovalOutcome)
    reason = models.TextField(blank=True)
    confirmed_checklist = models.BooleanField(default=False)
    # Where the profile asks it (`approver_answers_exceptions`): the approver's own answer to
    # each exceptional circumstance the proposer said may apply and each checklist item they
    # answered "No", keyed "exc:<code>" or "check:<code>", each {"satisfied": bool, "reason"}.
    exception_answers = models.JSONField(default=dict, blank=True)
    # Approvals of one round: a decision sent back and submitted again starts a new round.
    round = models.PositiveSmallIntegerField(default=1)
    at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["at"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "approver", "round"], name="one_answer_per_person_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} by {self.approver} on {self.decision}"
