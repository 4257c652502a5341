"""Who investigates and decides an appeal, as the profile names their posts, and an appeal
decider's determination taking effect as the decision where the policy makes it so."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from appeals import access, services
from appeals.models import AppealOutcome
from contactpolicy.choices import DecisionKind
from contactpolicy.models import Notification
from contactpolicy.posts import appeal_deadlock
from contactpolicy.roles import Role
from notices import access as notice_access
from notices.models import NoticeKind
from notices.services import notice_html, notice_issue
from restrictions.models import ApprovalOutcome, DecisionStatus, SanctionStatus, Stage
from restrictions.services import decision_answer
from tests.appeals.factories import profile_set, record, restricted
from tests.restrictions.factories import (
    _active_profile_row,
    approve,
    approve_all,
    person,
    propose_and_submit,
    sanction_of,
)

pytestmark = pytest.mark.django_db

HCS = "Head of Customer Services"
DIRECTOR = "Director of Transformation and Corporate Performance"


def _acknowledged(appeal):
    return services.appeal_acknowledge(actor=person(Role.LINE_MANAGER), appeal=appeal)


def _investigated(appeal, investigator=None):
    appeal = _acknowledged(appeal)
    investigator = investigator or person(Role.HEAD_OF_SERVICE, job_title=HCS)
    appeal = services.appeal_assign(actor=investigator, appeal=appeal, investigator=investigator)
    return services.appeal_record_findings(
        actor=investigator, appeal=appeal, findings="The recording shows no abuse."
    )


# -- Item 2: the Head of Customer Services investigates -------------------------------------


def test_tamworth_the_head_of_customer_services_investigates_not_any_head_of_service(
    activate_profile,
):
    """Tamworth §10: "The Head of Customer Services will investigate and present the
    findings to a member of CMT the case within 6 weeks of the request." §4: the Head of
    Customer Services will "investigate appeals and present the outcome to a member of CMT".

    A head of service with another title neither assigns nor investigates; nor does the
    Head of Customer Services where they took part in the decision appealed against.
    """
    activate_profile("tamworth")
    profile = _active_profile_row()
    assert (profile.appeal_to_role, profile.appeal_to_title) == (Role.HEAD_OF_SERVICE, HCS)
    head_of_housing = person(Role.HEAD_OF_SERVICE, job_title="Head of Housing")
    hcs = person(Role.HEAD_OF_SERVICE, job_title="head of customer services ")
    appeal = _acknowledged(record(restricted(approvers=[head_of_housing])))

    assert access.may_assign(hcs, profile)
    assert access.may_investigate(hcs, profile, appeal)
    refused = access.may_investigate(head_of_housing, profile, appeal)
    assert not refused
    assert refused.reason == (
        "Under the Tamworth policy the Head of Customer Services investigates appeals."
    )
    assert not access.may_assign(head_of_housing, profile)
    assert not access.may_assign(person(Role.CHIEF_EXECUTIVE), profile)
    with pytest.raises(PermissionDenied):
        services.appeal_assign(actor=head_of_housing, appeal=appeal, investigator=head_of_housing)


def test_tamworth_nobody_who_took_part_in_the_decision_investigates_the_appeal(
    activate_profile,
):
    """Tamworth §10: "The Head of Customer Services will investigate"; an appeal "against
    the decision" is not investigated by a person who made it."""
    activate_profile("tamworth")
    profile = _active_profile_row()
    proposing_hcs = person(Role.HEAD_OF_SERVICE, job_title=HCS)
    other_hcs = person(Role.HEAD_OF_SERVICE, job_title=HCS)
    decision = restricted(proposer=proposing_hcs, approvers=[person(Role.HEAD_OF_SERVICE)])
    appeal = _acknowledged(record(decision))

    answer = access.may_investigate(proposing_hcs, profile, appeal)
    assert not answer
    assert f"took part in {decision.reference}" in answer.reason
    with pytest.raises(ValidationError) as info:
        services.appeal_assign(actor=other_hcs, appeal=appeal, investigator=proposing_hcs)
    assert "took part in" in info.value.message_dict["investigator"][0]
    appeal = services.appeal_assign(actor=proposing_hcs, appeal=appeal, investigator=other_hcs)
    assert appeal.investigator == other_hcs


def test_where_the_policy_names_no_investigator_any_line_manager_investigates(activate_profile):
    """IPCC §7 names nobody ("through the IPCC internal complaints procedure"): no job title
    is asked for, and any line manager or above who took no part investigates."""
    activate_profile("ipcc")
    profile = _active_profile_row()
    assert (profile.appeal_to_role, profile.appeal_to_title) == (None, "")
    appeal = _acknowledged(
        record(restricted("one_method", approvers=[person(Role.CHIEF_EXECUTIVE)]))
    )
    assert access.may_investigate(person(Role.LINE_MANAGER), profile, appeal)
    assert access.may_investigate(
        person(Role.HEAD_OF_SERVICE, job_title="Head of Housing"), profile, appeal
    )
    assert not access.may_investigate(person(Role.CASEWORKER), profile, appeal)


