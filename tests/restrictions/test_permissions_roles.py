"""Who may do what in the lifecycle, role by role (DESIGN.md §1, §6; STYLE.md 7).

Each role is a person holding only that role. Every action goes through its service, which
either does it or raises PermissionDenied with the sentence the screen shows.
"""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied

from contactpolicy.models import PolicyProfile
from contactpolicy.roles import Role
from restrictions.access import may_answer
from restrictions.completeness import Proposal
from restrictions.models import Approval, DecisionStatus, Stage
from restrictions.services import decision_propose, review_start
from tests.cases.factories import CustomerFactory
from tests.factories import UserFactory
from tests.restrictions.factories import (
    approve,
    full_answers,
    incident,
    person,
    propose_and_submit,
    sanction_of,
)

pytestmark = pytest.mark.django_db

ROLES = {
    "caseworker": Role.CASEWORKER,
    "line manager": Role.LINE_MANAGER,
    "head of service": Role.HEAD_OF_SERVICE,
    "chief executive": Role.CHIEF_EXECUTIVE,
    "administrator only": Role.ADMINISTRATOR,
    "outsider (no role)": None,
}
ACTIONS = [
    "propose",
    "approve a BTPA decision reserved to the Chief Executive",
    "approve an IPCC decision for a head of function",
    "approve a Natural England line manager's sanction",
    "start a review",
]
# Which role may do which action; every other pair is refused.
ALLOWED = {
    "caseworker": set(),
    "line manager": {ACTIONS[0], ACTIONS[3], ACTIONS[4]},
    "head of service": {ACTIONS[0], ACTIONS[2], ACTIONS[3], ACTIONS[4]},
    "chief executive": set(ACTIONS),
    "administrator only": set(),
    "outsider (no role)": set(),
}
REFUSALS = {
    ACTIONS[0]: "Only a line manager or someone more senior can propose a decision.",
    ACTIONS[1]: "The BTPA policy reserves this decision to the Chief Executive.",
    ACTIONS[2]: "Under the IPCC policy this decision is approved by a chief executive or head "
    "of service.",
    ACTIONS[3]: "Under the Natural England policy this decision is approved by a chief "
    "executive or head of service or line manager.",
    ACTIONS[4]: "Only a manager can start a review.",
}
TABLE = [
    pytest.param(role, action, action in ALLOWED[role], id=f"{role} / {action}")
    for role in ROLES
    for action in ACTIONS
]


def submitted_sanction(slug, activate_profile):
    """A sanction decision waiting for approval under profile `slug`, proposed by a line
    manager (not the person under test) after a warning the policy's way round."""
    profile = activate_profile(slug)
    # Natural England Annex B: the proposer corresponds with the customer, and their line
    # manager signs the sanction off, so every proposer has one recorded.
    their_manager = person(Role.HEAD_OF_SERVICE)
    proposer = person(Role.LINE_MANAGER, line_manager=their_manager)
    recorder = person(Role.CASEWORKER)
    customer = CustomerFactory()
    reason = "The customer gives no postal address, so no warning letter can reach them."
    decision = propose_and_submit(
        proposer,
        customer,
        "sanction",
        incidents=[incident(customer, recorder)],
        sanctions=[sanction_of(profile, "one_method", channel="email")],
        warning_not_possible_reason=reason,
    )
    return SimpleNamespace(decision=decision, customer=customer, line_manager=their_manager)


