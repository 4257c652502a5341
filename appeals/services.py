"""Writes for appeals: record, accept or refuse late, acknowledge, assign, find, decide.

Each service owns its transaction and the appeal's row lock, asks `appeals.access`, moves
the appeal through one transition of `appeals.models.Appeal` and writes an audit event in
the same transaction. An upheld or partly upheld appeal changes the restriction only
through a decision to lift or vary (`restrictions.services`), which takes effect when its notice
(the appeal's outcome notice) is issued: approved as any decision is, or, where the
profile makes the appeal's outcome binding, determined by the appeal's decider.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import PurePath

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from appeals import access, rules
from appeals.models import (
    Appeal,
    AppealDocument,
    AppealEffect,
    AppealEventType,
    AppealOutcome,
    AppealState,
    LateDecision,
)
from cases.models import Customer, next_reference
from contactpolicy.choices import DecisionKind
from contactpolicy.models import ClosureDay, User
from contactpolicy.refusals import WRONG_STATE, Refusal, Refused, proceed
from contactpolicy.selectors import profile_get_active
from contactpolicy.storage import file_save
from notices.deadlines import notice_appeal_deadline
from notices.models import DECISION_KINDS, Notice, NoticeKind, NoticeState
from notices.services import notice_draft_of_kind
from restrictions.completeness import Proposal, ProposedSanction
from restrictions.models import (
    AuditEvent,
    AuditEventType,
    Decision,
    DecisionStatus,
    Sanction,
    SanctionStatus,
)
from restrictions.services import (
    audit_record,
    decision_determine,
    decision_propose_and_submit,
)

__all__ = [
    "appeal_acknowledge",
    "appeal_assign",
    "appeal_decide",
    "appeal_decide_late",
    "appeal_outcome_notice",
    "appeal_record",
    "appeal_record_findings",
    "appeal_withdraw",
    "limit_refusals",
]


def _calendar(profile):
    return profile.calendar(ClosureDay.objects.values_list("date", flat=True))


def _locked(appeal: Appeal) -> Appeal:
    return (
        Appeal.objects.select_for_update()
        .select_related("decision", "customer", "restriction_case")
        .get(pk=appeal.pk)
    )


def _audit(appeal: Appeal, event_type: str, actor: User, reason: str) -> None:
    audit_record(
        event_type=event_type,
        actor=actor,
        case=appeal.restriction_case,
        on=appeal,
        decision=appeal.decision,
        reason=f"{appeal.reference}: {reason}" if reason else appeal.reference,
    )


def _transition(appeal: Appeal, method) -> None:
    """Run a transition, or refuse with the sentence of the guard that stopped it."""
    proceed(
        appeal,
        method,
        wrong_state=f"This cannot be done while the {appeal.term} is "
        f"“{appeal.get_state_display().lower()}”.",
    )


def _refuse(appeal: Appeal, code: str, sentence: str):
    return Refused(Refusal(code, sentence), appeal)


def decision_notice_of(decision: Decision) -> Notice | None:
    """The decision's own notice (not an appeal's), the first issued, if it has one."""
    issued = [
        n
        for n in decision.notices.all()
        if n.kind in DECISION_KINDS
        and n.state in (NoticeState.ISSUED, NoticeState.SENT)
        and n.notice_date is not None
    ]
    return min(issued, key=lambda n: (n.notice_date, n.pk), default=None)


def stage_of(decision: Decision) -> str:
    """The stage the decision put the case in, from its audit record."""
    applied = (
        AuditEvent.objects.filter(decision=decision, event_type=AuditEventType.DECISION_APPLIED)
        .order_by("occurred_at")
        .values_list("to_state", flat=True)
        .first()
    )
    return applied or decision.restriction_case.state


def limit_refusals(case, decisions: Sequence[Decision], profile) -> dict[int, str]:
    """For each of the case's `decisions`, why an appeal against it now would be over the
    profile's limit at its stage (`rules.limit_refusal`), where it would; two queries. The
    form says so before the appeal is recorded, and asks staff to confirm it."""
    if not profile.appeal_limit_per_stage or not decisions:
        return {}
    stages: dict[int, str] = {}
    for decision_id, to_state in (
        AuditEvent.objects.filter(
            decision__in=decisions, event_type=AuditEventType.DECISION_APPLIED
        )
        .order_by("occurred_at")
        .values_list("decision_id", "to_state")
    ):
        stages.setdefault(decision_id, to_state)
    earlier = list(
        Appeal.objects.filter(customer_id=case.customer_id)
        .exclude(state=AppealState.REFUSED)
        .order_by("received_on", "pk")
    )
    refusals = {}
    for decision in decisions:
        stage = stages.get(decision.pk) or case.state
        at_stage = [a for a in earlier if a.stage == stage]
        if over := rules.limit_refusal(profile, stage, at_stage):
            refusals[decision.pk] = over
    return refusals


@transaction.atomic
def appeal_record(
    *,
    actor: User,
    decision: Decision,
    received_on: date,
    received_via: str,
    grounds: str,
    documents: Sequence = (),
    refusal_confirmed: bool = False,
) -> Appeal:
    """Record an appeal the customer sent against a decision that has taken effect.

    Its deadline is the decision's notice's (`notices.deadlines`): the profile's window from
    the day the customer was notified, never earlier than the date the letter states; an
    appeal received after it is flagged late and waits for the person the profile names
    to accept or refuse it. One over the profile's limit at its stage is recorded and
    refused at once, with the reason, once staff have confirmed it (`refusal_confirmed`)
    knowing why. The due date follows the profile from receipt.
    """
    profile = profile_get_active()
    access.require(access.may_record(actor, profile))
    decision = Decision.objects.select_related("restriction_case").get(pk=decision.pk)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if decision.status != DecisionStatus.APPROVED or decision.applied_at is None:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            f"{decision.reference} has not taken effect, so there is nothing to "
            f"{rules.term(profile)} against yet."
        )
    if received_on > today:
        errors.setdefault("received_on", []).append(
            "The date received must be today or in the past"
        )
    elif decision.decided_at and received_on < timezone.localtime(decision.decided_at).date():
        errors.setdefault("received_on", []).append(
            "The date received must be on or after the day the decision was made, "
            f"{timezone.localtime(decision.decided_at):%-d %B %Y}"
        )
    if not grounds.strip():
        errors.setdefault("grounds", []).append("Enter the customer's grounds")
    if problems := rules.document_errors(list(documents)):
        errors["documents"] = problems
    if errors:
        raise ValidationError(errors)
    # One customer's appeals are counted one at a time, so two recorded at once cannot both
    # pass a limit of one.
    customer = Customer.objects.select_for_update().get(pk=decision.restriction_case.customer_id)
    stage = stage_of(decision)
    if refusal := rules.stage_refusal(profile, stage):
        raise ValidationError({NON_FIELD_ERRORS: [refusal]})
    earlier = list(
        Appeal.objects.filter(customer=customer, stage=stage)
        .exclude(state=AppealState.REFUSED)
        .order_by("received_on", "pk")
    )
    over = rules.limit_refusal(profile, stage, earlier)
    if over and not refusal_confirmed:
        raise ValidationError(
            {
                "refusal_confirmed": [
                    f"Confirm that this {rules.term(profile)} will be recorded as refused: {over}"
                ]
            }
        )
    calendar = _calendar(profile)
    notice = decision_notice_of(decision)
    notice_date = notice.notice_date if notice is not None else None
    # The notice's deadline in force: never earlier than the date its letter states, and
    # the full window from the day the customer was deemed notified (ADR 0016).
    deadline = notice_appeal_deadline(notice, calendar) if notice is not None else None
    appeal = Appeal.objects.create(
        reference=next_reference("APL", today.year),
        decision=decision,
        restriction_case=decision.restriction_case,
        customer=customer,
        stage=stage,
        term=rules.term(profile),
        received_on=received_on,
        received_via=received_via,
        grounds=grounds.strip(),
        notice_date=notice_date,
        deadline=deadline,
        is_late=rules.is_late(deadline, received_on),
        decision_due=rules.decision_due(profile, calendar, received_on),
        acknowledge_due=rules.acknowledge_due(profile, calendar, received_on, received_via),
        recorded_by=actor,
    )
    late = f" Received after the deadline of {deadline:%-d %B %Y}." if appeal.is_late else ""
    _audit(appeal, AppealEventType.APPEAL_RECORDED, actor, f"{appeal.grounds}{late}")
    if over:
        appeal.refuse()
        appeal.refused_reason = over
        appeal.save()
        _audit(appeal, AppealEventType.APPEAL_REFUSED, actor, over)
    _store_documents(appeal, documents, actor)
    return appeal


def _store_documents(appeal: Appeal, documents: Iterable, actor: User) -> None:
    """Keep each upload through Django's storage API; none outlives a failed save."""
    stored = []
    try:
        for upload in documents:
            document = AppealDocument(
                appeal=appeal,
                original_name=PurePath(upload.name).name[:255],
                content_type=rules.DOCUMENT_TYPES[PurePath(upload.name).suffix.lower()][0],
                size=upload.size,
                uploaded_by=actor,
            )
            name = get_valid_filename(PurePath(upload.name).name)[-100:]
            file_save(field_file=document.file, name=name, data=upload)
            stored.append(document.file.name)
            document.save()
    except Exception:
        for name in stored:
            AppealDocument.file.field.storage.delete(name)
        raise


