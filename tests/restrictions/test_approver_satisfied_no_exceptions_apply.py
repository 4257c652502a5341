"""The approver is satisfied that no exceptions apply (`approver_answers_exceptions`).

BTPA §8.12: "The decision to instigate these procedures will ultimately be taken if one of
scenarios in the sections A – E is met, and the Authority Chief Executive is satisfied that
no exceptions apply." Tamworth §8 and OPCC say the same of their decision makers.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from contactpolicy.roles import Role
from restrictions.completeness import NOT_SATISFIED
from restrictions.models import Approval, Decision, DecisionStatus
from tests.notices.factories import addressed_customer
from tests.restrictions.factories import approve, incident, person, propose_and_submit

pytestmark = pytest.mark.django_db

SATISFIED = {
    "exc_stress": {"satisfied": True, "reason": "The calls predate the bereavement."},
    "check_alternatives": {"satisfied": True, "reason": "The helpline was offered twice."},
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _left_open(profile):
    """A warning whose proposer said stress may apply and answered one checklist item "No"."""
    customer = addressed_customer()
    decision = propose_and_submit(
        person(Role.LINE_MANAGER),
        customer,
        "warn",
        incidents=[incident(customer, person(Role.CASEWORKER))],
        review_in_days=None,
    )
    item = profile.checklist_items.first()
    checklist = dict(decision.checklist)
    checklist[item.code] = {"satisfied": False, "notes": "Not yet offered the helpline."}
    exceptional = dict(decision.exceptional_circumstances)
    exceptional["stress"] = {"applies": True, "notes": "Recently bereaved."}
    Decision.objects.filter(pk=decision.pk).update(
        checklist=checklist, exceptional_circumstances=exceptional
    )
    decision.refresh_from_db()
    answers = {
        "exc_stress": SATISFIED["exc_stress"],
        f"check_{item.code}": SATISFIED["check_alternatives"],
    }
    return decision, item, answers


def test_btpa_8_12_the_chief_executive_answers_each_exception_before_approving(
    activate_profile,
):
    """BTPA §8.12: "... and the Authority Chief Executive is satisfied that no exceptions
    apply". Approving without an answer and a reason to each exception left open, or with
    one not satisfied, is refused; the answers are kept on the approval."""
    profile = activate_profile("btpa")
    assert profile.approver_answers_exceptions
    decision, item, answers = _left_open(profile)
    chief = person(Role.CHIEF_EXECUTIVE)

    with pytest.raises(ValidationError) as refused:
        approve(decision, chief, issue=False)
    errors = refused.value.message_dict
    assert set(errors) == {
        "xa_exc_stress",
        "xa_exc_stress_reason",
        f"xa_check_{item.code}",
        f"xa_check_{item.code}_reason",
    }

    not_satisfied = {**answers, "exc_stress": {"satisfied": False, "reason": "It may."}}
    with pytest.raises(ValidationError) as refused:
        approve(decision, chief, issue=False, exception_answers=not_satisfied)
    assert refused.value.message_dict == {"xa_exc_stress": [NOT_SATISFIED]}
    assert not Approval.objects.exists()

    decision = approve(decision, chief, issue=False, exception_answers=answers)
    assert decision.status == DecisionStatus.APPROVED
    kept = Approval.objects.get().exception_answers
    assert kept["exc_stress"] == {
        "question": "Acting out of character at a time of stress, anxiety or distress",
        "satisfied": True,
        "reason": "The calls predate the bereavement.",
    }
    assert kept[f"check_{item.code}"]["question"] == item.text


@pytest.mark.parametrize(
    "slug",
    [
        pytest.param(
            "tamworth",
            id="Tamworth §8: “So the Council should be satisfied that:” its five criteria",
        ),
        pytest.param(
            "opcc",
            id="OPCC: “the Chief Executive should be satisfied the following criteria has "
            "been considered before any action is taken”",
        ),
    ],
)
def test_tamworth_8_and_opcc_the_decider_answers_each_criterion_before_approving(
    activate_profile, slug
):
    """Tamworth §8: "The decision to designate someone's behaviour as unreasonable and
    restrict their access could have serious consequences for the individual. So the
    Council should be satisfied that:" the complaint was recorded, investigated, the
    decision right, communication adequate and no significant new information given.
    OPCC: "the Chief Executive should be satisfied the following criteria has been
    considered before any action is taken". A criterion the proposer answered "No", or an
    exception they said may apply, is answered by the approver with a reason, or the
    decision is not approved."""
    profile = activate_profile(slug)
    assert profile.approver_answers_exceptions
    decision, item, answers = _left_open(profile)
    chief = person(Role.CHIEF_EXECUTIVE)

    with pytest.raises(ValidationError) as refused:
        approve(decision, chief, issue=False)
    assert set(refused.value.message_dict) == {
        "xa_exc_stress",
        "xa_exc_stress_reason",
        f"xa_check_{item.code}",
        f"xa_check_{item.code}_reason",
    }
    unreasoned = {key: {"satisfied": True, "reason": " "} for key in answers}
    with pytest.raises(ValidationError) as refused:
        approve(decision, chief, issue=False, exception_answers=unreasoned)
    assert set(refused.value.message_dict) == {
        "xa_exc_stress_reason",
        f"xa_check_{item.code}_reason",
    }
    assert not Approval.objects.exists()

    decision = approve(decision, chief, issue=False, exception_answers=answers)
    assert decision.status == DecisionStatus.APPROVED
    kept = Approval.objects.get().exception_answers
    assert kept[f"check_{item.code}"] == {
        "question": item.text,
        "satisfied": True,
        "reason": "The helpline was offered twice.",
    }


def test_without_the_setting_an_approval_needs_no_answers_to_exceptions(activate_profile):
    """IPCC's policy asks its head of function to consider the criteria, not to answer each
    exception: an approval is given as before."""
    profile = activate_profile("ipcc")
    assert not profile.approver_answers_exceptions
    decision, _item, _answers = _left_open(profile)
    decision = approve(decision, person(Role.CHIEF_EXECUTIVE), issue=False)
    assert decision.status == DecisionStatus.APPROVED
    assert Approval.objects.get().exception_answers == {}


def test_the_sign_off_screen_asks_each_exception_and_the_decision_shows_the_answers(
    activate_profile, client
):
    """The Chief Executive's sign-off screen asks each question beside the proposer's notes,
    puts an unanswered one beside its field, and the decision's page shows the answers."""
    profile = activate_profile("btpa")
    decision, item, _answers = _left_open(profile)
    chief = person(Role.CHIEF_EXECUTIVE, job_title="Chief Executive")
    client.force_login(chief)
    url = reverse("notices:signoff", kwargs={"reference": decision.reference})

    page = client.get(url).content.decode()
    assert "Are you satisfied that no exceptions apply?" in page
    assert "Recently bereaved." in page

    posted = {"outcome": "approve", "confirmed_checklist": "on"}
    refused = client.post(url, posted)
    assert refused.status_code == 400
    body = refused.content.decode()
    # Each message names its question, so the summary's two reasons are told apart.
    assert (
        "Enter why you are satisfied, or why not: Acting out of character at a time of "
        "stress, anxiety or distress" in body
    )
    assert f"Enter why you are satisfied, or why not: {item.text.split()[0]}" in body
    # The summary lists the problems in the page's order: the questions, then the reasons.
    assert body.index('href="#id_xa_exc_stress_0"') < body.index('href="#id_reason"')
    assert 'href="#id_xa_exc_stress_0"' in body
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SUBMITTED

    posted |= {
        "reason": "Agreed",
        "xa_exc_stress": "yes",
        "xa_exc_stress_reason": "The calls predate the bereavement.",
        f"xa_check_{item.code}": "yes",
        f"xa_check_{item.code}_reason": "The helpline was offered twice.",
    }
    assert client.post(url, posted).status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED

    shown = client.get(decision.get_absolute_url()).content.decode()
    assert "Exceptions answered" in shown
    assert "satisfied no exception applies. The calls predate the bereavement." in shown
    # A checklist item is satisfied (not "no exception applies"), read as one sentence.
    said = f"{item.text.rstrip(' .')}: satisfied. The helpline was offered twice."
    assert escape(said) in shown
