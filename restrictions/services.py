"""Writes for the restriction lifecycle: propose, submit, approve, apply, review, enforce.

Each service owns its transaction and row locks. An approval locks the decision row, so
two people approving at once are served one after the other and the second finds it
decided; the state machines' concurrency check refuses any save from a stale copy.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from cases.models import Contact, Customer, Incident, next_reference
from contactpolicy.choices import DecisionKind, SanctionKind
from contactpolicy.selectors import profile_get_active
from restrictions import permissions
from restrictions.enforcement import Assessment
from restrictions.models import (
    EXCEPTIONAL_CIRCUMSTANCES,
    Approval,
    ApprovalOutcome,
    CheckOutcome,
    ContactCheck,
    Decision,
    DecisionStatus,
    RestrictionCase,
    Sanction,
    SanctionStatus,
    Scope,
    Stage,
)
from restrictions.notices import draft_notice_text

RESTRICTING_KINDS = {
    DecisionKind.SANCTION,
    DecisionKind.VARY,
    DecisionKind.DISENGAGE,
    DecisionKind.CONTINUE,
    DecisionKind.EXTEND_EXCLUSION,
}
KINDS_WITH_SANCTIONS = {DecisionKind.SANCTION, DecisionKind.VARY, DecisionKind.EXTEND_EXCLUSION}
KINDS_CITING_INCIDENTS = {
    DecisionKind.WARN,
    DecisionKind.SANCTION,
    DecisionKind.DISENGAGE,
    DecisionKind.EXTEND_EXCLUSION,
}


class TransitionRefused(Exception):
    """The lifecycle refused a change; the message says why in plain words."""


def _transition_name(case: RestrictionCase, kind: str) -> str:
    if kind == DecisionKind.CONTINUE:
        return (
            "continue_disengagement"
            if case.state_before_review == Stage.DISENGAGED
            else "continue_sanctions"
        )
    return str(kind)


def refusal_reason(case: RestrictionCase, kind: str) -> str | None:
    """Why the case cannot take a `kind` decision now (with `case.applying` set), or None."""
    method = getattr(case, _transition_name(case, kind))
    meta = method._django_fsm
    transition_ = meta.get_transition(case.state)
    if transition_ is None:
        return (
            f"A decision to {DecisionKind(kind).label.lower()} cannot be made while the case "
            f"stage is “{case.get_state_display()}”."
        )
    for condition in transition_.conditions:
        if not condition(case):
            return getattr(condition, "refusal", "The policy does not allow this now.")
    return None


def restriction_case_for(customer: Customer, *, opened_by=None) -> RestrictionCase:
    """The customer's current restriction case, or a new one in monitoring."""
    case = customer.restriction_cases.order_by("-opened_at", "-pk").first()
    if case is None:
        case = RestrictionCase.objects.create(
            reference=next_reference("RES", timezone.localdate().year),
            customer=customer,
            opened_by=opened_by,
        )
    return case


@dataclass
class ProposedSanction:
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
    description: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    permanent: bool = False


REQUIRED_PARAMETERS = {
    SanctionKind.ONE_METHOD: ("channel", "Choose the one contact method allowed"),
    SanctionKind.NAMED_OFFICER: ("officer", "Choose the named officer"),
    SanctionKind.THIRD_PARTY: (
        "third_party",
        "Enter the third party the customer contacts us through",
    ),
    SanctionKind.BUILDING_EXCLUSION: (
        "buildings",
        "Enter the buildings the customer is excluded from",
    ),
    SanctionKind.SPECIFIED_DATES: ("dates", "Enter the dates contact is allowed on"),
    SanctionKind.BLOCK_IDENTIFIERS: (
        "blocked_identifiers",
        "Enter the numbers or addresses to block",
    ),
    SanctionKind.WRITTEN_AGREEMENT: ("agreed_terms", "Enter the terms of the agreement"),
    SanctionKind.OTHER: ("description", "Describe the action"),
}


def _validate_sanction(proposed: ProposedSanction, profile) -> None:
    stype = proposed.sanction_type
    if stype.profile_id != profile.pk:
        raise ValidationError("Choose sanctions from the organisation's policy.")
    needed = REQUIRED_PARAMETERS.get(stype.kind)
    if needed and not getattr(proposed, needed[0]):
        raise ValidationError(f"{stype.name}: {needed[1].lower()}.")
    if stype.kind == SanctionKind.TELEPHONE_SCHEDULE and not (
        proposed.weekdays and proposed.window_start and proposed.window_end
    ):
        raise ValidationError(f"{stype.name}: choose the days and the times calls are allowed.")
    if (
        proposed.window_start
        and proposed.window_end
        and proposed.window_end <= proposed.window_start
    ):
        raise ValidationError(f"{stype.name}: the end of the time window must be after its start.")
    if proposed.ends_on and proposed.starts_on and proposed.ends_on < proposed.starts_on:
        raise ValidationError(f"{stype.name}: the end date must be after the start date.")


