"""Writes for the restriction lifecycle: propose, submit, approve, apply, review, enforce.

Each service owns its transaction and row locks, and writes an `AuditEvent` for what it
did in that same transaction: the person acting is always `actor`. An approval locks the
decision row, so two people approving at once are served one after the other and the
second finds it decided; the state machines' concurrency check refuses any save from a
stale copy. What a decision must answer lives in `restrictions.completeness`; who may do
what in `restrictions.access`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import fields, replace
from datetime import date
from functools import partial

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from cases.models import Contact, Customer, next_reference
from contactpolicy.choices import DecisionKind
from contactpolicy.models import User
from contactpolicy.refusals import Refused, proceed
from contactpolicy.selectors import profile_get_active
from restrictions import access, notifications, selectors
from restrictions.completeness import (
    KINDS_CITING_INCIDENTS,
    KINDS_WITH_SANCTIONS,
    RESTRICTING_KINDS,
    Proposal,
    ProposedSanction,
    decision_errors,
    exception_answer_errors,
    exception_answer_words,
    exceptions_to_answer,
    refusal_errors,
    review_scheduled_on,
    sanctions_errors,
)
from restrictions.enforcement import Assessment
from restrictions.models import (
    OPEN_REVIEW_STATES,
    WAITING_REVIEW_STATES,
    Approval,
    ApprovalOutcome,
    AuditEvent,
    AuditEventType,
    CheckOutcome,
    ContactCheck,
    Decision,
    DecisionStatus,
    Referral,
    RestrictionCase,
    Review,
    Sanction,
    SanctionStatus,
    Scope,
    Stage,
)
from restrictions.models.audit import EVENT_TYPES
from restrictions.models.lifecycle import (
    Applying,
    RefusalCode,
    kind_apply,
    kind_refusal,
    prospective_refusal,
)
from restrictions.permissions import approver_roles
from restrictions.sanctions import EXCLUSION_KINDS

__all__ = [
    "KINDS_CITING_INCIDENTS",
    "KINDS_WITH_SANCTIONS",
    "RESTRICTING_KINDS",
    "ProposedSanction",
    "audit_record",
    "contact_check_record",
    "decision_answer",
    "decision_apply",
    "decision_propose",
    "decision_propose_and_submit",
    "decision_revise",
    "decision_submit",
    "review_start",
    "reviewer_for",
    "takes_effect_before_notice",
]


def audit_record(
    *,
    event_type: str,
    actor: User | None,
    case: RestrictionCase | None,
    on: models.Model | None = None,
    customer: Customer | None = None,
    decision: Decision | None = None,
    sanction: Sanction | None = None,
    referral: Referral | None = None,
    review: Review | None = None,
    reason: str = "",
    role: str = "",
    from_state: str = "",
    to_state: str = "",
) -> AuditEvent:
    """Write one audit event about any record; called inside the transaction of the
    change it records.

    The event is about `on`, or else the most particular of the restriction records given
    (review, referral, sanction, decision, case). It concerns `case`'s customer, or
    `customer` where there is no restriction case (a referral may be made before one is
    opened). `event_type` must be declared by an app (`event_types_register`).
    """
    if customer is None and case is None:
        raise ValueError("An audit event concerns a customer: pass the case or the customer.")
    if event_type not in EVENT_TYPES:
        raise ValueError(f"No app declares the audit event type {event_type!r}.")
    subject = on or review or referral or sanction or decision or case
    return AuditEvent.objects.create(
        event_type=event_type,
        actor=actor,
        actor_role=role or (access.acting_role(actor) if actor is not None else ""),
        customer_id=customer.pk if customer is not None else case.customer_id,
        restriction_case=case,
        decision=decision,
        sanction=sanction,
        referral=referral,
        review=review,
        subject=subject,
        reason=reason,
        from_state=from_state,
        to_state=to_state,
    )


def restriction_case_for(customer: Customer, *, actor: User | None = None) -> RestrictionCase:
    """The customer's current restriction case, or a new one in monitoring."""
    case = customer.restriction_cases.order_by("-opened_at", "-pk").first()
    if case is None:
        case = RestrictionCase.objects.create(
            reference=next_reference("RES", timezone.localdate().year),
            customer=customer,
            opened_by=actor,
        )
    return case


