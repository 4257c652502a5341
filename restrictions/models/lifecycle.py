"""The restriction lifecycle (DESIGN.md §4): Natural England's seven steps as a state machine.

monitoring → warned → sanctioned → disengaged, with reviews, lifting and the extreme path.
The state can only change through a transition, and a transition only through an approved
decision (`restrictions.services.decision_apply`), whose guards are asked with an
`Applying` (the decision, the profile) as their one explicit argument; the one exception is
`lapse`, the profile's own rule when a review date passes unheld
(`restrictions.review_services.reviews_overdue_apply`). Each guard is made by
`contactpolicy.refusals.refusal` with the code naming the rule and the sentence staff read
(ADR 0009).

`RestrictionCase.transition_for(kind)` is the one map from a kind of decision to the bound
transition it calls; `kind_refusal(case, kind, applying)` asks the shared machinery whether
that transition can run and, if not, which guard refused. `prospective_refusal` asks the
same guards before the decision is approved, so that one that could never take effect is
refused when proposed and at each approval.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from cases.models import Case, Customer, CustomerKind
from contactpolicy.choices import DecisionKind
from contactpolicy.refusals import WRONG_STATE, Refusal, proceed, refusal, refusal_for
from contactpolicy.workcalendar import add_calendar_months
from restrictions.models.referrals import ReferralKind


class Stage(models.TextChoices):
    MONITORING = "monitoring", "Monitoring"
    WARNED = "warned", "Warned"
    SANCTIONED = "sanctioned", "Sanctions in place"
    DISENGAGED = "disengaged", "Disengaged"
    UNDER_REVIEW = "under_review", "Under review"
    LIFTED = "lifted", "Lifted"

    @property
    def tag_class(self) -> str:
        """The GOV.UK tag colour for this stage; its label is always shown beside it."""
        return STAGE_TAGS[self]


# Tag colours for the stage. The words are always shown as well: nothing is said by colour
# alone (WCAG 1.4.1). Under review keeps GOV.UK's default tag.
STAGE_TAGS = {
    Stage.MONITORING: "govuk-tag--grey",
    Stage.WARNED: "govuk-tag--yellow",
    Stage.SANCTIONED: "govuk-tag--red",
    Stage.DISENGAGED: "govuk-tag--purple",
    Stage.UNDER_REVIEW: "",
    Stage.LIFTED: "govuk-tag--green",
}

# The stages in which contact is restricted: each must have a review date.
RESTRICTING_STATES = (Stage.SANCTIONED, Stage.DISENGAGED, Stage.UNDER_REVIEW)
ACTIVE_STATES = (Stage.WARNED, *RESTRICTING_STATES)


class Scope(models.TextChoices):
    ALL = "all", "All contact"
    PARTIAL = "partial", "Only some cases or topics"


class RefusalCode(models.TextChoices):
    """Why the lifecycle refused, as a stable code beside the sentence staff read."""

    WRONG_STAGE = WRONG_STATE, "The case's stage does not allow it"
    NOT_APPROVED = "not_approved", "No approved decision"
    WARNING_FIRST = "warning_first", "A warning must come first"
    SANCTIONS_FIRST = "sanctions_first", "Sanctions must come first"
    NO_REVIEW_DATE = "no_review_date", "No review date"
    CLEAN_PERIOD = "clean_period", "The clean period is not served"
    NOT_REVIEWING_SANCTIONS = "not_reviewing_sanctions", "The review is not of sanctions"
    NOT_REVIEWING_DISENGAGEMENT = "not_reviewing_disengagement", "Not of a disengagement"
    NO_EXCLUSION = "no_exclusion", "No exclusion in force"
    AGENT_CLIENT_FIRST = "agent_client_first", "The agent's client is not yet contacted"


@dataclass(frozen=True)
class Applying:
    """What the lifecycle's guards are asked with: the decision to take effect, the
    profile in force, and whether they are asked ahead of the last approval."""

    decision: Any
    profile: Any = None
    prospective: bool = False


@refusal(RefusalCode.NOT_APPROVED, "Only an approved decision can change the stage.")
def decision_is_approved(case, applying: Applying | None = None) -> bool:
    return applying is not None and applying.decision.is_approved


@refusal(
    RefusalCode.WARNING_FIRST,
    "A warning must come first, unless the evidence cited includes extreme behaviour "
    "or the approver recorded why a warning was not possible.",
)
def warned_first_unless_excused(case, applying: Applying | None = None) -> bool:
    if applying is None:
        return False
    decision = applying.decision
    # Already restricting: the warning question was settled when the restriction began
    # (a customer sanctioned on the extreme path is not "warned" afterwards to disengage).
    if case.warned_at is not None or case.state in (Stage.SANCTIONED, Stage.UNDER_REVIEW):
        return True
    profile = applying.profile
    if profile is not None and not profile.warning_first:
        return True
    extreme_excuses = profile is None or profile.extreme_skips_warning
    # DESIGN.md §4: the approver, not the proposer, records why a warning was not possible.
    # Before the last approval the proposer's suggestion stands for it: an approver may
    # still confirm it.
    excuse = decision.warning_not_possible_approved.strip() or (
        applying.prospective and decision.warning_not_possible_reason.strip()
    )
    return (extreme_excuses and decision.cites_extreme_behaviour) or bool(excuse)


@refusal(
    RefusalCode.SANCTIONS_FIRST,
    "Sanctions must come before disengagement, unless the evidence cited includes extreme "
    "behaviour.",
)
def sanctioned_first_unless_extreme(case, applying: Applying | None = None) -> bool:
    if applying is None:
        return False
    return case.sanctioned_at is not None or applying.decision.cites_extreme_behaviour


@refusal(
    RefusalCode.AGENT_CLIENT_FIRST,
    "Before disengaging from an agent or contractor, contact their client and explain that "
    "the agent's behaviour is unacceptable and may affect their project, application or "
    "agreement: record that contact as a referral first.",
)
def agent_client_contacted_first(case, applying: Applying | None = None) -> bool:
    """Natural England, "Agents / contractors": "before we do this we would need to contact
    the client" (the profile's `agent_client_contact_first`)."""
    if applying is None or applying.profile is None:
        return True
    if not applying.profile.agent_client_contact_first:
        return True
    if case.customer.kind != CustomerKind.AGENT:
        return True
    return case.customer.referrals.filter(kind=ReferralKind.AGENT_CLIENT).exists()