# -- Item 3: the decider's determination is the decision ------------------------------------


def test_tamworth_an_upheld_appeal_takes_effect_with_its_notice_without_another_approval(
    activate_profile,
):
    """Tamworth §4: the Corporate Management Team will "determine customer's appeals
    against the decision made by the Council to manage them under this policy". §10: "The
    Head of Customer Services will investigate and present the findings to a member of CMT".

    The member of CMT's determination is the decision: the lift is approved by it, its
    outcome notice is drafted at once, and issuing it (by a line manager) lifts the
    restriction. Nobody who made the decision appealed is asked to approve anything.
    """
    activate_profile("tamworth")
    assert _active_profile_row().appeal_outcome_binding
    head_of_housing = person(Role.HEAD_OF_SERVICE, job_title="Head of Housing")
    decision = restricted(approvers=[head_of_housing])
    case = decision.restriction_case
    appeal = _investigated(record(decision))
    cmt = person(Role.CHIEF_EXECUTIVE)

    appeal = services.appeal_decide(
        actor=cmt, appeal=appeal, outcome=AppealOutcome.UPHELD, reasons="No abuse took place."
    )
    lift = appeal.resulting_decision
    assert (lift.kind, lift.status) == (DecisionKind.LIFT, DecisionStatus.APPROVED)
    assert [(a.approver, a.outcome) for a in lift.approvals.all()] == [
        (cmt, ApprovalOutcome.APPROVE)
    ]
    assert appeal.outcome_notice.kind == NoticeKind.APPEAL_OUTCOME
    assert appeal.outcome_notice.signatory == cmt
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED  # until the customer's notice is issued

    notice_issue(notice=appeal.outcome_notice, actor=person(Role.LINE_MANAGER))
    case.refresh_from_db()
    assert case.state == Stage.LIFTED
    assert not case.sanctions.filter(status=SanctionStatus.ACTIVE).exists()


def test_tamworth_nobody_is_asked_to_approve_the_determination(
    activate_profile, client, django_capture_on_commit_callbacks
):
    """Tamworth §4: the Corporate Management Team will "determine customer's appeals
    against the decision made by the Council to manage them under this policy".

    The lift a member of CMT determines is never put to an approver: the head of service
    who made the decision appealed is not told it waits for them, it is on nobody's
    approvals queue, and they cannot refuse it.
    """
    activate_profile("tamworth")
    head_of_housing = person(Role.HEAD_OF_SERVICE, job_title="Head of Housing")
    appeal = _investigated(record(restricted(approvers=[head_of_housing])))
    with django_capture_on_commit_callbacks(execute=True):
        appeal = services.appeal_decide(
            actor=person(Role.CHIEF_EXECUTIVE),
            appeal=appeal,
            outcome=AppealOutcome.UPHELD,
            reasons="No abuse took place.",
        )
    lift = appeal.resulting_decision
    told = Notification.objects.filter(recipient=head_of_housing).values_list("message", flat=True)
    assert not [message for message in told if lift.reference in message and "wait" in message]
    client.force_login(head_of_housing)
    assert lift.reference not in client.get(reverse("restrictions:approvals")).content.decode()
    with pytest.raises(ValidationError) as refused:
        decision_answer(
            decision=lift,
            actor=head_of_housing,
            outcome=ApprovalOutcome.REJECT,
            reason="I still think the exclusion was right.",
        )
    assert "already been answered: it is approved" in str(refused.value)
    lift.refresh_from_db()
    assert lift.status == DecisionStatus.APPROVED


