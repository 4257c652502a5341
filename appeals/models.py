"""Appeals against decisions (DESIGN.md §7): an IPCC "dispute" is the same record.

An appeal is recorded against one decision that has taken effect, with the day it was
received and how, the customer's grounds and any documents they sent. Its deadline and due
date are worked out when it is recorded (`appeals.rules`) and stored, so a later change of
profile does not rewrite what the customer was told. The state changes only through the
transitions below, each called by a service in `appeals.services`.

    received ─acknowledge─> acknowledged ─assign─> under investigation ─decide─> decided
       │                                                                  (upheld, partly
       └─refuse─> refused (late, or over the profile's limit)              upheld, not upheld)
    received, acknowledged, under investigation ─withdraw─> withdrawn
"""

from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from cases.models import Customer
from contactpolicy.access import Answer
from contactpolicy.refusals import refusal
from notices.models import Notice
from restrictions.models import Decision, RestrictionCase, Stage


class AppealState(models.TextChoices):
    RECEIVED = "received", "Received"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    UNDER_INVESTIGATION = "under_investigation", "Under investigation"
    DECIDED = "decided", "Decided"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"

    @property
    def tag_class(self) -> str:
        return APPEAL_STATE_TAGS[self]


# The words are always shown beside the colour (WCAG 1.4.1).
APPEAL_STATE_TAGS = {
    AppealState.RECEIVED: "govuk-tag--yellow",
    AppealState.ACKNOWLEDGED: "govuk-tag--blue",
    AppealState.UNDER_INVESTIGATION: "",
    AppealState.DECIDED: "govuk-tag--green",
    AppealState.REFUSED: "govuk-tag--red",
    AppealState.WITHDRAWN: "govuk-tag--grey",
}

OPEN_STATES = (AppealState.RECEIVED, AppealState.ACKNOWLEDGED, AppealState.UNDER_INVESTIGATION)


# The steps an appeal's page may offer (`Appeal.available_actions`).
APPEAL_STEPS = ("late", "acknowledge", "assign", "findings", "decide", "outcome_notice", "withdraw")


class ReceivedVia(models.TextChoices):
    POST = "post", "Post"
    EMAIL = "email", "Email"
    IN_PERSON = "in_person", "In person"
    TELEPHONE = "telephone", "Telephone"
    OTHER = "other", "Another way"


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


class AppealEffect(models.TextChoices):
    """What an upheld or partly upheld appeal does to the restriction."""

    LIFT = "lift", "Lift the restriction"
    VARY = "vary", "Vary the restriction: keep only the sanctions chosen"


class LateDecision(models.TextChoices):
    ACCEPTED = "accepted", "Accepted although late"
    REFUSED = "refused", "Refused as late"


class AppealEventType(models.TextChoices):
    """The audit events of an appeal (ADR 0005), declared to restrictions' audit record
    in `AppealsConfig.ready`."""

    APPEAL_RECORDED = "appeal_recorded", "Appeal recorded"
    APPEAL_LATE_DECIDED = "appeal_late_decided", "Late appeal accepted or refused"
    APPEAL_ACKNOWLEDGED = "appeal_acknowledged", "Appeal acknowledged"
    APPEAL_REFUSED = "appeal_refused", "Appeal refused"
    APPEAL_INVESTIGATOR_ASSIGNED = "appeal_investigator_assigned", "Appeal investigator assigned"
    APPEAL_FINDINGS_RECORDED = "appeal_findings_recorded", "Appeal findings recorded"
    APPEAL_DECIDED = "appeal_decided", "Appeal decided"
    APPEAL_WITHDRAWN = "appeal_withdrawn", "Appeal withdrawn"


# -- Guards ---------------------------------------------------------------------------------


class AppealRefusalCode(models.TextChoices):
    """Why an appeal's transition refused, as a stable code beside the sentence."""

    LATE_NOT_ACCEPTED = "late_not_accepted", "A late appeal not yet accepted"
    NO_INVESTIGATOR = "no_investigator", "No investigator assigned"
    NO_FINDINGS = "no_findings", "No findings recorded"


@refusal(
    AppealRefusalCode.LATE_NOT_ACCEPTED,
    "This appeal arrived after the deadline: accept it as late before acknowledging it.",
)
def late_accepted_if_late(appeal) -> bool:
    return not appeal.is_late or appeal.late_decision == LateDecision.ACCEPTED


@refusal(AppealRefusalCode.NO_INVESTIGATOR, "Assign an investigator first.")
def has_investigator(appeal) -> bool:
    return appeal.investigator_id is not None


@refusal(
    AppealRefusalCode.NO_FINDINGS,
    "Record the investigator's findings before the appeal is decided.",
)
def findings_recorded(appeal) -> bool:
    return bool(appeal.findings.strip())