@transaction.atomic
def appeal_decide_late(*, actor: User, appeal: Appeal, accept: bool, reason: str) -> Appeal:
    """Accept a late appeal for consideration, or refuse it; either way with a reason."""
    appeal = _locked(appeal)
    profile = profile_get_active()
    access.require(access.may_decide_late(actor, appeal, profile))
    if not appeal.awaits_late_decision:
        raise _refuse(appeal, WRONG_STATE, "This appeal is not waiting for a decision on lateness.")
    if not reason.strip():
        raise ValidationError({"reason": ["Write the reason for accepting or refusing it"]})
    appeal.late_decision = LateDecision.ACCEPTED if accept else LateDecision.REFUSED
    appeal.late_reason = reason.strip()
    appeal.late_decided_by = actor
    appeal.late_decided_at = timezone.now()
    if not accept:
        _transition(appeal, appeal.refuse)
        appeal.refused_reason = (
            f"Received on {appeal.received_on:%-d %B %Y}, after the deadline of "
            f"{appeal.deadline:%-d %B %Y}: {appeal.late_reason}"
        )
    appeal.save()
    _audit(
        appeal,
        AppealEventType.APPEAL_LATE_DECIDED,
        actor,
        f"{LateDecision(appeal.late_decision).label}: {appeal.late_reason}",
    )
    return appeal


