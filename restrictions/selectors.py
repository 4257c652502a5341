"""Reads for the decision screens: the restriction case, a decision, the approvals queue and
the Chief Executive's sign-off.

Each function fetches what its page shows in a fixed number of queries, whatever the data,
and hands the templates plain rows so that no template ever queries. (The sanctions
register has its own reads in `restrictions.register_selectors`.)
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from cases.models import Case, Contact, Customer, CustomerIdentifier, Incident
from contactpolicy.access import STAFF_ROLES, Answer
from contactpolicy.choices import DecisionKind
from contactpolicy.models import User
from contactpolicy.roles import SENIORITY, Role, group_name
from restrictions import access, permissions
from restrictions.completeness import exception_answer_words
from restrictions.enforcement import describe
from restrictions.models import (
    EXCEPTIONAL_CIRCUMSTANCES,
    Approval,
    ApprovalOutcome,
    AuditEvent,
    Decision,
    DecisionStatus,
    InjunctionDecision,
    Referral,
    RestrictionCase,
    Review,
    Sanction,
    SanctionStatus,
    Scope,
    Stage,
)
from restrictions.models.lifecycle import (
    Refusal,
    RefusalCode,
    kind_refusal,
    prospective_refusal,
    reengagement_earliest,
)
from restrictions.sanctions import EXCLUSION_KINDS

RECENT = 20
CITABLE_INCIDENTS = 100

NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four"}

# The decisions that end or step down from a disengagement, which a clean-period rule holds
# back (`clean_period_served` guards both).
REENGAGING_KINDS = frozenset({DecisionKind.LIFT, DecisionKind.VARY})


def role_name(role: str) -> str:
    """A role as it reads in a sentence: "line manager", but "Chief Executive"."""
    label = Role(role).label
    return label if role == Role.CHIEF_EXECUTIVE else label.lower()


# -- The approval rules -------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """Who approves one kind of decision under the profile, in words."""

    text: str
    needed: int
    reserved: bool


def approval_rule(profile, kind: str) -> Rule:
    roles, needed, distinct, reserved = permissions.approver_roles(profile, kind)
    if reserved:
        text = "Chief Executive sign-off"
        if needed > 1:
            text += f" ({NUMBERS.get(needed, needed)} approvals)"
        return Rule(text, needed, True)
    if not roles:
        return Rule(permissions.NOBODY_NAMED, needed, False)
    least = min(roles, key=lambda role: SENIORITY.get(role, 0))
    who = f"{role_name(least)}{'' if least == Role.CHIEF_EXECUTIVE else ' or above'}"
    if needed > 1:
        count = str(NUMBERS.get(needed, needed)).capitalize()
        grades = " of different grades" if distinct else ""
        return Rule(f"{count} approvers{grades} ({who})", needed, False)
    return Rule(f"One approval by a {who}", needed, False)


def reserved_kinds(profile) -> list[str]:
    """The kinds of decision the profile reserves to the Chief Executive."""
    return [kind for kind in DecisionKind if permissions.approver_roles(profile, kind)[3]]


def _earlier_approvals(decision: Decision) -> list[Approval]:
    """This round's approvals, read from the prefetched `approvals`."""
    return [
        a
        for a in decision.approvals.all()
        if a.round == decision.round and a.outcome == ApprovalOutcome.APPROVE
    ]


# -- Restriction case -----------------------------------------------------------------------


def _active_sanctions() -> Prefetch:
    return Prefetch(
        "sanctions",
        queryset=Sanction.objects.filter(status=SanctionStatus.ACTIVE)
        .select_related("sanction_type", "officer", "deputy")
        .order_by("pk"),
        to_attr="active_sanctions",
    )