@refusal(
    RefusalCode.NO_REVIEW_DATE,
    "A restriction must have a review date: set when it will be reviewed.",
)
def has_review_date(case, applying: Applying | None = None) -> bool:
    return applying is not None and applying.decision.review_due is not None


def reengagement_earliest(case, profile) -> date | None:
    """The first day the profile's clean period lets a disengaged `case` re-engage (Natural
    England step 7: "two continuous clean years"), or None when no clean period holds it
    back: the case is not disengaged, the profile has no such rule, or there is no incident.

    The one computation of the rule: `clean_period_served` refuses before this day, and
    the decision page and the review page show it.
    """
    if case.state_before_review != Stage.DISENGAGED and case.state != Stage.DISENGAGED:
        return None
    if profile is None or not profile.reengage_clean_months:
        return None
    last = case.last_incident_on()
    if last is None:
        return None
    return add_calendar_months(last, profile.reengage_clean_months)


def _clean_period_refusal(case, applying: Applying | None = None) -> str:
    earliest = reengagement_earliest(case, applying.profile if applying else None)
    sentence = clean_period_served.sentence
    return f"{sentence} The earliest date is {earliest:%-d %B %Y}." if earliest else sentence


@refusal(
    RefusalCode.CLEAN_PERIOD,
    "This policy re-engages only after a continuous period with no incident, and the last "
    "incident is too recent.",
)
def clean_period_served(case, applying: Applying | None = None) -> bool:
    earliest = reengagement_earliest(case, applying.profile if applying else None)
    return earliest is None or earliest <= timezone.localdate()