@transaction.atomic
def decision_propose(
    *,
    proposer,
    customer: Customer,
    kind: str,
    reasons: str,
    incidents: Iterable[Incident] = (),
    checklist: dict | None = None,
    exceptional_circumstances: dict | None = None,
    impact_on_business: str = "",
    impact_on_customer: str = "",
    proportionality: str = "",
    warning_not_possible_reason: str = "",
    review_due: date | None = None,
    scope: str = Scope.ALL,
    scope_topics: str = "",
    sanctions: Sequence[ProposedSanction] = (),
) -> Decision:
    """Draft a decision for a customer, with the sanctions it would apply."""
    answer = permissions.may_propose(proposer)
    if not answer:
        raise PermissionDenied(answer.reason)
    profile = profile_get_active()
    case = restriction_case_for(customer, opened_by=proposer)
    incidents = list(incidents)
    if any(incident.customer_id != customer.pk for incident in incidents):
        raise ValidationError("Cite only this customer's incidents.")
    if sanctions and kind not in KINDS_WITH_SANCTIONS:
        raise ValidationError(
            "Only a decision to impose, vary or extend sanctions lists sanctions."
        )
    for proposed in sanctions:
        _validate_sanction(proposed, profile)
    decision = Decision.objects.create(
        reference=next_reference("DEC", timezone.localdate().year),
        restriction_case=case,
        kind=kind,
        reasons=reasons.strip(),
        checklist=checklist or {},
        exceptional_circumstances=exceptional_circumstances or {},
        impact_on_business=impact_on_business.strip(),
        impact_on_customer=impact_on_customer.strip(),
        proportionality=proportionality.strip(),
        warning_not_possible_reason=warning_not_possible_reason.strip(),
        review_due=review_due,
        scope=scope,
        scope_topics=scope_topics.strip(),
        proposed_by=proposer,
    )
    decision.incidents.set(incidents)
    extreme = decision.cites_extreme_behaviour
    for proposed in sanctions:
        if proposed.sanction_type.extreme_only and not extreme:
            raise ValidationError(
                f"{proposed.sanction_type.name} is only for extreme behaviour: cite an incident in an extreme category."
            )
        values = {
            k: v for k, v in vars(proposed).items() if k not in {"sanction_type", "scope_cases"}
        }
        values["weekdays"] = sorted(values["weekdays"])
        values["dates"] = [d.isoformat() if hasattr(d, "isoformat") else d for d in values["dates"]]
        sanction = Sanction.objects.create(
            restriction_case=case,
            decision=decision,
            sanction_type=proposed.sanction_type,
            kind=proposed.sanction_type.kind,
            **values,
        )
        sanction.scope_cases.set(proposed.scope_cases)
    case.applying = decision
    if (reason := _state_refusal(case, kind)) is not None:
        raise ValidationError(reason)
    return decision


def _state_refusal(case: RestrictionCase, kind: str) -> str | None:
    """Only the refusal that comes from the stage itself (the guards are checked on apply)."""
    method = getattr(case, _transition_name(case, kind))
    if method._django_fsm.get_transition(case.state) is None:
        return refusal_reason(case, kind)
    return None


def _review_months(decision: Decision, profile) -> int | None:
    """The profile's longest interval before a review of what this decision restricts."""
    disengaging = decision.kind == DecisionKind.DISENGAGE or (
        decision.kind == DecisionKind.CONTINUE
        and decision.restriction_case.state_before_review == Stage.DISENGAGED
    )
    if disengaging:
        return profile.disengagement_review_months
    if decision.kind in RESTRICTING_KINDS:
        return profile.sanction_review_months
    return None


def latest_review_date(decision: Decision, profile) -> date | None:
    """The last review date the policy allows (IPCC §8: "as a minimum annually"; Natural
    England step 7: disengagement "reviewed after 12 months"), or None when it sets none."""
    from contactpolicy.workcalendar import add_calendar_months

    months = _review_months(decision, profile)
    return add_calendar_months(timezone.localdate(), months) if months else None