def act(action, user, activate_profile):
    """Do `action` as `user`; return what to check afterwards."""
    if action == ACTIONS[0]:
        activate_profile("btpa")
        customer = CustomerFactory()
        checklist, exceptional = full_answers_active()
        decision = decision_propose(
            actor=user,
            customer=customer,
            proposal=Proposal(
                kind="warn",
                reasons="Forty calls in a day to five members of staff.",
                incidents=[incident(customer, person(Role.CASEWORKER))],
                checklist=checklist,
                exceptional_circumstances=exceptional,
            ),
        )
        return lambda: decision.status == DecisionStatus.DRAFT and decision.proposed_by == user
    slug = {ACTIONS[1]: "btpa", ACTIONS[2]: "ipcc", ACTIONS[3]: "natural-england"}.get(action)
    if slug is not None:
        arranged = submitted_sanction(slug, activate_profile)
        approve(arranged.decision, user)

        def approved():
            decision = arranged.decision
            decision.refresh_from_db()
            answer = Approval.objects.get(decision=decision)
            state = decision.restriction_case.__class__.objects.get(
                pk=decision.restriction_case_id
            ).state
            if slug == "natural-england":  # one of the two approvals needed
                return decision.status == DecisionStatus.SUBMITTED and state == Stage.MONITORING
            return (
                answer.approver == user
                and decision.status == DecisionStatus.APPROVED
                and state == Stage.SANCTIONED
            )

        return approved
    # Start a review of sanctions in force.
    arranged = submitted_sanction("ipcc", activate_profile)
    approve(arranged.decision, person(Role.HEAD_OF_SERVICE))
    case = arranged.customer.restriction_cases.get()
    assert case.state == Stage.SANCTIONED
    reviewed = review_start(case=case, actor=user)
    return lambda: reviewed.state == Stage.UNDER_REVIEW


def full_answers_active():
    from contactpolicy.selectors import profile_get_active

    return full_answers(profile_get_active())


@pytest.mark.parametrize(("role", "action", "allowed"), TABLE)
def test_role_may_or_may_not(activate_profile, role, action, allowed):
    user = person(ROLES[role])
    if allowed:
        outcome = act(action, user, activate_profile)
        assert outcome()
        return
    with pytest.raises(PermissionDenied) as info:
        act(action, user, activate_profile)
    assert str(info.value) == REFUSALS[action]


def test_the_table_covers_every_role_and_action():
    assert len(TABLE) == len(ROLES) * len(ACTIONS) == 30
    assert sum(1 for p in TABLE if p.values[2]) == 3 + 4 + 5


def test_a_person_with_several_roles_acts_in_the_most_senior_one(activate_profile):
    arranged = submitted_sanction("ipcc", activate_profile)
    both = UserFactory(roles=[Role.CASEWORKER, Role.HEAD_OF_SERVICE])
    assert both.effective_grade == 3
    approve(arranged.decision, both)
    assert Approval.objects.get(decision=arranged.decision).role == Role.HEAD_OF_SERVICE


def test_a_sanction_type_can_require_a_more_senior_approver(activate_profile):
    """A profile's catalogue may set a sign-off level above the decision rule's (DESIGN.md §2);
    the stricter of the two applies."""
    arranged = submitted_sanction("natural-england", activate_profile)
    stype = arranged.decision.sanctions.get().sanction_type
    assert stype.code == "specified-form"
    stype.approver_role = Role.HEAD_OF_SERVICE
    stype.save(update_fields=["approver_role"])

    with pytest.raises(PermissionDenied) as info:
        approve(arranged.decision, person(Role.LINE_MANAGER))
    assert str(info.value) == (
        "Under the Natural England policy this decision is approved by a chief executive or "
        "head of service."
    )
    approve(arranged.decision, person(Role.CHIEF_EXECUTIVE))
    approve(arranged.decision, arranged.line_manager)
    arranged.decision.refresh_from_db()
    assert arranged.decision.status == DecisionStatus.APPROVED


def test_a_kind_the_policy_names_nobody_for_is_refused_not_guessed(activate_profile):
    # DESIGN.md §2: who authorises each decision comes from the profile. With no rule for a
    # kind, nobody may approve it, however senior.
    activate_profile("ipcc")
    PolicyProfile.objects.get(slug="ipcc").decision_rules.filter(decision_kind="warn").delete()
    customer = CustomerFactory()
    evidence = incident(customer, person(Role.CASEWORKER))
    decision = propose_and_submit(
        person(Role.LINE_MANAGER), customer, "warn", incidents=[evidence], review_in_days=0
    )

    for role in (Role.HEAD_OF_SERVICE, Role.CHIEF_EXECUTIVE):
        answer = may_answer(person(role), decision, PolicyProfile.objects.get(slug="ipcc"))
        assert not answer
        assert answer.reason == "The policy names nobody who approves this."
