"""The review's state machine as a table: every legal move and every illegal one.

scheduled → in progress → concluded; a waiting review can be brought forward, escalated or
lapse when its date passes, and any open review is superseded by another decision taking
effect. Concluded, superseded and lapsed are final.
"""

import itertools

import pytest
from django_fsm import TransitionNotAllowed, can_proceed

from restrictions.models import RESTRICTING_STATES, RestrictionCase, Review, ReviewState, Stage

S = ReviewState

# (transition, from, to)
LEGAL = [
    ("start", S.SCHEDULED, S.IN_PROGRESS),
    ("start", S.ESCALATED, S.IN_PROGRESS),
    ("bring_forward", S.SCHEDULED, S.SCHEDULED),
    ("bring_forward", S.ESCALATED, S.SCHEDULED),
    ("conclude", S.IN_PROGRESS, S.CONCLUDED),
    ("supersede", S.SCHEDULED, S.SUPERSEDED),
    ("supersede", S.ESCALATED, S.SUPERSEDED),
    ("supersede", S.IN_PROGRESS, S.SUPERSEDED),
    ("escalate", S.SCHEDULED, S.ESCALATED),
    ("lapse", S.SCHEDULED, S.LAPSED),
    ("lapse", S.ESCALATED, S.LAPSED),
]
TRANSITIONS = sorted({name for name, _, _ in LEGAL})
ILLEGAL = [
    (name, state)
    for name, state in itertools.product(TRANSITIONS, S)
    if not any(name == n and state == source for n, source, _ in LEGAL)
]


def test_the_table_names_every_transition_of_the_model():
    declared = {t.name for t in Review().get_all_state_transitions()}
    assert declared == set(TRANSITIONS)


@pytest.mark.parametrize(("name", "source", "target"), LEGAL)
def test_legal_transition(name, source, target):
    review = Review(state=source)
    method = getattr(review, name)
    assert can_proceed(method)
    method()
    assert review.state == target


@pytest.mark.parametrize(("name", "source"), ILLEGAL)
def test_illegal_transition(name, source):
    review = Review(state=source)
    method = getattr(review, name)
    assert not can_proceed(method)
    with pytest.raises(TransitionNotAllowed):
        method()
    assert review.state == source


@pytest.mark.parametrize("final", [S.CONCLUDED, S.SUPERSEDED, S.LAPSED])
def test_closed_reviews_are_final(final):
    review = Review(state=final)
    assert not list(review.get_available_state_transitions())
    assert not review.is_open


def test_the_state_cannot_be_written_directly():
    review = Review(state=S.SCHEDULED)
    with pytest.raises(AttributeError):
        review.state = S.CONCLUDED


# The lifecycle's own move when an overdue review lapses: from a restricting stage only.
@pytest.mark.parametrize("stage", list(Stage))
def test_a_restriction_lapses_only_from_a_restricting_stage(stage):
    case = RestrictionCase(state=stage)
    if stage in RESTRICTING_STATES:
        case.lapse()
        assert (case.state, case.review_due) == (Stage.LIFTED, None)
        assert case.lifted_at is not None
    else:
        with pytest.raises(TransitionNotAllowed):
            case.lapse()
        assert case.state == stage