def _guard_errors(decision: Decision, profile, *, draft: bool = False) -> dict:
    """The lifecycle guards' refusal of `decision` as it stands, by the proposal form's
    field, or {}. A draft may still lack its review date: submitting asks for it."""
    refusal = prospective_refusal(decision.restriction_case, decision, profile)
    if refusal is None or (draft and refusal.code == RefusalCode.NO_REVIEW_DATE):
        return {}
    return refusal_errors(refusal)


def _proposal_of(decision: Decision) -> Proposal:
    """A saved decision's answers, for `restrictions.completeness`."""
    return Proposal(
        kind=decision.kind,
        reasons=decision.reasons,
        incidents=list(decision.incidents.select_related("category")),
        checklist=decision.checklist or {},
        exceptional_circumstances=decision.exceptional_circumstances or {},
        impact_on_business=decision.impact_on_business,
        impact_on_customer=decision.impact_on_customer,
        proportionality=decision.proportionality,
        warning_not_possible_reason=decision.warning_not_possible_reason,
        review_due=decision.review_due,
        scope=decision.scope,
        scope_cases=list(decision.scope_cases.all()),
        scope_topics=decision.scope_topics,
        sanctions=list(decision.sanctions.select_related("sanction_type", "officer")),
        reviewing_disengagement=decision.restriction_case.state_before_review == Stage.DISENGAGED,
        corporate=decision.corporate,
    )


def _checked(proposal: Proposal, *, customer: Customer, profile) -> Proposal:
    """Refuse incidents of another customer, a partial disengagement's cases that are not
    this customer's open cases, and sanctions that do not fit. Returns the proposal with
    its incidents, cases and sanctions as lists, and the cases and topics kept only by a
    partial disengagement."""
    incidents = list(proposal.incidents)
    if any(incident.customer_id != customer.pk for incident in incidents):
        raise ValidationError({"incidents": ["Cite only this customer's incidents"]})
    partial = proposal.kind == DecisionKind.DISENGAGE and proposal.scope == Scope.PARTIAL
    scope_cases = list(proposal.scope_cases) if partial else []
    if any(c.customer_id != customer.pk or not c.is_open for c in scope_cases):
        raise ValidationError({"scope_cases": ["Choose only this customer's open cases"]})
    proposal = replace(
        proposal,
        incidents=incidents,
        scope=Scope.PARTIAL if partial else Scope.ALL,
        scope_cases=scope_cases,
        scope_topics=proposal.scope_topics if partial else "",
        sanctions=list(proposal.sanctions),
    )
    if errors := sanctions_errors(proposal, profile_id=profile.pk):
        raise ValidationError(errors)
    return proposal


# The answers a decision keeps in its own columns: the fields `Proposal` shares with the
# model. The incidents, cases and sanctions it cites are rows of their own.
DECISION_FIELDS = tuple(
    field.name
    for field in fields(Proposal)
    if field.name in {column.name for column in Decision._meta.concrete_fields}
)


def _decision_values(proposal: Proposal, profile) -> dict:
    """A checked proposal's `DECISION_FIELDS`, as the decision saves them."""
    values = {}
    for name in DECISION_FIELDS:
        value = getattr(proposal, name)
        values[name] = value.strip() if isinstance(value, str) else value
    values["checklist"] = dict(proposal.checklist)
    values["exceptional_circumstances"] = dict(proposal.exceptional_circumstances)
    # Only a profile with a corporate route (Tamworth §9) approves corporate cases apart.
    values["corporate"] = proposal.corporate and profile.has_corporate_route
    return values


def _sanctions_create(decision: Decision, sanctions: Sequence[ProposedSanction]) -> None:
    for proposed in sanctions:
        values = {
            k: v for k, v in vars(proposed).items() if k not in {"sanction_type", "scope_cases"}
        }
        values["weekdays"] = sorted(values["weekdays"])
        values["dates"] = [d.isoformat() if hasattr(d, "isoformat") else d for d in values["dates"]]
        sanction = Sanction.objects.create(
            restriction_case=decision.restriction_case,
            decision=decision,
            sanction_type=proposed.sanction_type,
            kind=proposed.sanction_type.kind,
            **values,
        )
        sanction.scope_cases.set(proposed.scope_cases)