def completeness_errors(decision: Decision, profile) -> list[str]:
    """What is missing before a decision can be submitted (DESIGN.md §6)."""
    errors = []
    if not decision.reasons:
        errors.append("Enter the reasons for the decision")
    if decision.kind in KINDS_CITING_INCIDENTS and not decision.incidents.exists():
        errors.append("Cite at least one incident as evidence")
    for item in profile.checklist_items.all():
        answer = decision.checklist.get(item.code) or {}
        if answer.get("satisfied") is None:
            errors.append(f"Answer the checklist: “{item.text}”")
        elif not answer.get("satisfied") and not (answer.get("notes") or "").strip():
            errors.append(f"Explain why you are not satisfied that: “{item.text}”")
    for code, label in EXCEPTIONAL_CIRCUMSTANCES:
        answer = decision.exceptional_circumstances.get(code) or {}
        if answer.get("applies") is None:
            errors.append(f"Say whether this exceptional circumstance applies: {label.lower()}")
        elif not (answer.get("notes") or "").strip():
            errors.append(f"Add notes on: {label.lower()}")
    if decision.kind in RESTRICTING_KINDS:
        if not decision.impact_on_business:
            errors.append(
                "Assess the impact of continuing to engage on the business and other customers"
            )
        if not decision.impact_on_customer:
            errors.append("Assess the impact of restricted access on the customer")
        if decision.review_due is None:
            errors.append("Set the date the restriction will be reviewed")
        elif decision.review_due <= timezone.localdate():
            errors.append("The review date must be in the future")
        elif (latest := latest_review_date(decision, profile)) and decision.review_due > latest:
            errors.append(
                f"The {profile.short_name} policy reviews this at least every "
                f"{_review_months(decision, profile)} months: set a review date no later "
                f"than {latest:%-d %B %Y}"
            )
    if decision.kind in KINDS_WITH_SANCTIONS:
        if not decision.sanctions.exists():
            errors.append("Choose at least one sanction")
        if not decision.proportionality:
            errors.append("Explain why each sanction is proportionate to the behaviour")
    return errors


@transaction.atomic
def decision_submit(*, decision: Decision, by) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if by.pk != decision.proposed_by_id and not by.is_manager:
        raise PermissionDenied("Only the proposer or a manager can submit this decision.")
    profile = profile_get_active()
    errors = completeness_errors(decision, profile)
    if errors:
        raise ValidationError(errors)
    # The case may have moved on since the proposal (or since it was sent back).
    if (reason := _state_refusal(decision.restriction_case, decision.kind)) is not None:
        raise ValidationError(reason)
    decision.submit()
    decision.submitted_at = timezone.now()
    decision.draft_notice = draft_notice_text(decision, profile)
    decision.save()
    return decision


@transaction.atomic
def decision_answer(
    *,
    decision: Decision,
    approver,
    outcome: str,
    reason: str = "",
    confirmed_checklist: bool = False,
) -> Decision:
    """One approver's answer. The last approval needed applies the decision to the case."""
    if outcome not in ApprovalOutcome.values:
        raise ValidationError("Choose approve, send back or reject")
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != DecisionStatus.SUBMITTED:
        raise ValidationError(
            f"This decision has already been answered: it is {decision.get_status_display().lower()}."
        )
    profile = profile_get_active()
    earlier = list(decision.approvals.filter(round=decision.round, outcome=ApprovalOutcome.APPROVE))
    answer = permissions.may_answer(approver, decision, profile, earlier)
    if not answer:
        raise PermissionDenied(answer.reason)
    if outcome == ApprovalOutcome.APPROVE and not confirmed_checklist:
        raise ValidationError(
            "Confirm you are satisfied of the checklist, the exceptional circumstances and the impact before approving"
        )
    if outcome != ApprovalOutcome.APPROVE and not reason.strip():
        raise ValidationError("Write the reason for sending it back or rejecting it")
    Approval.objects.create(
        decision=decision,
        approver=approver,
        approver_grade=approver.effective_grade,
        role=answer.role,
        outcome=outcome,
        reason=reason.strip(),
        confirmed_checklist=confirmed_checklist,
        round=decision.round,
    )
    if outcome == ApprovalOutcome.SEND_BACK:
        decision.send_back()
    elif outcome == ApprovalOutcome.REJECT:
        decision.reject()
        _sanctions_set_status(decision.sanctions.all(), SanctionStatus.WITHDRAWN)
    else:
        _, needed, _, _ = permissions.approver_roles(profile, decision.kind)
        if len(earlier) + 1 < needed:
            return decision
        decision.approve()
    decision.decided_at = timezone.now()
    decision.save()
    if decision.status == DecisionStatus.APPROVED:
        decision_apply(decision=decision, profile=profile)
    return decision