@transaction.atomic
def appeal_acknowledge(*, actor: User, appeal: Appeal) -> Appeal:
    """Acknowledge the appeal and draft its acknowledgement notice, to issue and send."""
    appeal = _locked(appeal)
    access.require(access.may_acknowledge(actor))
    _transition(appeal, appeal.acknowledge)
    appeal.acknowledgement_notice = notice_draft_of_kind(
        decision=appeal.decision, kind=NoticeKind.APPEAL_ACKNOWLEDGEMENT, actor=actor
    )
    appeal.save()
    _audit(appeal, AppealEventType.APPEAL_ACKNOWLEDGED, actor, "")
    return appeal


@transaction.atomic
def appeal_assign(*, actor: User, appeal: Appeal, investigator: User) -> Appeal:
    """Assign (or change) the investigator; the first assignment starts the investigation."""
    appeal = _locked(appeal)
    profile = profile_get_active()
    access.require(access.may_assign(actor, profile, appeal))
    if not (answer := access.may_investigate(investigator, profile, appeal)):
        raise ValidationError({"investigator": [answer.reason]})
    if appeal.state not in (AppealState.ACKNOWLEDGED, AppealState.UNDER_INVESTIGATION):
        raise _refuse(
            appeal,
            WRONG_STATE,
            f"An investigator is assigned once the {appeal.term} is acknowledged and until "
            "it is decided.",
        )
    appeal.investigator = investigator
    appeal.assigned_at = timezone.now()
    if appeal.state == AppealState.ACKNOWLEDGED:
        _transition(appeal, appeal.start_investigation)
    appeal.save()
    _audit(appeal, AppealEventType.APPEAL_INVESTIGATOR_ASSIGNED, actor, str(investigator))
    return appeal