@transaction.atomic
def decision_propose(
    *,
    actor: User,
    customer: Customer,
    proposal: Proposal,
    correspondent: User | None = None,
    review: Review | None = None,
) -> Decision:
    """Draft a decision for a customer, with the sanctions it would apply.

    Refuses (`ValidationError`, errors by field) sanctions that do not fit the kind or
    lack a parameter, incidents of another customer, a partial disengagement's cases that
    are not this customer's open cases, and a kind the stage does not allow. Only a
    partial disengagement keeps its cases and topics. A decision that records a review's
    outcome names the `review`, which must be in progress on this customer's case.
    """
    answer = access.may_propose(actor)
    if not answer:
        raise PermissionDenied(answer.reason)
    profile = profile_get_active()
    proposal = _checked(proposal, customer=customer, profile=profile)
    case = restriction_case_for(customer, actor=actor)
    if review is not None and review.restriction_case_id != case.pk:
        raise ValidationError({NON_FIELD_ERRORS: ["That review is of another restriction."]})
    if review is not None and not review.is_in_progress:
        raise ValidationError(
            {NON_FIELD_ERRORS: ["Start the review before recording its outcome."]}
        )
    values = _decision_values(proposal, profile)
    values["correspondent"] = (
        proposal.correspondent or correspondent or selectors.customer_officer(customer) or actor
    )
    decision = Decision.objects.create(
        reference=next_reference("DEC", timezone.localdate().year),
        restriction_case=case,
        proposed_by=actor,
        review=review,
        **values,
    )
    decision.incidents.set(proposal.incidents)
    decision.scope_cases.set(proposal.scope_cases)
    _sanctions_create(decision, proposal.sanctions)
    if errors := _guard_errors(decision, profile, draft=True):
        raise ValidationError(errors)
    audit_record(
        event_type=AuditEventType.DECISION_PROPOSED,
        actor=actor,
        case=case,
        decision=decision,
        reason=decision.reasons,
    )
    return decision