def _sanctions_set_status(sanctions, status: str, *, ends_on: date | None = None) -> None:
    """Row by row, not `QuerySet.update`, so that simple-history records each change."""
    for sanction in sanctions:
        sanction.status = status
        fields = ["status"]
        if ends_on is not None:
            sanction.ends_on = ends_on
            fields.append("ends_on")
        sanction.save(update_fields=fields)


def decision_apply(*, decision: Decision, profile=None) -> RestrictionCase:
    """Move the case through the transition the approved decision calls for.

    Takes effect at once. A guard's refusal rolls the approval back with its reason.
    """
    profile = profile or profile_get_active()
    case = RestrictionCase.objects.select_for_update().get(pk=decision.restriction_case_id)
    case.applying = decision
    case.profile_for_guards = profile
    reason = refusal_reason(case, decision.kind)
    if reason is not None:
        raise TransitionRefused(reason)
    try:
        getattr(case, _transition_name(case, decision.kind))()
    except TransitionNotAllowed as error:  # a guard changed its mind between check and call
        raise TransitionRefused(refusal_reason(case, decision.kind) or str(error)) from error
    case.save()
    today = timezone.localdate()
    in_force = case.sanctions.filter(status=SanctionStatus.ACTIVE).exclude(decision=decision)
    # A partial disengagement (NE step 5: "on a particular topic") leaves the sanctions in
    # force for contact on other topics; a full one makes them moot.
    full_disengagement = decision.kind == DecisionKind.DISENGAGE and decision.scope == Scope.ALL
    if decision.kind in {DecisionKind.VARY, DecisionKind.LIFT} or full_disengagement:
        _sanctions_set_status(in_force, SanctionStatus.ENDED, ends_on=today)
    elif decision.kind == DecisionKind.EXTEND_EXCLUSION:
        _sanctions_set_status(
            in_force.filter(kind=SanctionKind.BUILDING_EXCLUSION),
            SanctionStatus.ENDED,
            ends_on=today,
        )
    for sanction in decision.sanctions.all():
        sanction.status = SanctionStatus.ACTIVE
        sanction.starts_on = sanction.starts_on or today
        sanction.save(update_fields=["status", "starts_on"])
    decision.applied_at = timezone.now()
    decision.save(update_fields=["applied_at"])
    case.applying = None
    return case


@transaction.atomic
def review_start(*, case: RestrictionCase, by) -> RestrictionCase:
    """Open the review of a restriction (due, asked for, or after a breach)."""
    if not by.is_manager:
        raise PermissionDenied("Only a manager can start a review.")
    case = RestrictionCase.objects.select_for_update().get(pk=case.pk)
    if case.state == Stage.UNDER_REVIEW:
        return case
    try:
        case.start_review()
    except TransitionNotAllowed as error:
        raise TransitionRefused(
            f"There is nothing to review while the case is “{case.get_state_display()}”."
        ) from error
    case.save()
    return case


def active_restriction(customer: Customer) -> RestrictionCase | None:
    return (
        customer.restriction_cases.filter(
            state__in=[Stage.WARNED, Stage.SANCTIONED, Stage.DISENGAGED, Stage.UNDER_REVIEW]
        )
        .order_by("-opened_at")
        .first()
    )


@transaction.atomic
def contact_check_record(
    *,
    contact: Contact,
    assessment: Assessment,
    recorded_by,
    instruction_followed: bool = True,
    different_topic: bool = False,
) -> ContactCheck:
    """Keep what staff were told and what happened; an exclusion breach opens a review."""
    if contact.customer_id != assessment.case.customer_id:
        raise ValidationError("That contact is from a different customer.")
    check = ContactCheck.objects.create(
        contact=contact,
        restriction_case=assessment.case,
        outcome=assessment.outcome,
        instruction=assessment.instruction,
        instruction_followed=instruction_followed,
        different_topic=different_topic,
        recorded_by=recorded_by,
    )
    check.sanctions.set([f.sanction for f in assessment.findings if f.sanction is not None])
    breached_exclusion = any(
        f.outcome == CheckOutcome.BREACH
        and f.sanction is not None
        and f.sanction.kind == SanctionKind.BUILDING_EXCLUSION
        for f in assessment.findings
    )
    if breached_exclusion:
        case = RestrictionCase.objects.select_for_update().get(pk=assessment.case.pk)
        if case.state == Stage.SANCTIONED:
            case.start_review()
            case.save()
    return check