@transaction.atomic
def appeal_record_findings(*, actor: User, appeal: Appeal, findings: str) -> Appeal:
    appeal = _locked(appeal)
    access.require(access.may_record_findings(actor, appeal))
    if appeal.state != AppealState.UNDER_INVESTIGATION:
        raise _refuse(
            appeal, WRONG_STATE, "Findings are recorded while the appeal is under investigation."
        )
    if not findings.strip():
        raise ValidationError({"findings": ["Enter the findings"]})
    appeal.findings = findings.strip()
    appeal.findings_at = timezone.now()
    appeal.save()
    _audit(appeal, AppealEventType.APPEAL_FINDINGS_RECORDED, actor, appeal.findings)
    return appeal


def _kept(sanction: Sanction) -> ProposedSanction:
    """A sanction in force, as a proposal to keep it unchanged in a variation."""
    fields = {
        name: getattr(sanction, name)
        for name in ProposedSanction.__dataclass_fields__
        if name not in {"sanction_type", "scope_cases", "starts_on"}
    }
    return ProposedSanction(
        sanction_type=sanction.sanction_type,
        scope_cases=list(sanction.scope_cases.all()),
        **fields,
    )


@transaction.atomic
def appeal_decide(
    *,
    actor: User,
    appeal: Appeal,
    outcome: str,
    reasons: str,
    effect: str = "",
    keep: Iterable[Sanction] = (),
) -> Appeal:
    """Record the outcome with reasons.

    Not upheld: the outcome notice is drafted about the decision appealed against, which
    stands. Upheld: a decision to lift. Partly upheld: a decision to lift, or to vary by
    keeping only the sanctions in `keep`. It carries the original decision's checklist
    answers and assessments, which record the customer's circumstances. Where the profile
    makes the outcome binding, the decider's determination is that decision and its
    outcome notice is drafted at once; otherwise it is submitted for approval by those the
    profile names.
    """
    appeal = _locked(appeal)
    profile = profile_get_active()
    access.require(access.may_decide(actor, appeal, profile))
    errors: dict[str, list[str]] = {}
    if outcome not in AppealOutcome.values:
        errors["outcome"] = ["Choose upheld, partly upheld or not upheld"]
    if not reasons.strip():
        errors["reasons"] = ["Enter the reasons for the outcome"]
    if outcome == AppealOutcome.UPHELD:
        effect = AppealEffect.LIFT
    elif outcome == AppealOutcome.NOT_UPHELD:
        effect = ""
    elif outcome == AppealOutcome.PARTLY_UPHELD and effect not in AppealEffect.values:
        errors["effect"] = ["Choose whether to lift or vary the restriction"]
    case = appeal.restriction_case
    in_force = list(
        case.sanctions.filter(status=SanctionStatus.ACTIVE).select_related("sanction_type")
    )
    keep = [s for s in keep if s in in_force]
    if effect == AppealEffect.VARY and not keep:
        errors["keep"] = ["Choose the sanctions that continue"]
    elif effect == AppealEffect.VARY and len(keep) == len(in_force):
        errors["keep"] = ["Leave out at least one sanction, or choose not upheld"]
    if errors:
        raise ValidationError(errors)
    _transition(appeal, appeal.decide)
    appeal.outcome = outcome
    appeal.effect = effect
    appeal.outcome_reasons = reasons.strip()
    appeal.decided_by = actor
    appeal.decided_at = timezone.now()
    if effect:
        original = appeal.decision
        words = (
            f"{appeal.term.capitalize()} {appeal.reference} {AppealOutcome(outcome).label.lower()}"
        )
        proposal = Proposal(
            kind=DecisionKind.LIFT if effect == AppealEffect.LIFT else DecisionKind.VARY,
            reasons=f"{words}: {appeal.outcome_reasons}",
            incidents=list(original.incidents.all()),
            checklist=original.checklist,
            exceptional_circumstances=original.exceptional_circumstances,
            impact_on_business=original.impact_on_business,
            impact_on_customer=original.impact_on_customer,
            proportionality=original.proportionality,
            review_due=case.review_due,
            sanctions=[_kept(s) for s in keep],
            # Natural England Annex B: the line manager of whoever corresponds with the
            # customer signs off, never the appeal decider's own line manager. A decision
            # naming nobody was signed off as its proposer's (`line_manager_refusal`).
            correspondent=original.correspondent or original.proposed_by,
        )
        if profile.appeal_outcome_binding:
            # The decider's determination is the decision (Tamworth §4, §10; IPCC §7): it
            # takes effect with the outcome notice, drafted now, with no other approval.
            appeal.resulting_decision = decision_determine(
                actor=actor,
                customer=appeal.customer,
                proposal=proposal,
                role=access.deciding_role(actor, appeal, profile),
                authority=f"Determined on {appeal.term} {appeal.reference} by its decider, "
                f"under the {profile.short_name} policy.",
            )
            appeal.save()
            appeal.outcome_notice = notice_draft_of_kind(
                decision=appeal.resulting_decision, kind=NoticeKind.APPEAL_OUTCOME, actor=actor
            )
        else:
            appeal.resulting_decision = decision_propose_and_submit(
                actor=actor, customer=appeal.customer, proposal=proposal, submit=True
            )
    else:
        # Saved first, so that the notice is signed by the person who decided the appeal.
        appeal.save()
        appeal.outcome_notice = notice_draft_of_kind(
            decision=appeal.decision, kind=NoticeKind.APPEAL_OUTCOME, actor=actor
        )
    appeal.save()
    _audit(
        appeal,
        AppealEventType.APPEAL_DECIDED,
        actor,
        f"{AppealOutcome(outcome).label}: {appeal.outcome_reasons}",
    )
    return appeal


