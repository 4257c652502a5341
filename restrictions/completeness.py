"""What a decision must answer before it goes for approval (DESIGN.md §6): the one home of
those rules, used by the proposal form and by the services alike.

Pure Python: every function takes the proposal as plain values (a `Proposal`, the profile's
checklist items, today's date) and returns errors by field name, the names of the proposal
form's fields (`reasons`, `check_<code>_notes`, `s<sanction type pk>_<parameter>`...). A
form puts each error beside its field; a service raises them as one `ValidationError`.
Nothing here reads the database or the clock.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from contactpolicy.choices import DecisionKind
from contactpolicy.workcalendar import add_calendar_months
from restrictions.models.decisions import EXCEPTIONAL_CIRCUMSTANCES
from restrictions.models.lifecycle import RefusalCode, Scope
from restrictions.sanctions import CATALOGUE

Errors = dict[str, list[str]]

# How a partial disengagement says what it covers (NE step 5: "on a particular topic"):
# by ticking the customer's cases, or by naming topics (`Scope.PARTIAL`) in words.
SCOPE_BY_CASE = "cases"

# The kinds of decision that restrict contact: each needs an impact assessment and a review.
RESTRICTING_KINDS = frozenset(
    {
        DecisionKind.SANCTION,
        DecisionKind.VARY,
        DecisionKind.DISENGAGE,
        DecisionKind.CONTINUE,
        DecisionKind.EXTEND_EXCLUSION,
    }
)
KINDS_WITH_SANCTIONS = frozenset(
    {DecisionKind.SANCTION, DecisionKind.VARY, DecisionKind.EXTEND_EXCLUSION}
)
KINDS_CITING_INCIDENTS = frozenset(
    {
        DecisionKind.WARN,
        DecisionKind.SANCTION,
        DecisionKind.DISENGAGE,
        DecisionKind.EXTEND_EXCLUSION,
    }
)


@dataclass
class ProposedSanction:
    """A sanction as proposed, before it is saved (its parameters, DESIGN.md §5)."""

    sanction_type: object
    channel: str = ""
    officer: object = None
    deputy: object = None
    weekdays: Sequence[int] = ()
    window_start: object = None
    window_end: object = None
    max_minutes: int | None = None
    scope_cases: Sequence = ()
    scope_topics: str = ""
    buildings: str = ""
    dates: Sequence[str] = ()
    blocked_identifiers: str = ""
    third_party: str = ""
    agreed_terms: str = ""
    agreement_signed_on: date | None = None
    description: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    permanent: bool = False


@dataclass(frozen=True)
class Proposal:
    """The answers of a proposal, as the form read them or as a saved decision holds them.

    `incidents` are the incidents cited (with their categories); `sanctions` anything with
    a `ProposedSanction`'s attributes (a saved `Sanction` will do);
    `reviewing_disengagement` says whether the case is under a review of a disengagement.
    The services save the fields the `Decision` model shares with it.
    """

    kind: str
    reasons: str = ""
    incidents: Sequence = ()
    checklist: Mapping = field(default_factory=dict)
    exceptional_circumstances: Mapping = field(default_factory=dict)
    impact_on_business: str = ""
    impact_on_customer: str = ""
    proportionality: str = ""
    warning_not_possible_reason: str = ""
    review_due: date | None = None
    sanctions: Sequence = ()
    reviewing_disengagement: bool = False
    scope: str = Scope.ALL
    scope_cases: Sequence = ()
    scope_topics: str = ""
    corporate: bool = False
    # The staff member corresponding with the customer (Natural England Annex B: their line
    # manager signs off). None: the customer's officer, else whoever proposes.
    correspondent: object = None

    @property
    def cites_extreme_behaviour(self) -> bool:
        return any(incident.is_extreme for incident in self.incidents)


def sanction_field(sanction_type, parameter: str) -> str:
    """The proposal form's field for one parameter of one kind of sanction."""
    return f"s{sanction_type.pk}_{parameter}"


