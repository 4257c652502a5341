"""The one refusal machinery (ADR 0009): the state is asked first, then each guard in
order; guards see their explicit arguments only while `proceed` runs the transition."""

from types import SimpleNamespace

import pytest
from django_fsm import TransitionNotAllowed

from appeals.models import Appeal, AppealRefusalCode, AppealState
from contactpolicy.refusals import WRONG_STATE, Refused, proceed, refusal_for
from restrictions.models import DecisionStatus, RestrictionCase, Stage
from restrictions.models.lifecycle import Applying, RefusalCode


def test_the_state_is_asked_before_any_guard():
    appeal = Appeal(state=AppealState.DECIDED, is_late=True)
    refusal = refusal_for(appeal, appeal.acknowledge)
    assert refusal.code == WRONG_STATE
    assert refusal.sentence == "This cannot be done while it is “Decided”."


def test_the_first_guard_that_refuses_answers_with_its_code_and_sentence():
    appeal = Appeal(state=AppealState.ACKNOWLEDGED, investigator_id=None)
    with pytest.raises(Refused) as info:
        proceed(appeal, appeal.start_investigation, wrong_state="Not now.")
    assert info.value.refusal.code == AppealRefusalCode.NO_INVESTIGATOR
    assert str(info.value) == "Assign an investigator first."
    assert info.value.instance is appeal
    assert appeal.state == AppealState.ACKNOWLEDGED


def test_proceed_runs_the_transition_when_nothing_refuses():
    appeal = Appeal(state=AppealState.ACKNOWLEDGED, investigator_id=1)
    proceed(appeal, appeal.start_investigation)
    assert appeal.state == AppealState.UNDER_INVESTIGATION


def test_guards_see_their_arguments_only_inside_proceed():
    decision = SimpleNamespace(status=DecisionStatus.APPROVED, is_approved=True)
    case = RestrictionCase(state=Stage.MONITORING)
    proceed(case, case.warn, decision, applying=Applying(decision))
    assert case.state == Stage.WARNED

    bare = RestrictionCase(state=Stage.MONITORING)
    with pytest.raises(TransitionNotAllowed):
        bare.warn(decision)
    assert refusal_for(bare, bare.warn).code == RefusalCode.NOT_APPROVED
