"""Every transition of an appeal from every state: the legal ones move it, the rest are
refused by django-fsm, and each guard refuses with the sentence staff see."""

import itertools

import pytest
from django_fsm import TransitionNotAllowed, can_proceed

from appeals.models import Appeal, AppealState, LateDecision

LEGAL = {
    ("acknowledge", AppealState.RECEIVED): AppealState.ACKNOWLEDGED,
    ("refuse", AppealState.RECEIVED): AppealState.REFUSED,
    ("start_investigation", AppealState.ACKNOWLEDGED): AppealState.UNDER_INVESTIGATION,
    ("decide", AppealState.UNDER_INVESTIGATION): AppealState.DECIDED,
    ("withdraw", AppealState.RECEIVED): AppealState.WITHDRAWN,
    ("withdraw", AppealState.ACKNOWLEDGED): AppealState.WITHDRAWN,
    ("withdraw", AppealState.UNDER_INVESTIGATION): AppealState.WITHDRAWN,
}
TRANSITIONS = ["acknowledge", "refuse", "start_investigation", "decide", "withdraw"]


def _appeal(state, **kwargs) -> Appeal:
    """An appeal that satisfies every guard unless told otherwise (no database needed)."""
    values = {"investigator_id": 1, "findings": "The recordings were heard.", "is_late": False}
    values.update(kwargs)
    return Appeal(state=state, **values)


def test_the_table_names_every_transition_of_the_model():
    names = {t.name for t in Appeal().get_all_state_transitions()}
    assert names == set(TRANSITIONS)


@pytest.mark.parametrize(("name", "source"), list(itertools.product(TRANSITIONS, AppealState)))
def test_each_transition_from_each_state(name, source):
    appeal = _appeal(source)
    method = getattr(appeal, name)
    target = LEGAL.get((name, source))
    if target is None:
        assert not can_proceed(method)
        with pytest.raises(TransitionNotAllowed):
            method()
        assert appeal.state == source
    else:
        method()
        assert appeal.state == target


@pytest.mark.parametrize(
    ("name", "source", "unmet", "sentence"),
    [
        (
            "acknowledge",
            AppealState.RECEIVED,
            {"is_late": True},
            "This appeal arrived after the deadline: accept it as late before acknowledging it.",
        ),
        (
            "start_investigation",
            AppealState.ACKNOWLEDGED,
            {"investigator_id": None},
            "Assign an investigator first.",
        ),
        (
            "decide",
            AppealState.UNDER_INVESTIGATION,
            {"findings": "  "},
            "Record the investigator's findings before the appeal is decided.",
        ),
    ],
)
def test_each_guard_refuses_with_its_sentence(name, source, unmet, sentence):
    appeal = _appeal(source, **unmet)
    method = getattr(appeal, name)
    assert not can_proceed(method)
    transition = next(
        t for t in appeal.get_all_state_transitions() if t.name == name and t.source == source
    )
    refusals = [c.sentence for c in transition.conditions if not c(appeal)]
    assert refusals == [sentence]


def test_a_late_appeal_accepted_can_be_acknowledged():
    appeal = _appeal(AppealState.RECEIVED, is_late=True, late_decision=LateDecision.ACCEPTED)
    appeal.acknowledge()
    assert appeal.state == AppealState.ACKNOWLEDGED


def test_the_state_cannot_be_written_directly():
    appeal = _appeal(AppealState.RECEIVED)
    with pytest.raises(AttributeError):
        appeal.state = AppealState.DECIDED