def _short(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def sanction_errors(proposed, *, profile_id: int) -> Errors:
    """What is missing or wrong in one proposed sanction's parameters."""
    errors: Errors = {}
    stype = proposed.sanction_type
    if stype.profile_id != profile_id:
        _add(errors, "sanctions", "Choose sanctions from the organisation's policy")
        return errors
    # The parameters it cannot do without (DESIGN.md §5), as its kind declares them.
    for parameter in CATALOGUE[stype.kind].required_parameters(proposed):
        if getattr(proposed, parameter.name) in (None, "", [], ()):
            _add(errors, sanction_field(stype, parameter.name), parameter.missing)
    start, end = proposed.window_start, proposed.window_end
    if start and end and end <= start:
        _add(
            errors,
            sanction_field(stype, "window_end"),
            "The end of the time window must be after its start",
        )
    if proposed.ends_on and proposed.starts_on and proposed.ends_on < proposed.starts_on:
        _add(errors, sanction_field(stype, "ends_on"), "The end date must be after the start date")
    return errors


def sanctions_errors(proposal: Proposal, *, profile_id: int) -> Errors:
    """Whether the proposal may list its sanctions, and each one's parameters.

    Checked on every save, a draft included: a sanction saved must make sense.
    """
    errors: Errors = defaultdict(list)
    if proposal.sanctions and proposal.kind not in KINDS_WITH_SANCTIONS:
        _add(
            errors,
            "sanctions",
            "Only a decision to impose, vary or extend sanctions lists sanctions: clear "
            "them, or choose another decision",
        )
        return dict(errors)
    extreme = proposal.cites_extreme_behaviour
    for proposed in proposal.sanctions:
        if proposed.sanction_type.extreme_only and not extreme:
            _add(
                errors,
                "sanctions",
                f"“{_short(proposed.sanction_type.name, 8)}” is only for extreme behaviour: "
                "cite an incident that shows it",
            )
        for name, messages in sanction_errors(proposed, profile_id=profile_id).items():
            errors[name].extend(messages)
    return dict(errors)


def review_date_errors(review_due: date | None, *, today: date) -> Errors:
    """A review date, when given, is in the future."""
    if review_due is not None and review_due <= today:
        return {"review_due": ["The review date must be in the future"]}
    return {}


def review_months(kind: str, *, reviewing_disengagement: bool, profile) -> int | None:
    """The profile's longest interval before a review of what a `kind` decision restricts."""
    disengaging = kind == DecisionKind.DISENGAGE or (
        kind == DecisionKind.CONTINUE and reviewing_disengagement
    )
    if disengaging:
        return profile.disengagement_review_months
    if kind in RESTRICTING_KINDS:
        return profile.sanction_review_months
    return None


def latest_review_date(
    kind: str, *, reviewing_disengagement: bool, profile, today: date
) -> date | None:
    """The last review date the policy allows (IPCC §8: "as a minimum annually"; Natural
    England step 7: disengagement "reviewed after 12 months"), or None when it sets none."""
    months = review_months(kind, reviewing_disengagement=reviewing_disengagement, profile=profile)
    return add_calendar_months(today, months) if months else None


def review_scheduled_on(
    review_due: date | None, *, disengaged: bool, profile, starts_on: date
) -> date | None:
    """The date a restriction beginning on `starts_on` is reviewed: the date its decision
    set, brought in to the profile's longest interval for what it restricts (sanctions or
    disengagement) when that comes sooner. None only when neither sets a date."""
    months = profile.disengagement_review_months if disengaged else profile.sanction_review_months
    latest = add_calendar_months(starts_on, months) if months else None
    dates = [day for day in (review_due, latest) if day is not None]
    return min(dates) if dates else None


def scope_errors(kind: str, *, scope: str, scope_cases: Sequence, scope_topics: str) -> Errors:
    """What a partial disengagement must name: at least one case when it is chosen by
    case (`SCOPE_BY_CASE`), at least one topic when by topic (`Scope.PARTIAL`)."""
    errors: Errors = {}
    if kind != DecisionKind.DISENGAGE:
        return errors
    if scope == SCOPE_BY_CASE and not scope_cases:
        _add(errors, "scope_cases", "Select the cases the disengagement covers")
    elif scope == Scope.PARTIAL and not scope_cases and not scope_topics.strip():
        _add(errors, "scope_topics", "Enter the topics the disengagement covers")
    return errors


# Where a lifecycle guard's refusal of a proposal belongs on the proposal form, and what it
# tells the proposer when that differs from the guard's own sentence (which speaks of the
# approver's record). Any other refusal goes beside the kind of decision.
REFUSAL_FIELDS: dict[str, tuple[str, str]] = {
    RefusalCode.WARNING_FIRST: (
        "warning_not_possible_reason",
        "No warning has been given: cite an incident of extreme behaviour, or say why a "
        "warning was not possible for the approver to confirm",
    ),
    RefusalCode.SANCTIONS_FIRST: (
        "incidents",
        "No sanctions have been in place: disengaging first needs an incident of extreme "
        "behaviour cited",
    ),
    RefusalCode.NO_REVIEW_DATE: ("review_due", "Set the date the restriction will be reviewed"),
}


def refusal_errors(refusal) -> Errors:
    """A lifecycle guard's refusal of a proposal (`lifecycle.prospective_refusal`), by the
    proposal form's field that would change it."""
    name, message = REFUSAL_FIELDS.get(refusal.code, ("kind", refusal.sentence))
    return {name: [message]}


def decision_errors(proposal: Proposal, *, profile, checklist_items, today: date) -> Errors:
    """What is missing before a decision can be submitted (DESIGN.md §6), by field.

    `profile` gives the review intervals and its short name; `checklist_items` are its
    checklist, in order.
    """
    errors: Errors = {}
    kind = proposal.kind
    if not proposal.reasons.strip():
        _add(errors, "reasons", "Enter the reasons for the decision")
    if kind in KINDS_CITING_INCIDENTS and not proposal.incidents:
        _add(errors, "incidents", "Cite at least one incident as evidence")
    for number, item in enumerate(checklist_items, start=1):
        answer = proposal.checklist.get(item.code) or {}
        if answer.get("satisfied") is None:
            _add(
                errors,
                f"check_{item.code}",
                f"Answer checklist item {number}: “{_short(item.text)}”",
            )
        elif not answer["satisfied"] and not (answer.get("notes") or "").strip():
            _add(
                errors,
                f"check_{item.code}_notes",
                f"Explain why you are not satisfied of checklist item {number}",
            )
    for code, label in EXCEPTIONAL_CIRCUMSTANCES:
        answer = proposal.exceptional_circumstances.get(code) or {}
        if answer.get("applies") is None:
            _add(errors, f"exc_{code}", f"Say whether this may apply: {label.lower()}")
        elif not (answer.get("notes") or "").strip():
            _add(errors, f"exc_{code}_notes", f"Add notes on: {label.lower()}")
    if kind in RESTRICTING_KINDS:
        if not proposal.impact_on_business.strip():
            _add(
                errors,
                "impact_on_business",
                "Assess the impact of continuing to engage on the business and other customers",
            )
        if not proposal.impact_on_customer.strip():
            _add(
                errors,
                "impact_on_customer",
                "Assess the impact of restricted access on the customer",
            )
        latest = latest_review_date(
            kind,
            reviewing_disengagement=proposal.reviewing_disengagement,
            profile=profile,
            today=today,
        )
        if proposal.review_due is None:
            _add(errors, "review_due", "Set the date the restriction will be reviewed")
        elif proposal.review_due <= today:
            errors.update(review_date_errors(proposal.review_due, today=today))
        elif latest and proposal.review_due > latest:
            months = review_months(
                kind, reviewing_disengagement=proposal.reviewing_disengagement, profile=profile
            )
            _add(
                errors,
                "review_due",
                f"The {profile.short_name} policy reviews this at least every {months} months: "
                f"set a review date no later than {latest:%-d %B %Y}",
            )
    errors.update(
        scope_errors(
            kind,
            scope=proposal.scope,
            scope_cases=proposal.scope_cases,
            scope_topics=proposal.scope_topics,
        )
    )
    if kind in KINDS_WITH_SANCTIONS:
        if not proposal.sanctions:
            _add(errors, "sanctions", "Choose at least one sanction")
        if not proposal.proportionality.strip():
            _add(
                errors,
                "proportionality",
                "Explain why each sanction is proportionate to the behaviour",
            )
    return errors


# -- What the approver answers before approving ---------------------------------------------


@dataclass(frozen=True)
class ExceptionToAnswer:
    """One exceptional circumstance the proposer said may apply, or one checklist item they
    answered "No": the approver says whether they are satisfied no exception applies."""

    key: str  # "exc_<code>" or "check_<code>": also the answer form's field prefix
    question: str
    proposer_notes: str

    @property
    def field(self) -> str:
        return f"xa_{self.key}"

    @property
    def reason_field(self) -> str:
        return f"xa_{self.key}_reason"


NOT_SATISFIED = (
    "You are not satisfied that no exception applies: send the decision back or reject it"
)


def exceptions_to_answer(
    checklist: Mapping, exceptional_circumstances: Mapping, checklist_items: Sequence
) -> list[ExceptionToAnswer]:
    """What the approver must answer (BTPA §8.12: the Chief Executive "is satisfied that no
    exceptions apply"), from a decision's answers and the profile's checklist items: each
    exceptional circumstance answered "may apply" and each checklist item answered "No"."""
    found = []
    for item in checklist_items:
        answer = checklist.get(item.code) or {}
        if answer.get("satisfied") is False:
            found.append(
                ExceptionToAnswer(f"check_{item.code}", item.text, answer.get("notes", ""))
            )
    for code, label in EXCEPTIONAL_CIRCUMSTANCES:
        answer = exceptional_circumstances.get(code) or {}
        if answer.get("applies") is True:
            found.append(ExceptionToAnswer(f"exc_{code}", label, answer.get("notes", "")))
    return found


def exception_answer_words(key: str, question: str, satisfied, reason: str) -> str:
    """One kept answer as the record reads it: "<question>: <answer>. <reason>". A checklist
    item is satisfied or not; an exceptional circumstance is satisfied not to apply."""
    if satisfied is None:
        said = "not answered"
    elif not satisfied:
        said = "not satisfied"
    elif key.startswith("check_"):
        said = "satisfied"
    else:
        said = "satisfied no exception applies"
    return f"{question.rstrip(' .')}: {said}. {reason}".strip()


def exception_answer_errors(items: Sequence[ExceptionToAnswer], answers: Mapping) -> Errors:
    """Errors by the answer form's field of an approval's answers to `items`: each answered,
    each with a reason, and each satisfied, or the decision cannot be approved.
    `answers` maps an item's key to {"satisfied": bool | None, "reason": str}."""
    errors: Errors = defaultdict(list)
    for item in items:
        answer = answers.get(item.key) or {}
        satisfied = answer.get("satisfied")
        # Each message names its question: the error summary lists several at once.
        if satisfied is None:
            errors[item.field].append("Say whether you are satisfied: " + _short(item.question, 14))
        elif satisfied is False:
            errors[item.field].append(NOT_SATISFIED)
        if not str(answer.get("reason", "")).strip():
            errors[item.reason_field].append(
                "Enter why you are satisfied, or why not: " + _short(item.question, 14)
            )
    return dict(errors)