def test_tamworth_a_partly_upheld_appeal_varies_the_restriction_with_its_notice(
    activate_profile,
):
    """Tamworth §4: the Corporate Management Team will "determine customer's appeals
    against the decision made by the Council to manage them under this policy".

    A partly upheld appeal that keeps one sanction and drops another is the variation: it
    is approved by the member of CMT who determined it, and issuing its outcome notice
    leaves only the sanction kept, with nobody else approving it.
    """
    activate_profile("tamworth")
    profile = _active_profile_row()
    decision = restricted("one_method", channel="letter")
    case = decision.restriction_case
    more = propose_and_submit(
        decision.proposed_by,
        case.customer,
        "vary",
        incidents=list(decision.incidents.all()),
        sanctions=[
            sanction_of(profile, "one_method", channel="letter"),
            sanction_of(profile, "building_exclusion", buildings="Marmion House"),
        ],
    )
    approver = person(Role.HEAD_OF_SERVICE, job_title="Head of Housing")
    approve_all(more, [approver])
    letter_only = case.sanctions.get(status=SanctionStatus.ACTIVE, sanction_type__kind="one_method")
    appeal = _investigated(record(more))
    cmt = person(Role.CHIEF_EXECUTIVE)

    appeal = services.appeal_decide(
        actor=cmt,
        appeal=appeal,
        outcome=AppealOutcome.PARTLY_UPHELD,
        reasons="The exclusion went too far; writing by letter stays.",
        effect="vary",
        keep=[letter_only],
    )
    vary = appeal.resulting_decision
    assert (vary.kind, vary.status) == (DecisionKind.VARY, DecisionStatus.APPROVED)
    assert [a.approver for a in vary.approvals.all()] == [cmt]
    assert "We have upheld part of your appeal" in notice_html(appeal.outcome_notice)

    notice_issue(notice=appeal.outcome_notice, actor=person(Role.LINE_MANAGER))
    left = list(case.sanctions.filter(status=SanctionStatus.ACTIVE))
    assert [(s.kind, s.decision_id) for s in left] == [("one_method", vary.pk)]


def test_ipcc_the_dispute_outcome_is_the_decision(activate_profile):
    """IPCC §7: "After such concerns have been considered, the customer will be informed in
    writing that either the restricted contact arrangements still apply or a different
    course of action has been agreed." The answer is the decision: no second approval."""
    activate_profile("ipcc")
    assert _active_profile_row().appeal_outcome_binding
    decision = restricted("one_method", approvers=[person(Role.CHIEF_EXECUTIVE)])
    case = decision.restriction_case
    appeal = _investigated(record(decision), person(Role.LINE_MANAGER))
    appeal = services.appeal_decide(
        actor=person(Role.HEAD_OF_SERVICE),
        appeal=appeal,
        outcome=AppealOutcome.UPHELD,
        reasons="The calls were about a new complaint.",
    )
    assert appeal.resulting_decision.status == DecisionStatus.APPROVED
    notice_issue(notice=appeal.outcome_notice, actor=person(Role.LINE_MANAGER))
    case.refresh_from_db()
    assert case.state == Stage.LIFTED


def test_natural_england_an_upheld_challenge_is_approved_as_any_decision(activate_profile):
    """Natural England, "Appeals": a challenge "will be reviewed as a Stage 3 complaint"; the
    policy does not make the review's finding the decision, so the lift it leads to is
    approved as any decision is (Annex B), and nothing is drafted until it is."""
    activate_profile("natural-england")
    assert not _active_profile_row().appeal_outcome_binding
    their_head = person(Role.HEAD_OF_SERVICE)
    decision = restricted(
        "one_method",
        approvers=[their_head, person(Role.CHIEF_EXECUTIVE)],
        proposer=person(Role.LINE_MANAGER, line_manager=their_head),
    )
    appeal = _investigated(record(decision), person(Role.LINE_MANAGER))
    appeal = services.appeal_decide(
        actor=person(Role.LINE_MANAGER),
        appeal=appeal,
        outcome=AppealOutcome.UPHELD,
        reasons="The behaviour was misread.",
    )
    assert appeal.resulting_decision.status == DecisionStatus.SUBMITTED
    assert appeal.outcome_notice is None


# -- Item 22: nobody left to decide ---------------------------------------------------------


def _reserve_sanctions_to_the_chief_executive():
    rule = _active_profile_row().decision_rules.get(decision_kind=DecisionKind.SANCTION)
    rule.reserved_to_chief_executive = True
    rule.save()
    return rule


def test_tamworth_another_member_of_cmt_decides_when_the_chief_executive_made_the_decision(
    activate_profile,
):
    """Tamworth §4: the Corporate Management Team will "determine customer's appeals"; §10:
    the findings go "to a member of CMT". Where sanctions are reserved to the Chief
    Executive, the Chief Executive took part, so the profile's other member of CMT decides;
    that director does not decide an appeal the Chief Executive can."""
    activate_profile("tamworth")
    _reserve_sanctions_to_the_chief_executive()
    profile = _active_profile_row()
    assert appeal_deadlock(profile, profile.decision_rules.all()) == ""
    chief = person(Role.CHIEF_EXECUTIVE)
    director = person(Role.HEAD_OF_SERVICE, job_title=DIRECTOR)
    appeal = _investigated(record(restricted(approvers=[chief])))

    assert not access.may_decide(chief, appeal, profile)
    assert access.may_decide(director, appeal, profile)
    assert not access.may_decide(person(Role.HEAD_OF_SERVICE, job_title=HCS), appeal, profile)
    appeal = services.appeal_decide(
        actor=director, appeal=appeal, outcome=AppealOutcome.NOT_UPHELD, reasons="It stands."
    )
    assert appeal.decided_by == director

    # Where no member of CMT took part, the Chief Executive's role decides, not the director.
    rule = profile.decision_rules.get(decision_kind=DecisionKind.SANCTION)
    rule.reserved_to_chief_executive = False
    rule.save()
    other = _investigated(record(restricted(approvers=[person(Role.HEAD_OF_SERVICE)])))
    answer = access.may_decide(director, other, profile)
    assert not answer
    assert "decides only when they took part" in answer.reason