def case_by_reference(reference: str) -> RestrictionCase | None:
    """The restriction case with its customer, active sanctions, decisions and audit
    events (five queries); read through `access.restriction_case_get_for_user`."""
    cases = RestrictionCase.objects.select_related(
        "customer", "opened_by", "applied_by"
    ).prefetch_related(
        _active_sanctions(),
        Prefetch(
            "decisions",
            queryset=Decision.objects.select_related("proposed_by").order_by("-created_at", "-pk"),
        ),
        Prefetch(
            "reviews",
            queryset=Review.objects.select_related("reviewer").order_by("-due_on", "-pk"),
        ),
        Prefetch(
            "audit_events",
            queryset=AuditEvent.objects.select_related(
                "actor", "decision", "sanction__sanction_type", "review"
            ).order_by("-occurred_at", "-pk"),
            to_attr="audit_trail",
        ),
    )
    return cases.filter(reference=reference.upper()).first()


def referral_by_pk(pk: int) -> Referral | None:
    """A referral with its customer (one query); read through `access.referral_get_for_user`."""
    return Referral.objects.select_related("customer").filter(pk=pk).first()


def exclusion_by_pk(pk: int) -> Sanction | None:
    """A building exclusion in force, with its case and customer (one query); read through
    `access.exclusion_get_for_injunction`."""
    return (
        Sanction.objects.select_related("restriction_case__customer", "sanction_type")
        .filter(pk=pk, kind__in=EXCLUSION_KINDS, status=SanctionStatus.ACTIVE)
        .first()
    )


def case_exclusions(case: RestrictionCase) -> list[Sanction]:
    """The case's building exclusions that were in force at some time, newest first, each
    with its injunction decisions and who took them (two queries): Tamworth §8."""
    return list(
        case.sanctions.filter(
            kind__in=EXCLUSION_KINDS,
            status__in=[SanctionStatus.ACTIVE, SanctionStatus.ENDED, SanctionStatus.LIFTED],
        )
        .select_related("sanction_type")
        .prefetch_related(
            Prefetch(
                "injunction_decisions",
                queryset=InjunctionDecision.objects.select_related("decided_by"),
            )
        )
        .order_by("-pk")
    )


def case_for_customer(customer: Customer) -> RestrictionCase:
    """The customer's current restriction case, or an unsaved one in monitoring.

    Reading never opens a case: `restrictions.services.restriction_case_for` does that when
    the first decision is proposed.
    """
    case = customer.restriction_cases.order_by("-opened_at", "-pk").first()
    return case if case is not None else RestrictionCase(customer=customer)


@dataclass(frozen=True)
class KindOption:
    kind: str
    label: str
    available: bool
    reason: str = ""
    caution: str = ""


def kind_options(case: RestrictionCase, profile) -> list[KindOption]:
    """Each kind of decision, and whether the case's stage allows it now; if not, why not.

    The guards that depend on the proposal itself (extreme behaviour cited, a review date)
    are asked when it is proposed (`lifecycle.prospective_refusal`); here they become
    cautions shown beside the kind.
    """
    options = []
    for kind in DecisionKind:
        refusal = kind_refusal(case, kind, None)
        # With no decision being applied the first guard refuses; that one is expected.
        open_now = refusal is None or refusal.code == RefusalCode.NOT_APPROVED
        if kind == DecisionKind.EXTEND_EXCLUSION and open_now and not _exclusion_in_force(case):
            open_now = False
            reason = "There is no exclusion from buildings in force to extend."
        else:
            reason = refusal.sentence if refusal is not None else ""
        if open_now:
            options.append(
                KindOption(kind, kind.label, True, caution=_caution(case, kind, profile))
            )
        else:
            options.append(KindOption(kind, kind.label, False, reason=reason))
    return options


def _exclusion_in_force(case: RestrictionCase) -> bool:
    if case.pk is None:
        return False
    active = getattr(case, "active_sanctions", None)
    if active is not None:
        return any(s.kind in EXCLUSION_KINDS for s in active)
    return case.sanctions.filter(status=SanctionStatus.ACTIVE, kind__in=EXCLUSION_KINDS).exists()


