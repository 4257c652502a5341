"""One tag colour per stage and per status, kept beside its choices, so that every page
showing a case's stage or a decision's status shows it the same way."""

import pytest

from restrictions.models import (
    Decision,
    DecisionStatus,
    RestrictionCase,
    Sanction,
    SanctionStatus,
    Stage,
)


@pytest.mark.parametrize("choices", [Stage, DecisionStatus, SanctionStatus])
def test_every_value_has_a_tag_colour(choices):
    for member in choices:
        assert member.tag_class == "" or member.tag_class.startswith("govuk-tag--")


def test_the_models_name_the_tag_of_their_state():
    assert RestrictionCase(state=Stage.SANCTIONED).stage_tag == "govuk-tag--red"
    assert RestrictionCase().stage_tag == "govuk-tag--grey"  # monitoring
    assert Decision(status=DecisionStatus.SENT_BACK).status_tag == "govuk-tag--orange"
    assert Sanction(status=SanctionStatus.ACTIVE).status_tag == "govuk-tag--red"
    assert Sanction(status=SanctionStatus.LIFTED).status_tag == "govuk-tag--grey"


def test_the_models_answer_questions_about_their_state():
    assert RestrictionCase(state=Stage.UNDER_REVIEW).is_under_review
    assert not RestrictionCase(state=Stage.SANCTIONED).is_under_review
    assert Decision(status=DecisionStatus.SUBMITTED).is_submitted
    assert Decision(status=DecisionStatus.SENT_BACK).is_sent_back
    assert not Decision(status=DecisionStatus.DRAFT).is_sent_back