def test_rules_that_leave_an_appeal_with_nobody_to_decide_it_are_named(activate_profile):
    """Tamworth §4, §10: a member of CMT decides, and no one who took part: with sanctions
    reserved to the Chief Executive and no other decider named, no appeal against them could
    ever be decided, and the reason says what to set."""
    activate_profile("tamworth")
    rule = _reserve_sanctions_to_the_chief_executive()
    profile = profile_set(appeal_alternative_decider_role=None, appeal_alternative_decider_title="")
    reason = appeal_deadlock(profile, [rule])
    assert reason.startswith(
        "Appeals could not be decided: a decision to impose sanctions is reserved to the "
        "Chief Executive, and a chief executive decides appeals"
    )
    assert "Name who decides an appeal when the first choice took part" in reason
    same = profile_set(appeal_alternative_decider_role=Role.CHIEF_EXECUTIVE)
    assert "could be the same person" in appeal_deadlock(same, [rule])
    rule.reserved_to_chief_executive = False
    assert appeal_deadlock(same, [rule]) == ""


def test_an_appeal_acknowledgement_does_not_wait_for_the_chief_executive(activate_profile):
    """Tamworth §10: the customer "must write to the Head of Customer Services"; the
    acknowledgement is routine, so a line manager issues it even when the decision appealed
    was reserved to (and made by) the Chief Executive. The decision's own notice still
    waits for the Chief Executive."""
    activate_profile("tamworth")
    _reserve_sanctions_to_the_chief_executive()
    profile = _active_profile_row()
    chief = person(Role.CHIEF_EXECUTIVE)
    decision = restricted(approvers=[chief])
    manager = person(Role.LINE_MANAGER)
    appeal = _acknowledged(record(decision))
    acknowledgement = appeal.acknowledgement_notice
    assert notice_access.may_issue(manager, acknowledgement, profile)
    notice_issue(notice=acknowledgement, actor=manager)
    own = decision.notices.get(kind=NoticeKind.BUILDING_EXCLUSION)
    assert not notice_access.may_issue(manager, own, profile)


def test_the_outcome_of_a_binding_appeal_is_issued_without_the_chief_executive(
    activate_profile,
):
    """Tamworth §4, §10: a member of CMT determines the appeal. With lifts reserved to the
    Chief Executive, the Chief Executive who made the decision appealed neither approves
    the lift nor issues its notice: the director's determination takes effect with it."""
    activate_profile("tamworth")
    _reserve_sanctions_to_the_chief_executive()
    lift_rule = _active_profile_row().decision_rules.get(decision_kind=DecisionKind.LIFT)
    lift_rule.reserved_to_chief_executive = True
    lift_rule.save()
    chief = person(Role.CHIEF_EXECUTIVE)
    decision = restricted(approvers=[chief])
    appeal = _investigated(record(decision))
    director = person(Role.HEAD_OF_SERVICE, job_title=DIRECTOR)
    appeal = services.appeal_decide(
        actor=director, appeal=appeal, outcome=AppealOutcome.UPHELD, reasons="Misidentified."
    )
    notice_issue(notice=appeal.outcome_notice, actor=person(Role.LINE_MANAGER))
    decision.restriction_case.refresh_from_db()
    assert decision.restriction_case.state == Stage.LIFTED
    assert chief not in [a.approver for a in appeal.resulting_decision.approvals.all()]


def test_a_profile_that_is_not_binding_still_refuses_the_deciders_own_decision(activate_profile):
    """The approval path is unchanged where the profile does not make the outcome binding."""
    activate_profile("tamworth")
    profile_set(appeal_outcome_binding=False)
    appeal = _investigated(record(restricted(approvers=[person(Role.HEAD_OF_SERVICE)])))
    appeal = services.appeal_decide(
        actor=person(Role.CHIEF_EXECUTIVE),
        appeal=appeal,
        outcome=AppealOutcome.UPHELD,
        reasons="No abuse took place.",
    )
    lift = appeal.resulting_decision
    assert lift.status == DecisionStatus.SUBMITTED
    approve(lift, person(Role.HEAD_OF_SERVICE), issue=False)
    assert appeal.outcome_notice is None