@transaction.atomic
def decision_submit(*, decision: Decision, actor: User) -> Decision:
    """Send a draft (or one sent back) for approval, once it answers all DESIGN.md §6 asks."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    answer = access.may_submit(actor, decision)
    if not answer:
        raise PermissionDenied(answer.reason)
    profile = profile_get_active()
    errors = decision_errors(
        _proposal_of(decision),
        profile=profile,
        checklist_items=list(profile.checklist_items.all()),
        today=timezone.localdate(),
    )
    if errors:
        raise ValidationError(errors)
    # The case may have moved on since the proposal (or since it was sent back).
    if errors := _guard_errors(decision, profile):
        raise ValidationError(errors)
    proceed(
        decision,
        decision.submit,
        wrong_state=f"This decision is already {decision.get_status_display().lower()}.",
    )
    decision.submitted_at = timezone.now()
    decision.save()
    audit_record(
        event_type=AuditEventType.DECISION_SUBMITTED,
        actor=actor,
        case=decision.restriction_case,
        decision=decision,
        reason=decision.reasons,
    )
    transaction.on_commit(
        partial(notifications.decision_submitted_tell, decision.pk, actor.pk), robust=True
    )
    return decision


@transaction.atomic
def decision_propose_and_submit(
    *,
    actor: User,
    customer: Customer,
    proposal: Proposal,
    submit: bool,
    review: Review | None = None,
) -> Decision:
    """Propose a decision and, if `submit`, send it for approval, as one action: a refused
    submission rolls the proposal back with it, so no half-made draft is left."""
    decision = decision_propose(actor=actor, customer=customer, proposal=proposal, review=review)
    if submit:
        decision = decision_submit(decision=decision, actor=actor)
    return decision


# The `DECISION_FIELDS` a draft or a decision sent back may change, as the audit record
# names them.
REVISABLE = {
    "kind": "the kind of decision",
    "reasons": "the reasons",
    "checklist": "the checklist",
    "exceptional_circumstances": "the exceptional circumstances",
    "impact_on_business": "the impact on the business",
    "impact_on_customer": "the impact on the customer",
    "proportionality": "proportionality",
    "warning_not_possible_reason": "why a warning was not possible",
    "review_due": "the review date",
    "scope": "what it covers",
    "scope_topics": "the topics it covers",
    "corporate": "corporate case",
    "correspondent": "who corresponds with the customer",
}


@transaction.atomic
def decision_revise(
    *, decision: Decision, actor: User, proposal: Proposal, submit: bool
) -> Decision:
    """Change a draft, or a decision sent back, to `proposal`'s answers and (if `submit`)
    send it for approval.

    Its earlier answers stay in its history (django-simple-history keeps each version of
    the decision and of every sanction it proposed, the replaced ones included), and the
    change is on the audit record with what changed. The same checks as a proposal apply.
    """
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("restriction_case__customer")
        .get(pk=decision.pk)
    )
    answer = access.may_revise(actor, decision)
    if not answer:
        raise PermissionDenied(answer.reason)
    if decision.status not in {DecisionStatus.DRAFT, DecisionStatus.SENT_BACK}:
        raise ValidationError(
            f"Only a draft or a decision sent back can be changed: this one is "
            f"{decision.get_status_display().lower()}."
        )
    profile = profile_get_active()
    proposal = _checked(proposal, customer=decision.restriction_case.customer, profile=profile)
    values = _decision_values(proposal, profile)
    values["correspondent"] = proposal.correspondent or decision.correspondent
    changed = [
        REVISABLE[name] for name, value in values.items() if getattr(decision, name) != value
    ]
    before_incidents = set(decision.incidents.values_list("pk", flat=True))
    for name, value in values.items():
        setattr(decision, name, value)
    decision.save(update_fields=list(values))
    decision.incidents.set(proposal.incidents)
    decision.scope_cases.set(proposal.scope_cases)
    # The sanctions it proposed never came into force: each is replaced by the one now
    # proposed, its deletion kept in the sanction's history.
    replaced = list(decision.sanctions.all())
    for sanction in replaced:
        sanction.delete()
    _sanctions_create(decision, proposal.sanctions)
    if errors := _guard_errors(decision, profile, draft=True):
        raise ValidationError(errors)
    if {i.pk for i in proposal.incidents} != before_incidents:
        changed.append("the incidents cited")
    if sorted(s.sanction_type_id for s in replaced) != sorted(
        p.sanction_type.pk for p in proposal.sanctions
    ):
        changed.append("the sanctions chosen")
    audit_record(
        event_type=AuditEventType.DECISION_REVISED,
        actor=actor,
        case=decision.restriction_case,
        decision=decision,
        reason=f"Changed: {', '.join(changed)}." if changed else "Saved without changes.",
    )
    if submit:
        decision = decision_submit(decision=decision, actor=actor)
    return decision


ANSWER_EVENTS = {
    ApprovalOutcome.APPROVE: AuditEventType.DECISION_APPROVAL,
    ApprovalOutcome.SEND_BACK: AuditEventType.DECISION_SENT_BACK,
    ApprovalOutcome.REJECT: AuditEventType.DECISION_REJECTED,
}


@transaction.atomic
def decision_answer(
    *,
    decision: Decision,
    actor: User,
    outcome: str,
    reason: str = "",
    confirmed_checklist: bool = False,
    warning_not_possible_reason: str | None = None,
    exception_answers: Mapping | None = None,
) -> Decision:
    """One approver's answer. The last approval needed approves the decision.

    An approved decision takes effect when its notice is issued (DESIGN.md §4: the notices
    app calls `decision_apply`), or at once when it cites extreme behaviour and the profile
    lets such a decision take effect first, with the notice following. Either way the
    lifecycle's guards are asked now, so an approval the case cannot take is refused here.

    An approver records why a warning was not possible (DESIGN.md §4) by giving
    `warning_not_possible_reason`: the proposer's suggestion confirmed, or their own words.
    The warning guard reads only this approved value; None leaves it as it stands.

    Where the profile says so (`approver_answers_exceptions`), approving needs the
    approver's own answer, with a reason, to each exceptional circumstance the proposer
    said may apply and each checklist item they answered "No" (`exception_answers`, by
    `ExceptionToAnswer.key`), and each must be that they are satisfied no exception
    applies. The answers are kept on the approval.
    """
    if outcome not in ApprovalOutcome.values:
        raise ValidationError("Choose approve, send back or reject")
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != DecisionStatus.SUBMITTED:
        raise ValidationError(
            f"This decision has already been answered: it is {decision.get_status_display().lower()}."
        )
    profile = profile_get_active()
    earlier = list(decision.approvals.filter(round=decision.round, outcome=ApprovalOutcome.APPROVE))
    answer = access.may_answer(actor, decision, profile, earlier)
    if not answer:
        raise PermissionDenied(answer.reason)
    if outcome == ApprovalOutcome.APPROVE and not confirmed_checklist:
        raise ValidationError(
            "Confirm you are satisfied of the checklist, the exceptional circumstances and the impact before approving"
        )
    if outcome != ApprovalOutcome.APPROVE and not reason.strip():
        raise ValidationError("Write the reason for sending it back or rejecting it")
    recorded_exceptions = _exception_answers_checked(
        decision, profile, outcome, exception_answers or {}
    )
    why_no_warning = (warning_not_possible_reason or "").strip()
    if outcome == ApprovalOutcome.APPROVE and warning_not_possible_reason is not None:
        decision.warning_not_possible_approved = why_no_warning
        decision.save(update_fields=["warning_not_possible_approved"])
    Approval.objects.create(
        decision=decision,
        approver=actor,
        approver_grade=actor.effective_grade,
        role=answer.role,
        outcome=outcome,
        reason=reason.strip(),
        confirmed_checklist=confirmed_checklist,
        exception_answers=recorded_exceptions,
        round=decision.round,
    )
    audit_record(
        event_type=ANSWER_EVENTS[ApprovalOutcome(outcome)],
        actor=actor,
        role=answer.role,
        case=decision.restriction_case,
        decision=decision,
        reason=reason.strip()
        + (
            f"\nWhy a warning was not possible: {why_no_warning}"
            if outcome == ApprovalOutcome.APPROVE and why_no_warning
            else ""
        )
        + "".join(
            "\n"
            + exception_answer_words(key, answer["question"], answer["satisfied"], answer["reason"])
            for key, answer in recorded_exceptions.items()
        ),
    )
    if outcome == ApprovalOutcome.SEND_BACK:
        decision.send_back()
    elif outcome == ApprovalOutcome.REJECT:
        decision.reject()
        for sanction in decision.sanctions.all():
            sanction.withdraw()
            sanction.save(update_fields=["status"])
    else:
        _, needed, _, _ = approver_roles(profile, decision.kind, corporate=decision.corporate)
        if len(earlier) + 1 < needed:
            # Not the last approval, but the guards are asked now: an approval of a decision
            # that can no longer apply is refused (and rolled back) rather than left waiting.
            refusal = prospective_refusal(decision.restriction_case, decision, profile)
            if refusal is not None:
                raise Refused(refusal, decision)
            transaction.on_commit(
                partial(notifications.decision_answered_tell, decision.pk, actor.pk), robust=True
            )
            return decision
        decision.approve()
        _refuse_unless_applicable(decision, profile)
    decision.decided_at = timezone.now()
    decision.save()
    transaction.on_commit(
        partial(notifications.decision_answered_tell, decision.pk, actor.pk), robust=True
    )
    if decision.status == DecisionStatus.APPROVED and takes_effect_before_notice(decision, profile):
        decision_apply(decision=decision, actor=actor, role=answer.role, profile=profile)
    return decision


@transaction.atomic
def decision_determine(
    *, actor: User, customer: Customer, proposal: Proposal, role: str, authority: str
) -> Decision:
    """Record a decision made by someone whose determination is itself the decision (the
    decider of an appeal, where the profile's `appeal_outcome_binding` says so): proposed,
    submitted and approved by `actor` in one action, with no approval asked of anyone else.

    The caller has already asked whether `actor` may determine it; `authority` says on what
    authority, on the approval and the audit record. The same checks as any proposal and
    submission apply, and the lifecycle's guards are asked now. It takes effect when its
    notice is issued, as any decision does.
    """
    decision = decision_propose_and_submit(
        actor=actor, customer=customer, proposal=proposal, submit=True
    )
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    profile = profile_get_active()
    Approval.objects.create(
        decision=decision,
        approver=actor,
        approver_grade=actor.effective_grade,
        role=role,
        outcome=ApprovalOutcome.APPROVE,
        reason=authority,
        confirmed_checklist=True,
        round=decision.round,
    )
    audit_record(
        event_type=AuditEventType.DECISION_APPROVAL,
        actor=actor,
        role=role,
        case=decision.restriction_case,
        decision=decision,
        reason=authority,
    )
    decision.approve()
    _refuse_unless_applicable(decision, profile)
    decision.decided_at = timezone.now()
    decision.save()
    if takes_effect_before_notice(decision, profile):
        decision_apply(decision=decision, actor=actor, role=role, profile=profile)
    return decision


def _exception_answers_checked(decision: Decision, profile, outcome: str, answers: Mapping) -> dict:
    """The approver's answers to what the profile asks them to answer, as the approval
    keeps them (with each question's words); refuses an approval without them all, or
    with one not satisfied (BTPA §8.12)."""
    if not profile.approver_answers_exceptions:
        return {}
    items = exceptions_to_answer(
        decision.checklist or {},
        decision.exceptional_circumstances or {},
        list(profile.checklist_items.all()),
    )
    if outcome == ApprovalOutcome.APPROVE and (errors := exception_answer_errors(items, answers)):
        raise ValidationError(errors)
    recorded = {}
    for item in items:
        answer = answers.get(item.key) or {}
        if answer.get("satisfied") is None and not str(answer.get("reason", "")).strip():
            continue
        recorded[item.key] = {
            "question": item.question,
            "satisfied": answer.get("satisfied"),
            "reason": str(answer.get("reason", "")).strip(),
        }
    return recorded


def takes_effect_before_notice(decision: Decision, profile) -> bool:
    """Whether an approved decision takes effect at once, its notice following (the
    extreme-behaviour path, where the profile allows it)."""
    return bool(profile.effect_before_notice_when_extreme) and decision.cites_extreme_behaviour


def _refuse_unless_applicable(decision: Decision, profile) -> None:
    """Raise `Refused` if the case could not take the decision now."""
    case = RestrictionCase.objects.select_for_update().get(pk=decision.restriction_case_id)
    refusal = kind_refusal(case, decision.kind, Applying(decision, profile))
    if refusal is not None:
        raise Refused(refusal, decision)


def _sanctions_take_out_of_force(
    sanctions, *, lifting: bool, on: date, actor: User, role: str, decision: Decision
) -> None:
    """End (or lift) each sanction in force, row by row so that simple-history records
    each change, with an audit event for each."""
    for sanction in sanctions:
        if lifting:
            sanction.lift(on=on)
        else:
            sanction.end(on=on)
        sanction.save(update_fields=["status", "ends_on"])
        audit_record(
            event_type=AuditEventType.SANCTION_LIFTED if lifting else AuditEventType.SANCTION_ENDED,
            actor=actor,
            role=role,
            case=decision.restriction_case,
            decision=decision,
            sanction=sanction,
            reason=decision.reasons,
        )


def decision_apply(
    *, decision: Decision, actor: User, role: str = "", profile=None
) -> RestrictionCase:
    """Move the case through the transition the approved decision calls for.

    Takes effect at once. Called inside the transaction that issues the decision's notice
    (`notices.services.notice_issue`), with its issuer as `actor`, or inside
    `decision_answer`'s on the extreme-behaviour path. A guard's refusal rolls that
    transaction back with its reason.
    """
    if decision.status != DecisionStatus.APPROVED:
        raise ValidationError("Only an approved decision can take effect.")
    if decision.applied_at is not None:
        raise ValidationError("This decision has already taken effect.")
    profile = profile or profile_get_active()
    case = RestrictionCase.objects.select_for_update().get(pk=decision.restriction_case_id)
    before = case.state
    kind_apply(case, decision, profile)
    # The proposer applied it, with the approvers' sign-off (Natural England: "Individuals
    # will never apply sanctions on their own"); under Natural England they review a
    # disengagement (step 7).
    case.applied_by_id = decision.proposed_by_id
    case.save()
    if decision.kind == DecisionKind.DISENGAGE:
        # The transition copies the scope's fields; its cases, a many-to-many, follow here,
        # so the banner treats contact about any other case as permitted (NE step 6).
        case.scope_cases.set(decision.scope_cases.all())
    decision.restriction_case = case
    audit_record(
        event_type=AuditEventType.DECISION_APPLIED,
        actor=actor,
        role=role,
        case=case,
        decision=decision,
        reason=decision.reasons,
        from_state=before,
        to_state=case.state,
    )
    today = timezone.localdate()
    in_force = case.sanctions.filter(status=SanctionStatus.ACTIVE).exclude(decision=decision)
    # A partial disengagement (NE step 5: "on a particular topic") leaves the sanctions in
    # force for contact on other topics; a full one makes them moot.
    full_disengagement = decision.kind == DecisionKind.DISENGAGE and decision.scope == Scope.ALL
    ending = {"on": today, "actor": actor, "role": role, "decision": decision}
    if decision.kind == DecisionKind.LIFT:
        _sanctions_take_out_of_force(in_force, lifting=True, **ending)
    elif decision.kind == DecisionKind.VARY or full_disengagement:
        _sanctions_take_out_of_force(in_force, lifting=False, **ending)
    elif decision.kind == DecisionKind.EXTEND_EXCLUSION:
        _sanctions_take_out_of_force(
            in_force.filter(kind__in=EXCLUSION_KINDS), lifting=False, **ending
        )
    for sanction in decision.sanctions.all():
        sanction.activate(on=today)
        sanction.save(update_fields=["status", "starts_on"])
    decision.applied_at = timezone.now()
    decision.save(update_fields=["applied_at"])
    _reviews_after(
        decision,
        case,
        actor=actor,
        role=role,
        profile=profile,
        today=today,
        out_of_review=before == Stage.UNDER_REVIEW,
    )
    return case


def reviewer_for(case: RestrictionCase) -> User | None:
    """Who holds the case's next review: the person who applied the decision in force.

    Natural England step 7 makes this a rule ("the responsibility of the person applying
    the sanction", `review_by_applier`); elsewhere they are the review's owner in the
    queues, and any manager may hold it.
    """
    return case.applied_by


def _reviews_after(
    decision: Decision,
    case: RestrictionCase,
    *,
    actor: User,
    role: str,
    profile,
    today: date,
    out_of_review: bool,
) -> None:
    """A decision has taken effect: the review it records concludes (the one it names, or
    the one in progress when it took the case out of review, as an extension after a
    breach does), any other review still open is superseded, and a restriction that now
    stands is scheduled its next review."""
    open_reviews = Review.objects.select_for_update().filter(
        restriction_case=case, state__in=OPEN_REVIEW_STATES
    )
    for review in open_reviews:
        concluded = review.is_in_progress and (
            review.pk == decision.review_id or (out_of_review and decision.review_id is None)
        )
        if concluded:
            review.conclude()
        else:
            review.supersede()
        review.closed_at = timezone.now()
        review.save()
        audit_record(
            event_type=AuditEventType.REVIEW_CONCLUDED
            if concluded
            else AuditEventType.REVIEW_SUPERSEDED,
            actor=actor,
            role=role,
            case=case,
            decision=decision,
            review=review,
            reason=decision.reasons,
        )
    if case.state not in (Stage.SANCTIONED, Stage.DISENGAGED):
        return
    due_on = review_scheduled_on(
        decision.review_due,
        disengaged=case.state == Stage.DISENGAGED,
        profile=profile,
        starts_on=today,
    )
    if due_on is None:  # the lifecycle's guards require a review date: not reached
        return
    if case.review_due != due_on:
        case.review_due = due_on
        case.save(update_fields=["review_due"])
    review = Review.objects.create(
        restriction_case=case,
        scheduled_by=decision,
        reviewing=case.state,
        due_on=due_on,
        first_due_on=due_on,
        since=decision.applied_at,
        reviewer=reviewer_for(case),
    )
    audit_record(
        event_type=AuditEventType.REVIEW_SCHEDULED,
        actor=actor,
        role=role,
        case=case,
        decision=decision,
        review=review,
        reason=f"Review due {due_on:%-d %B %Y}.",
    )
    transaction.on_commit(
        partial(notifications.review_named_tell, review.pk, actor.pk), robust=True
    )


@transaction.atomic
def review_start(*, case: RestrictionCase, actor: User, reason: str = "") -> RestrictionCase:
    """Open the review of a restriction (due, asked for, or after a breach)."""
    case = RestrictionCase.objects.select_for_update().get(pk=case.pk)
    answer = access.may_start_review(actor, case, profile_get_active())
    if not answer:
        raise PermissionDenied(answer.reason)
    if case.state == Stage.UNDER_REVIEW:
        return case
    _review_open(case, actor=actor, reason=reason)
    return case


def _review_open(case: RestrictionCase, *, actor: User, reason: str) -> Review:
    """Put the case under review and start its review record: the one waiting, or a new
    one due today for a review nobody scheduled (one asked for after a breach, or of a
    restriction that began before reviews were recorded)."""
    before = case.state
    proceed(
        case,
        case.start_review,
        wrong_state=f"There is nothing to review while the case is “{case.get_state_display()}”.",
    )
    case.save()
    review = (
        Review.objects.select_for_update()
        .filter(restriction_case=case, state__in=WAITING_REVIEW_STATES)
        .order_by("due_on", "pk")
        .first()
    )
    if review is None:
        today = timezone.localdate()
        last = case.decisions.filter(applied_at__isnull=False).order_by("-applied_at").first()
        review = Review(
            restriction_case=case,
            scheduled_by=last,
            reviewing=before,
            due_on=today,
            first_due_on=today,
            since=last.applied_at if last is not None else case.opened_at,
            reviewer=reviewer_for(case),
        )
    review.start()
    review.started_at = timezone.now()
    review.started_by = actor
    review.save()
    audit_record(
        event_type=AuditEventType.REVIEW_STARTED,
        actor=actor,
        case=case,
        review=review,
        reason=reason,
        from_state=before,
        to_state=case.state,
    )
    return review


@transaction.atomic
def contact_check_record(
    *,
    contact: Contact,
    assessment: Assessment,
    actor: User,
    instruction_followed: bool = True,
    different_topic: bool = False,
    new_information: bool = False,
) -> ContactCheck:
    """Keep what staff were told and what happened; an exclusion breach opens a review.

    A breach is written to the audit record, with the instruction staff followed.
    """
    if contact.customer_id != assessment.case.customer_id:
        raise ValidationError("That contact is from a different customer.")
    check = ContactCheck.objects.create(
        contact=contact,
        restriction_case=assessment.case,
        outcome=assessment.outcome,
        instruction=assessment.instruction,
        instruction_followed=instruction_followed,
        different_topic=different_topic,
        new_information=new_information,
        recorded_by=actor,
    )
    check.sanctions.set([f.sanction for f in assessment.findings if f.sanction is not None])
    breached_exclusion = any(
        f.outcome == CheckOutcome.BREACH
        and f.sanction is not None
        and f.sanction.kind in EXCLUSION_KINDS
        for f in assessment.findings
    )
    if check.outcome == CheckOutcome.BREACH:
        audit_record(
            event_type=AuditEventType.BREACH_RECORDED,
            actor=actor,
            case=assessment.case,
            reason=check.instruction,
        )
    if breached_exclusion:
        case = RestrictionCase.objects.select_for_update().get(pk=assessment.case.pk)
        if case.state == Stage.SANCTIONED:
            # Tamworth §8: an exclusion ignored may be reviewed and extended at once.
            _review_open(
                case, actor=actor, reason="A breach of an exclusion from buildings was recorded."
            )
    return check