@transaction.atomic
def appeal_outcome_notice(*, actor: User, appeal: Appeal) -> Appeal:
    """Draft the outcome notice of an upheld appeal once its decision is approved. Issuing
    it makes the decision to lift or vary take effect."""
    appeal = _locked(appeal)
    access.require(access.may_acknowledge(actor))
    if appeal.outcome_notice_id is not None:
        return appeal
    resulting = appeal.resulting_decision
    if appeal.state != AppealState.DECIDED or resulting is None:
        raise _refuse(appeal, WRONG_STATE, "The outcome notice follows the decision on the appeal.")
    if resulting.status != DecisionStatus.APPROVED:
        raise _refuse(
            appeal,
            WRONG_STATE,
            f"{resulting.reference} is {resulting.get_status_display().lower()}: the outcome "
            "notice is drafted once it is approved.",
        )
    # The decision's own notice is this one if it was drafted from the decision's page.
    appeal.outcome_notice = resulting.notices.exclude(
        state=NoticeState.WITHDRAWN
    ).first() or notice_draft_of_kind(
        decision=resulting, kind=NoticeKind.APPEAL_OUTCOME, actor=actor
    )
    appeal.save()
    return appeal


@transaction.atomic
def appeal_withdraw(*, actor: User, appeal: Appeal, reason: str) -> Appeal:
    appeal = _locked(appeal)
    access.require(access.may_withdraw(actor))
    if not reason.strip():
        raise ValidationError({"reason": ["Write how the customer withdrew it"]})
    _transition(appeal, appeal.withdraw)
    appeal.withdrawn_reason = reason.strip()
    appeal.save()
    _audit(appeal, AppealEventType.APPEAL_WITHDRAWN, actor, appeal.withdrawn_reason)
    return appeal