def _caution(case: RestrictionCase, kind: str, profile) -> str:
    """What the lifecycle's guards will ask of a proposal of this kind, in plain words."""
    not_restricted_yet = case.state in (Stage.MONITORING, Stage.LIFTED)
    unwarned = case.warned_at is None and not_restricted_yet and profile.warning_first
    if (
        kind == DecisionKind.DISENGAGE
        and case.sanctioned_at is None
        and (not_restricted_yet or case.state == Stage.WARNED)
    ):
        if unwarned:
            return (
                "Neither a warning nor sanctions have come first: only possible when extreme "
                "behaviour is cited."
            )
        return "No sanctions have been in place: only possible when extreme behaviour is cited."
    if kind in {DecisionKind.SANCTION, DecisionKind.DISENGAGE} and unwarned:
        if profile.extreme_skips_warning:
            return (
                f"No warning has been given: cite {profile.extreme_incident}, or record why a "
                "warning was not possible."
            )
        return "No warning has been given: record why a warning was not possible."
    return ""


# -- Proposing ------------------------------------------------------------------------------


def customer_by_reference(reference: str) -> Customer | None:
    return Customer.objects.filter(reference=reference.upper()).first()


def incidents_to_cite(customer: Customer) -> list[Incident]:
    """The customer's incidents, newest first, with their categories."""
    return list(
        customer.incidents.select_related("category").order_by("-occurred_at", "-pk")[
            :CITABLE_INCIDENTS
        ]
    )


def customer_cases(customer: Customer) -> list[Case]:
    return list(customer.cases.order_by("-opened_at", "-pk"))