clean_period_served.explain = _clean_period_refusal


@refusal(
    RefusalCode.NOT_REVIEWING_SANCTIONS,
    "Only an exclusion under review after a breach can be extended; this review is of a "
    "disengagement.",
)
def reviewing_sanctions_if_under_review(case, applying: Applying | None = None) -> bool:
    return case.state != Stage.UNDER_REVIEW or case.state_before_review == Stage.SANCTIONED


@refusal(
    RefusalCode.NOT_REVIEWING_SANCTIONS,
    "Sanctions can be continued only after a review of sanctions; this review is of a "
    "disengagement.",
)
def reviewing_sanctions(case, applying: Applying | None = None) -> bool:
    return case.state_before_review == Stage.SANCTIONED


@refusal(
    RefusalCode.NOT_REVIEWING_DISENGAGEMENT,
    "A disengagement can be continued only after a review of a disengagement; this review "
    "is of sanctions.",
)
def reviewing_disengagement(case, applying: Applying | None = None) -> bool:
    return case.state_before_review == Stage.DISENGAGED


class RestrictionCaseQuerySet(models.QuerySet):
    def in_force(self) -> "RestrictionCaseQuerySet":
        """The one answer to "the customer's restriction in force": warned, sanctioned,
        disengaged or under review, newest first. Take `.first()` for one customer."""
        return self.filter(IN_FORCE).order_by("-opened_at", "-pk")


# A restriction case in force (see `RestrictionCaseQuerySet.in_force`), for subqueries.
IN_FORCE = models.Q(state__in=ACTIVE_STATES)


