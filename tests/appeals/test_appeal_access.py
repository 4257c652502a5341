"""Who may record, investigate, decide and accept a late appeal, per profile: every role
against every profile with an appeal, and the people who made the decision appealed."""

import pytest

from appeals import access
from contactpolicy.roles import Role
from tests.appeals.factories import record, restricted
from tests.restrictions.factories import _active_profile_row, person

pytestmark = pytest.mark.django_db

ROLES = [Role.CASEWORKER, Role.LINE_MANAGER, Role.HEAD_OF_SERVICE, Role.CHIEF_EXECUTIVE]

# role -> (record, assign and investigate, decide, accept or refuse late)
EXPECTED = {
    # Tamworth §10: the Head of Customer Services investigates, a member of CMT decides.
    # Only the head of service titled Head of Customer Services assigns and investigates
    # (tests/appeals/test_appeal_posts.py), so none of these untitled people does.
    "tamworth": {
        Role.CASEWORKER: (True, False, False, False),
        Role.LINE_MANAGER: (True, False, False, False),
        Role.HEAD_OF_SERVICE: (True, False, False, False),
        Role.CHIEF_EXECUTIVE: (True, False, True, True),
    },
    # IPCC names nobody: a head of function approves sanctions, so decides the dispute.
    "ipcc": {
        Role.CASEWORKER: (True, False, False, False),
        Role.LINE_MANAGER: (True, True, False, False),
        Role.HEAD_OF_SERVICE: (True, True, True, True),
        Role.CHIEF_EXECUTIVE: (True, True, True, True),
    },
}


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_each_role_on_each_step(activate_profile, slug):
    activate_profile(slug)
    decision = restricted("one_method", approvers=[person(Role.CHIEF_EXECUTIVE)])
    appeal = record(decision)
    profile = _active_profile_row()
    got = {}
    for role in ROLES:
        user = person(role)
        got[role] = (
            bool(access.may_record(user, profile)),
            bool(access.may_assign(user, profile)),
            bool(access.may_decide(user, appeal, profile)),
            bool(access.may_decide_late(user, appeal, profile)),
        )
    assert got == EXPECTED[slug]


def test_natural_england_two_people_of_different_grades_made_it_so_neither_decides(
    activate_profile,
):
    activate_profile("natural-england")
    their_head = person(Role.HEAD_OF_SERVICE)
    chief = person(Role.CHIEF_EXECUTIVE)
    proposer = person(Role.LINE_MANAGER, line_manager=their_head)
    decision = restricted("one_method", approvers=[their_head, chief], proposer=proposer)
    appeal = record(decision)
    profile = _active_profile_row()
    for who in (proposer, their_head, chief):
        answer = access.may_decide(who, appeal, profile)
        assert not answer
        assert answer.reason.startswith("You took part in")
    assert access.may_decide(person(Role.LINE_MANAGER), appeal, profile)
    assert not access.may_decide(person(Role.CASEWORKER), appeal, profile)


def test_only_the_assigned_investigator_records_findings(activate_profile):
    activate_profile("tamworth")
    appeal = record(restricted())
    investigator = person(Role.HEAD_OF_SERVICE)
    appeal.investigator = investigator
    assert access.may_record_findings(investigator, appeal)
    assert not access.may_record_findings(person(Role.CHIEF_EXECUTIVE), appeal)