def active_staff() -> list[User]:
    """Active members of staff who can be named as the single point of contact."""
    labels = [group_name(role) for role in STAFF_ROLES]
    return list(
        User.objects.filter(is_active=True, groups__name__in=labels)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def customer_officer(customer: Customer) -> User | None:
    """The staff member corresponding with the customer, as the records show: the officer
    of their latest contact, else of their latest matter, or None (one or two queries)."""
    contact = (
        Contact.objects.filter(customer=customer, officer__isnull=False, officer__is_active=True)
        .select_related("officer")
        .order_by("-received_at", "-pk")
        .first()
    )
    if contact is not None:
        return contact.officer
    case = (
        Case.objects.filter(customer=customer, officer__isnull=False, officer__is_active=True)
        .select_related("officer")
        .order_by("-opened_at", "-pk")
        .first()
    )
    return case.officer if case is not None else None


def decision_to_copy(reference: str, customer: Customer) -> Decision | None:
    """A decision of this customer to start a new proposal from (one sent back, say)."""
    return (
        Decision.objects.filter(reference=reference.upper(), restriction_case__customer=customer)
        .prefetch_related(
            "incidents",
            Prefetch("sanctions", queryset=Sanction.objects.prefetch_related("scope_cases")),
        )
        .first()
    )


def decision_to_revise(reference: str, user) -> Decision | None:
    """`user`'s own draft or decision sent back, with what the proposal form shows."""
    return (
        Decision.objects.filter(
            reference=reference.upper(),
            proposed_by=user,
            status__in=(DecisionStatus.DRAFT, DecisionStatus.SENT_BACK),
        )
        .select_related("restriction_case__customer")
        .prefetch_related(
            "incidents",
            "scope_cases",
            Prefetch("sanctions", queryset=Sanction.objects.prefetch_related("scope_cases")),
            Prefetch(
                "approvals",
                queryset=Approval.objects.filter(outcome=ApprovalOutcome.SEND_BACK).order_by("-at"),
                to_attr="sent_back_answers",
            ),
        )
        .first()
    )


def sent_back_reason(decision: Decision) -> Approval | None:
    """The latest answer that sent `decision` back, if it stands sent back (prefetched)."""
    if decision.status != DecisionStatus.SENT_BACK:
        return None
    answers = getattr(decision, "sent_back_answers", None)
    if answers is None:
        answers = list(
            decision.approvals.filter(outcome=ApprovalOutcome.SEND_BACK).order_by("-at")[:1]
        )
    return answers[0] if answers else None


# -- My proposals ---------------------------------------------------------------------------

MY_PROPOSALS = 100
# How long a rejected proposal stays on its proposer's dashboard.
REJECTED_SHOWN_DAYS = 30


def proposals_of(user, *, status: str = "") -> list[Decision]:
    """The decisions `user` proposed, newest first, at most `MY_PROPOSALS` (one query)."""
    decisions = Decision.objects.filter(proposed_by=user).select_related(
        "restriction_case__customer"
    )
    if status:
        decisions = decisions.filter(status=status)
    return list(decisions.order_by("-created_at", "-pk")[:MY_PROPOSALS])


def proposals_needing_attention(user, *, now) -> list[Decision]:
    """`user`'s proposals sent back to them, and those rejected in the last
    `REJECTED_SHOWN_DAYS` days, latest answer first (one query): the dashboard tells the
    proposer what became of them."""
    recent = now - timedelta(days=REJECTED_SHOWN_DAYS)
    return list(
        Decision.objects.filter(proposed_by=user)
        .filter(
            Q(status=DecisionStatus.SENT_BACK)
            | Q(status=DecisionStatus.REJECTED, decided_at__gte=recent)
        )
        .select_related("restriction_case__customer")
        .order_by("-decided_at", "-pk")[:MY_PROPOSALS]
    )


# -- One decision ---------------------------------------------------------------------------


def _decisions(*, with_customer_details: bool = False) -> QuerySet:
    decisions = Decision.objects.select_related(
        "restriction_case__customer", "proposed_by", "correspondent__line_manager"
    ).prefetch_related(
        Prefetch(
            "incidents",
            queryset=Incident.objects.select_related("category", "recorded_by").order_by(
                "-occurred_at", "-pk"
            ),
        ),
        Prefetch(
            "sanctions",
            queryset=Sanction.objects.select_related("sanction_type", "officer", "deputy")
            .prefetch_related("scope_cases")
            .order_by("pk"),
        ),
        Prefetch("approvals", queryset=Approval.objects.select_related("approver").order_by("at")),
    )
    if with_customer_details:
        decisions = decisions.prefetch_related(
            Prefetch(
                "restriction_case__customer__identifiers",
                queryset=CustomerIdentifier.objects.order_by("kind", "pk"),
            )
        )
    return decisions


def decision_by_reference(reference: str, *, with_customer_details=False) -> Decision | None:
    """A decision with everything its page shows; read through
    `access.decision_get_for_user`."""
    return (
        _decisions(with_customer_details=with_customer_details)
        .filter(reference=reference.upper())
        .first()
    )


@dataclass(frozen=True)
class AnswerRow:
    question: str
    answer: str
    notes: str
    flagged: bool = False  # not satisfied, or the circumstance may apply


@dataclass(frozen=True)
class SanctionRow:
    sanction: Sanction
    described: str
    cases: list


@dataclass(frozen=True)
class ApprovalRow:
    approver: User
    grade: int | None
    role: str
    outcome: str
    outcome_tag: str
    reason: str
    at: datetime
    round: int
    confirmed_checklist: bool
    # The approver's answers to the exceptions left open (BTPA §8.12), each
    # (question, satisfied, reason).
    exception_answers: list = field(default_factory=list)


@dataclass
class DecisionPage:
    """Everything a decision's page (or the sign-off screen) shows, ready to render."""

    decision: Decision
    rule: Rule
    checklist: list[AnswerRow]
    exceptional: list[AnswerRow]
    sanctions: list[SanctionRow]
    approvals: list[ApprovalRow]
    approvals_this_round: int
    answer: Answer | None = None
    # Why a decision waiting for approval could no longer take effect (the lifecycle's
    # guards, asked now): it can only be sent back or rejected.
    cannot_apply: Refusal | None = None
    # A re-engagement under a clean-period rule: the first day the rule allows it.
    reengage_on: date | None = None
    extreme_cited: bool = False
    timeline: list = field(default_factory=list)
    scope_cases: list = field(default_factory=list)


def _yes_no(value, yes: str, no: str) -> str:
    if value is None:
        return "Not answered"
    return yes if value else no


def checklist_rows(decision: Decision, profile) -> list[AnswerRow]:
    rows = []
    known = set()
    for item in profile.checklist_items.all():
        known.add(item.code)
        answer = decision.checklist.get(item.code) or {}
        satisfied = answer.get("satisfied")
        rows.append(
            AnswerRow(
                item.text,
                _yes_no(satisfied, "Satisfied", "Not satisfied"),
                answer.get("notes", ""),
                flagged=satisfied is not True,
            )
        )
    # Answers to items the profile no longer lists are still part of the record.
    for code, answer in decision.checklist.items():
        if code not in known:
            satisfied = (answer or {}).get("satisfied")
            rows.append(
                AnswerRow(
                    code,
                    _yes_no(satisfied, "Satisfied", "Not satisfied"),
                    (answer or {}).get("notes", ""),
                    flagged=satisfied is not True,
                )
            )
    return rows


def exceptional_rows(decision: Decision) -> list[AnswerRow]:
    rows = []
    for code, label in EXCEPTIONAL_CIRCUMSTANCES:
        answer = decision.exceptional_circumstances.get(code) or {}
        applies = answer.get("applies")
        rows.append(
            AnswerRow(
                label,
                _yes_no(applies, "May apply", "Does not apply"),
                answer.get("notes", ""),
                flagged=applies is not False,
            )
        )
    return rows


def decision_page(decision: Decision, profile, user) -> DecisionPage:
    """The rows of a decision's page, from a decision read by `access.decision_get_for_user`."""
    rule = approval_rule(profile, decision.kind)
    earlier = _earlier_approvals(decision)
    answer = cannot_apply = None
    case = decision.restriction_case
    if decision.status == DecisionStatus.SUBMITTED:
        answer = access.may_answer(user, decision, profile, earlier)
        cannot_apply = prospective_refusal(case, decision, profile)
    reengage_on = None
    if decision.kind in REENGAGING_KINDS:
        reengage_on = reengagement_earliest(case, profile)
    outcome_tags = {
        ApprovalOutcome.APPROVE: "govuk-tag--green",
        ApprovalOutcome.SEND_BACK: "govuk-tag--orange",
        ApprovalOutcome.REJECT: "govuk-tag--red",
    }
    return DecisionPage(
        decision=decision,
        rule=rule,
        checklist=checklist_rows(decision, profile),
        exceptional=exceptional_rows(decision),
        sanctions=[
            SanctionRow(s, describe(s), list(s.scope_cases.all())) for s in decision.sanctions.all()
        ],
        approvals=[
            ApprovalRow(
                approver=a.approver,
                grade=a.approver_grade,
                role=Role(a.role).label if a.role in Role.values else a.role,
                outcome=a.get_outcome_display(),
                outcome_tag=outcome_tags.get(a.outcome, ""),
                reason=a.reason,
                at=a.at,
                round=a.round,
                confirmed_checklist=a.confirmed_checklist,
                exception_answers=[
                    exception_answer_words(
                        key,
                        answer.get("question", key),
                        answer.get("satisfied"),
                        answer.get("reason", ""),
                    )
                    for key, answer in (a.exception_answers or {}).items()
                ],
            )
            for a in decision.approvals.all()
        ],
        approvals_this_round=len(earlier),
        answer=answer,
        cannot_apply=cannot_apply,
        reengage_on=reengage_on,
        extreme_cited=decision.cites_extreme_behaviour,
        # One query, and only for a partial disengagement: the cases it covers.
        scope_cases=list(decision.scope_cases.all()) if _partial(decision) else [],
    )


def _partial(decision: Decision) -> bool:
    return decision.is_disengagement and decision.scope == Scope.PARTIAL


# -- The evidence timeline ------------------------------------------------------------------


class EvidenceKind(StrEnum):
    INCIDENT = "incident"
    CONTACT = "contact"


@dataclass(frozen=True)
class TimelineEntry:
    kind: EvidenceKind
    moment: datetime
    item: object
    cited: bool = False

    @property
    def is_incident(self) -> bool:
        return self.kind == EvidenceKind.INCIDENT


def evidence_timeline(decision: Decision, *, recent: int = RECENT) -> list[TimelineEntry]:
    """The incidents the decision cites, with the customer's recent contacts and incidents.

    Two queries: the recent contacts, the recent incidents. The cited ones are prefetched.
    """
    customer = decision.restriction_case.customer
    cited = {incident.pk: incident for incident in decision.incidents.all()}
    incidents = dict(cited)
    for incident in customer.incidents.select_related("category", "recorded_by").order_by(
        "-occurred_at", "-pk"
    )[:recent]:
        incidents.setdefault(incident.pk, incident)
    contacts = Contact.objects.filter(customer=customer).select_related("officer")
    entries = [
        TimelineEntry(EvidenceKind.INCIDENT, i.occurred_at, i, cited=i.pk in cited)
        for i in incidents.values()
    ]
    entries += [
        TimelineEntry(EvidenceKind.CONTACT, c.received_at, c)
        for c in contacts.order_by("-received_at", "-pk")[:recent]
    ]
    entries.sort(key=lambda entry: entry.moment, reverse=True)
    return entries


# -- Queues ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    decision: Decision
    customer: Customer
    rule: Rule
    approvals_this_round: int
    url: str


def _submitted(*, with_incidents: bool = False) -> QuerySet:
    decisions = (
        Decision.objects.filter(status=DecisionStatus.SUBMITTED)
        .select_related("restriction_case__customer", "proposed_by", "correspondent__line_manager")
        .prefetch_related(
            Prefetch("approvals", queryset=Approval.objects.order_by("at")),
            # A sanction type may raise who approves (`access.may_answer`).
            Prefetch("sanctions", queryset=Sanction.objects.select_related("sanction_type")),
        )
        .order_by("submitted_at", "pk")
    )
    if with_incidents:
        # The services of the incidents cited decide who approves (`approval_within_service`).
        decisions = decisions.prefetch_related(
            Prefetch("incidents", queryset=Incident.objects.only("pk", "service_id"))
        )
    return decisions


def approvals_queue(user, profile) -> list[QueueRow]:
    """Submitted decisions `user` may answer now, oldest first (two queries). The view
    lets only those who may see decisions ask (`access.may_see_decisions`). One more query
    where heads of service approve within their service: the incidents cited."""
    rows = []
    for decision in _submitted(with_incidents=profile.approval_within_service):
        earlier = _earlier_approvals(decision)
        if not access.may_answer(user, decision, profile, earlier):
            continue
        rule = approval_rule(profile, decision.kind)
        url = (
            reverse("notices:signoff", kwargs={"reference": decision.reference})
            if rule.reserved
            else decision.get_absolute_url()
        )
        rows.append(QueueRow(decision, decision.restriction_case.customer, rule, len(earlier), url))
    return rows


def signoff_queue(profile) -> list[QueueRow]:
    """Submitted decisions reserved to the Chief Executive, oldest first."""
    kinds = reserved_kinds(profile)
    return [
        QueueRow(
            decision,
            decision.restriction_case.customer,
            approval_rule(profile, decision.kind),
            len(_earlier_approvals(decision)),
            reverse("notices:signoff", kwargs={"reference": decision.reference}),
        )
        for decision in _submitted().filter(kind__in=kinds)
    ]