class RestrictionCase(ConcurrentTransitionMixin, models.Model):
    """How one customer's contact is managed, from monitoring to lifting."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="restriction_cases"
    )
    state = FSMField(default=Stage.MONITORING, choices=Stage.choices, protected=True)
    scope = models.CharField(max_length=8, choices=Scope, default=Scope.ALL)
    scope_cases = models.ManyToManyField(Case, blank=True, related_name="restriction_cases")
    scope_topics = models.TextField(
        blank=True, help_text="The topics a partial disengagement covers, one a line."
    )
    review_due = models.DateField(null=True, blank=True)
    state_before_review = models.CharField(max_length=16, choices=Stage, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    sanctioned_at = models.DateTimeField(null=True, blank=True)
    disengaged_at = models.DateTimeField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who applied the decision now in force: its proposer, the member of staff "
        "who put it forward for approval (Natural England: “Individuals will never apply "
        "sanctions on their own”, “Our position and process”; the team applying sanctions is "
        "distinct from the line manager who signs them off, step 4). Under Natural England "
        "this person reviews a disengagement (step 7).",
    )
    history = HistoricalRecords()

    objects = RestrictionCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["state", "review_due"], name="restriction_register")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("restrictions:case", kwargs={"reference": self.reference})

    @property
    def stage_tag(self) -> str:
        return Stage(self.state).tag_class

    @property
    def is_under_review(self) -> bool:
        return self.state == Stage.UNDER_REVIEW

    @property
    def is_restricting(self) -> bool:
        return self.state in RESTRICTING_STATES

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def is_disengaged(self) -> bool:
        """Disengaged, or under a review of a disengagement (which stays in force meanwhile)."""
        return Stage.DISENGAGED in (self.state, self.state_before_review)

    def transition_for(self, kind: str) -> Callable[..., None]:
        """The bound transition an approved decision of `kind` calls on this case.

        Continuing after a review keeps what was reviewed: sanctions or disengagement.
        """
        continuing = (
            self.continue_disengagement
            if self.state_before_review == Stage.DISENGAGED
            else self.continue_sanctions
        )
        transitions = {
            DecisionKind.WARN: self.warn,
            DecisionKind.SANCTION: self.sanction,
            DecisionKind.VARY: self.vary,
            DecisionKind.DISENGAGE: self.disengage,
            DecisionKind.CONTINUE: continuing,
            DecisionKind.EXTEND_EXCLUSION: self.extend_exclusion,
            DecisionKind.LIFT: self.lift,
        }
        return transitions[DecisionKind(kind)]

    def last_incident_on(self) -> date | None:
        latest = self.customer.incidents.order_by("-occurred_at").values_list(
            "occurred_at", flat=True
        )[:1]
        return timezone.localtime(latest[0]).date() if latest else None

    # Transitions. Each changes only this row's fields; the service saves, records and
    # activates the sanctions. Those a decision calls take it as their argument.

    @transition(
        field=state,
        source=[Stage.MONITORING, Stage.LIFTED],
        target=Stage.WARNED,
        conditions=[decision_is_approved],
        custom={"label": "Warn"},
    )
    def warn(self, decision) -> None:
        """Tell the customer their behaviour is unacceptable and ask them to change it."""
        self.warned_at = timezone.now()

    @transition(
        field=state,
        source=[Stage.MONITORING, Stage.WARNED, Stage.LIFTED],
        target=Stage.SANCTIONED,
        conditions=[decision_is_approved, warned_first_unless_excused, has_review_date],
        custom={"label": "Impose sanctions"},
    )
    def sanction(self, decision) -> None:
        """Apply intermediate sanctions (NE step 2; BTPA §8 mechanisms)."""
        self.sanctioned_at = timezone.now()
        self.review_due = decision.review_due

    @transition(
        field=state,
        source=[Stage.SANCTIONED, Stage.UNDER_REVIEW],
        target=Stage.SANCTIONED,
        conditions=[decision_is_approved, has_review_date, clean_period_served],
        custom={"label": "Vary sanctions"},
    )
    def vary(self, decision) -> None:
        """Change the sanctions in place (after a review, an appeal or a breach).

        From the review of a disengagement this re-engages (under sanctions), so Natural
        England's two clean years apply as they do to lifting (step 7).
        """
        self.review_due = decision.review_due
        self.state_before_review = ""

    @transition(
        field=state,
        source=[Stage.SANCTIONED, Stage.UNDER_REVIEW],
        target=Stage.SANCTIONED,
        conditions=[decision_is_approved, has_review_date, reviewing_sanctions_if_under_review],
        custom={"label": "Extend an exclusion"},
    )
    def extend_exclusion(self, decision) -> None:
        """Tamworth §8: an exclusion ignored may be reviewed and extended at once.

        A recorded breach of an exclusion opens the review (`contact_check_record`), so the
        extension is decided from "under review" as well as from "sanctions in place".
        """
        self.review_due = decision.review_due
        self.state_before_review = ""

    @transition(
        field=state,
        source=[Stage.MONITORING, Stage.WARNED, Stage.SANCTIONED, Stage.UNDER_REVIEW],
        target=Stage.DISENGAGED,
        conditions=[
            decision_is_approved,
            warned_first_unless_excused,
            sanctioned_first_unless_extreme,
            agent_client_contacted_first,
            has_review_date,
        ],
        custom={"label": "Disengage"},
    )
    def disengage(self, decision) -> None:
        """Stop engaging, on everything or on some topics (NE step 5)."""
        self.disengaged_at = timezone.now()
        self.review_due = decision.review_due
        self.scope = decision.scope
        self.scope_topics = decision.scope_topics
        self.state_before_review = ""

    @transition(
        field=state,
        source=[Stage.SANCTIONED, Stage.DISENGAGED],
        target=Stage.UNDER_REVIEW,
        custom={"label": "Start the review"},
    )
    def start_review(self) -> None:
        """A review is due or was asked for; the restriction stays in force meanwhile."""
        self.state_before_review = self.state

    @transition(
        field=state,
        source=[Stage.UNDER_REVIEW],
        target=Stage.SANCTIONED,
        conditions=[
            decision_is_approved,
            has_review_date,
            reviewing_sanctions,
        ],
        custom={"label": "Continue sanctions after review"},
    )
    def continue_sanctions(self, decision) -> None:
        """After a review of sanctions: keep them as they are, to a new review date."""
        self.review_due = decision.review_due
        self.state_before_review = ""

    @transition(
        field=state,
        source=[Stage.UNDER_REVIEW],
        target=Stage.DISENGAGED,
        conditions=[
            decision_is_approved,
            has_review_date,
            reviewing_disengagement,
        ],
        custom={"label": "Continue disengagement after review"},
    )
    def continue_disengagement(self, decision) -> None:
        """After a review of a disengagement: keep it, to a new review date."""
        self.review_due = decision.review_due
        self.state_before_review = ""

    @transition(
        field=state,
        source=[Stage.WARNED, Stage.SANCTIONED, Stage.DISENGAGED, Stage.UNDER_REVIEW],
        target=Stage.LIFTED,
        conditions=[decision_is_approved, clean_period_served],
        custom={"label": "Lift"},
    )
    def lift(self, decision) -> None:
        """End the restriction (review, appeal upheld, or a more acceptable approach)."""
        self.lifted_at = timezone.now()
        self.review_due = None
        self.state_before_review = ""

    @transition(
        field=state,
        source=list(RESTRICTING_STATES),
        target=Stage.LIFTED,
        custom={"label": "Lapse at the review date"},
    )
    def lapse(self) -> None:
        """The review date passed unheld and the profile lets the restriction lapse then
        (ombudsman guidance, DESIGN.md §2): no decision, the profile's rule ends it."""
        self.lifted_at = timezone.now()
        self.review_due = None
        self.state_before_review = ""

    @transition(
        field=state,
        source=[Stage.LIFTED],
        target=Stage.MONITORING,
        custom={"label": "Monitor again"},
    )
    def reopen(self) -> None:
        """New incidents after a lift: monitoring again, with the history kept."""
        self.lifted_at = None