class Appeal(ConcurrentTransitionMixin, models.Model):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals")
    restriction_case = models.ForeignKey(
        RestrictionCase, on_delete=models.PROTECT, related_name="appeals"
    )
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="appeals")
    stage = models.CharField(
        max_length=16,
        choices=Stage,
        help_text="The stage the decision appealed against put the case in, from its audit "
        "record (Natural England: one appeal at the sanctions stage, one at disengagement).",
    )
    term = models.CharField(
        max_length=20, default="appeal", help_text="What the policy called it when recorded."
    )
    state = FSMField(default=AppealState.RECEIVED, choices=AppealState.choices, protected=True)
    received_on = models.DateField()
    received_via = models.CharField(max_length=12, choices=ReceivedVia)
    grounds = models.TextField(help_text="Why the customer disagrees, in their words or a summary.")
    notice_date = models.DateField(
        null=True, blank=True, help_text="The issue date of the decision's notice."
    )
    deadline = models.DateField(
        null=True, blank=True, help_text="The last day to appeal; empty when none applies."
    )
    is_late = models.BooleanField(default=False)
    late_decision = models.CharField(max_length=10, choices=LateDecision, blank=True)
    late_reason = models.TextField(blank=True)
    late_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    late_decided_at = models.DateTimeField(null=True, blank=True)
    decision_due = models.DateField(
        null=True, blank=True, help_text="When the appeal must be decided; empty when unset."
    )
    acknowledge_due = models.DateField(
        null=True,
        blank=True,
        help_text="When the appeal must be acknowledged, by the profile's standard for "
        "correspondence by its channel; empty when none applies.",
    )
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals_investigating",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    findings = models.TextField(blank=True)
    findings_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=AppealOutcome, blank=True)
    effect = models.CharField(max_length=8, choices=AppealEffect, blank=True)
    outcome_reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    resulting_decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals_resulting",
        help_text="The decision to lift or vary that an upheld appeal proposed.",
    )
    refused_reason = models.TextField(blank=True)
    withdrawn_reason = models.TextField(blank=True)
    acknowledgement_notice = models.ForeignKey(
        Notice, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome_notice = models.ForeignKey(
        Notice, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["state", "decision_due"], name="appeal_queue"),
            # The appeals list's order, read a page at a time.
            models.Index(fields=["decision_due", "received_on", "id"], name="appeal_list_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state=AppealState.DECIDED) | ~models.Q(outcome=""),
                name="appeal_decided_has_outcome",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=AppealState.REFUSED) | ~models.Q(refused_reason=""),
                name="appeal_refused_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=AppealState.WITHDRAWN) | ~models.Q(withdrawn_reason=""),
                name="appeal_withdrawn_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.term} against {self.decision.reference}"

    def get_absolute_url(self) -> str:
        return reverse("appeals:appeal", kwargs={"reference": self.reference})

    @property
    def state_tag(self) -> str:
        return AppealState(self.state).tag_class

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def awaits_late_decision(self) -> bool:
        return self.state == AppealState.RECEIVED and self.is_late and not self.late_decision

    @property
    def awaits_acknowledgement(self) -> bool:
        return self.state == AppealState.RECEIVED

    @property
    def acknowledgement_overdue(self) -> bool:
        return (
            self.awaits_acknowledgement
            and self.acknowledge_due is not None
            and self.acknowledge_due < timezone.localdate()
        )

    def available_actions(self, user, profile) -> dict[str, Answer | None]:
        """Each of `APPEAL_STEPS`: None when this appeal's state does not offer it now,
        else whether `user` may take it (`appeals.access`) and, if not, why. What its
        page offers, never decided from a state in a template."""
        from appeals import access

        offered: dict[str, Callable[[], Answer]] = {}
        if self.awaits_late_decision:
            offered["late"] = lambda: access.may_decide_late(user, self, profile)
        elif self.state == AppealState.RECEIVED:
            offered["acknowledge"] = lambda: access.may_acknowledge(user)
        if self.state in (AppealState.ACKNOWLEDGED, AppealState.UNDER_INVESTIGATION):
            offered["assign"] = lambda: access.may_assign(user, profile, self)
        if self.state == AppealState.UNDER_INVESTIGATION:
            offered["findings"] = lambda: access.may_record_findings(user, self)
            offered["decide"] = lambda: access.may_decide(user, self, profile)
        if (
            self.state == AppealState.DECIDED
            and self.resulting_decision_id
            and not (self.outcome_notice_id)
        ):
            offered["outcome_notice"] = lambda: access.may_acknowledge(user)
        if self.is_open:
            offered["withdraw"] = lambda: access.may_withdraw(user)
        return {step: offered[step]() if step in offered else None for step in APPEAL_STEPS}

    # Transitions change only this row's fields; `appeals.services` saves and audits them.

    @transition(
        field=state,
        source=AppealState.RECEIVED,
        target=AppealState.ACKNOWLEDGED,
        conditions=[late_accepted_if_late],
        custom={"label": "Acknowledge"},
    )
    def acknowledge(self) -> None:
        """The customer is told their appeal was received (the acknowledgement notice)."""

    @transition(
        field=state,
        source=AppealState.RECEIVED,
        target=AppealState.REFUSED,
        custom={"label": "Refuse"},
    )
    def refuse(self) -> None:
        """Not considered: received late and refused, or over the profile's limit."""

    @transition(
        field=state,
        source=AppealState.ACKNOWLEDGED,
        target=AppealState.UNDER_INVESTIGATION,
        conditions=[has_investigator],
        custom={"label": "Start the investigation"},
    )
    def start_investigation(self) -> None:
        """An investigator is assigned and looks into the grounds."""

    @transition(
        field=state,
        source=AppealState.UNDER_INVESTIGATION,
        target=AppealState.DECIDED,
        conditions=[findings_recorded],
        custom={"label": "Decide"},
    )
    def decide(self) -> None:
        """The decider named by the profile records the outcome with reasons."""

    @transition(
        field=state,
        source=list(OPEN_STATES),
        target=AppealState.WITHDRAWN,
        custom={"label": "Withdraw"},
    )
    def withdraw(self) -> None:
        """The customer withdrew it; the reason is kept."""


# Supporting documents: bounded in size, number and type (checked by `appeals.rules`).
def _document_path(instance, filename: str) -> str:
    return f"appeals/{instance.appeal.reference}/{filename}"


class AppealDocument(models.Model):
    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(upload_to=_document_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