def kind_refusal(case: RestrictionCase, kind: str, applying: Applying | None) -> Refusal | None:
    """Why `case` cannot take a `kind` decision now, asked with `applying`, or None.

    The stage is asked first; then each guard of the transition from this stage, in order.
    Asked prospectively (before the decision is approved), every guard but the approval.
    """
    return refusal_for(
        case,
        case.transition_for(kind),
        wrong_state=_wrong_stage(case, kind),
        skip=(decision_is_approved,) if applying and applying.prospective else (),
        applying=applying,
    )


def kind_apply(case: RestrictionCase, decision, profile) -> None:
    """Move `case` by the transition the approved `decision` calls, or raise `Refused`
    (shown on the decision's page) saying why it cannot."""
    proceed(
        case,
        case.transition_for(decision.kind),
        decision,
        wrong_state=_wrong_stage(case, decision.kind),
        shown_on=decision,
        applying=Applying(decision, profile),
    )


def _wrong_stage(case: RestrictionCase, kind: str) -> str:
    return (
        f"A decision to {DecisionKind(kind).label.lower()} cannot be made while the case "
        f"stage is “{case.get_state_display()}”."
    )


def prospective_refusal(case: RestrictionCase, decision, profile) -> Refusal | None:
    """Why `decision` could never take effect on `case` as things stand, or None.

    The guards of its transition, all but the approval itself, asked when it is proposed,
    submitted, at each approval and on its page, so that a decision that cannot apply is
    refused at once rather than at the last approval. The proposer's suggestion of why no
    warning was possible counts, since an approver may confirm it.
    """
    return kind_refusal(case, decision.kind, Applying(decision, profile, prospective=True))
