"""The decision screens through the test client: each role against each screen, validation,
nothing half-saved, no 500 for junk, and query budgets that do not grow with the data.

People (tests/conftest.py): casey the caseworker, lena the line manager, hector the head of
service, chloe the Chief Executive.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.services import ContactDetails, contact_log
from contactpolicy.roles import Role
from restrictions.completeness import Proposal
from restrictions.models import (
    EXCEPTIONAL_CIRCUMSTANCES,
    Approval,
    Decision,
    DecisionStatus,
    RestrictionCase,
    Sanction,
    SanctionStatus,
    Stage,
)
from restrictions.services import decision_answer, decision_propose, decision_propose_and_submit
from tests.cases.factories import CustomerFactory
from tests.factories import UserFactory
from tests.queries import count_queries
from tests.restrictions.factories import (
    approve,
    incident,
    letter_text,
    propose_and_submit,
    sanction_of,
)

pytestmark = pytest.mark.django_db


# -- Helpers ------------------------------------------------------------------------------


def propose_url(customer, **query) -> str:
    url = reverse("restrictions:decision_propose", kwargs={"reference": customer.reference})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def decision_url(decision, name="decision") -> str:
    # The sign-off screen issues the notice it approves, so it is the notices app's.
    app = "notices" if name in {"signoff", "for_decision"} else "restrictions"
    return reverse(f"{app}:{name}", kwargs={"reference": decision.reference})


def review_date(days=90):
    return timezone.localdate() + timedelta(days=days)


def sanction_type(profile, kind):
    return next(s for s in profile.sanction_types.all() if s.kind == kind)


def proposal(profile, incidents, /, *, kind="sanction", chosen=None, **overrides) -> dict:
    """A complete proposal as the browser posts it: one sanction, everything answered."""
    due = review_date()
    data = {
        "action": "submit",
        "kind": kind,
        "incidents": [str(i.pk) for i in incidents],
        "reasons": "Threatened staff on the telephone three times in a week.",
        "impact_on_business": "Two officers lose a day a week to these calls.",
        "impact_on_customer": "She can still write to us; her complaint is still handled.",
        "proportionality": "Only the telephone is restricted.",
        "warning_not_possible_reason": "",
        "review_due_0": str(due.day),
        "review_due_1": str(due.month),
        "review_due_2": str(due.year),
        "scope": "all",
        "scope_topics": "",
    }
    for item in profile.checklist_items.all():
        data[f"check_{item.code}"] = "yes"
        data[f"check_{item.code}_notes"] = "Checked on the file"
    for code, _ in EXCEPTIONAL_CIRCUMSTANCES:
        data[f"exc_{code}"] = "no"
        data[f"exc_{code}_notes"] = "Nothing in the contact history suggests it"
    if chosen is None:
        chosen = {sanction_type(profile, "one_method"): {"channel": "letter"}}
    data["sanctions"] = [str(stype.pk) for stype in chosen]
    for stype, params in chosen.items():
        for name, value in params.items():
            data[f"s{stype.pk}_{name}"] = value
    data.update(overrides)
    return data


@pytest.fixture
def customer(btpa_active):
    return CustomerFactory(name="Margaret Ellison")


@pytest.fixture
def extreme(customer, caseworker):
    return incident(customer, caseworker, extreme=True, description="Threatened to hurt Sam")


@pytest.fixture
def btpa_submitted(btpa_active, customer, line_manager, extreme):
    """A BTPA sanction, reserved to the Chief Executive, waiting for sign-off."""
    return propose_and_submit(
        line_manager,
        customer,
        "sanction",
        incidents=[extreme],
        sanctions=[sanction_of(btpa_active, "one_method", channel="letter")],
    )


# -- Proposing: who may ---------------------------------------------------------------------


def test_a_caseworker_cannot_propose(client, caseworker, customer, extreme, btpa_active):
    client.force_login(caseworker)
    assert client.get(propose_url(customer)).status_code == 403
    response = client.post(propose_url(customer), proposal(btpa_active, [extreme]))
    assert response.status_code == 403
    assert not Decision.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "administrator"])
def test_no_casework_role_no_proposal(client, request, customer, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(propose_url(customer)).status_code == 403


@pytest.mark.parametrize("role", [Role.LINE_MANAGER, Role.HEAD_OF_SERVICE, Role.CHIEF_EXECUTIVE])
def test_managers_open_the_proposal_form(client, customer, extreme, role):
    client.force_login(UserFactory(roles=[role]))
    response = client.get(propose_url(customer, kind="sanction"))
    assert response.status_code == 200
    page = response.content.decode()
    assert extreme.reference in page
    assert "Extreme" in page
    assert 'value="sanction" checked' in page
    # Only the kinds the case can take now are offered; the others say why not.
    assert 'value="vary"' not in page
    assert "A decision to vary sanctions cannot be made while the case stage is" in page


def test_an_unknown_customer_is_not_found(client, line_manager, btpa_active):
    client.force_login(line_manager)
    assert client.get("/customers/CUS-1999-000001/decisions/new/").status_code == 404


def test_opening_the_form_opens_no_case(client, line_manager, customer):
    client.force_login(line_manager)
    client.get(propose_url(customer))
    assert not RestrictionCase.objects.exists()


# -- Proposing: submit and draft ------------------------------------------------------------


def test_submit_for_approval(client, line_manager, customer, extreme, btpa_active):
    client.force_login(line_manager)
    response = client.post(propose_url(customer), proposal(btpa_active, [extreme]))
    decision = Decision.objects.get()
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == decision.get_absolute_url()
    assert decision.status == DecisionStatus.SUBMITTED
    assert decision.proposed_by == line_manager
    assert list(decision.incidents.all()) == [extreme]
    assert decision.review_due == review_date()
    assert letter_text(decision).startswith("Dear Margaret Ellison")
    [sanction] = decision.sanctions.all()
    assert (sanction.kind, sanction.channel, sanction.status) == (
        "one_method",
        "letter",
        "proposed",
    )
    assert all(answer["satisfied"] for answer in decision.checklist.values())
    assert not any(a["applies"] for a in decision.exceptional_circumstances.values())
    page = client.get(response["Location"]).content.decode()
    assert "sent for approval: Chief Executive sign-off" in page


def test_save_as_draft_only_proposes(client, line_manager, customer, extreme, btpa_active):
    client.force_login(line_manager)
    data = proposal(btpa_active, [extreme], action="draft", reasons="", proportionality="")
    response = client.post(propose_url(customer), data)
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.status == DecisionStatus.DRAFT
    assert decision.submitted_at is None
    page = client.get(response["Location"]).content.decode()
    assert "It has not been sent for approval" in page
    assert "Submit for approval" in page


def test_an_incomplete_submission_is_summarised_and_nothing_is_saved(
    client, line_manager, customer, extreme, btpa_active
):
    client.force_login(line_manager)
    data = proposal(btpa_active, [], chosen={}, reasons="", impact_on_customer="")
    first = btpa_active.checklist_items.first()
    data[f"check_{first.code}"] = "no"
    data[f"check_{first.code}_notes"] = ""
    del data["exc_health"]
    data["exc_stress_notes"] = ""
    response = client.post(propose_url(customer), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    for message in [
        "Enter the reasons for the decision",
        "Cite at least one incident as evidence",
        "Explain why you are not satisfied of checklist item 1",
        "Say whether this may apply: a health condition",
        "Add notes on: acting out of character",
        "Assess the impact of restricted access on the customer",
        "Choose at least one sanction",
    ]:
        assert message in page, message
    assert 'href="#id_sanctions_0"' in page
    assert not Decision.objects.exists()
    assert not RestrictionCase.objects.exists()


def test_a_refused_submission_leaves_no_draft(line_manager, customer, extreme, btpa_active):
    """Propose and submit are one action: when the service refuses to submit, the proposal
    it had just drafted is rolled back with it (no half-saved decision)."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        decision_propose_and_submit(
            actor=line_manager,
            customer=customer,
            submit=True,
            proposal=Proposal(
                kind="sanction",
                reasons="Abuse",
                incidents=[extreme],
                sanctions=[sanction_of(btpa_active, "one_method", channel="letter")],
            ),
        )
    assert "Set the date the restriction will be reviewed" in refused.value.messages
    assert not Decision.objects.exists()
    assert not Sanction.objects.exists()
    assert not RestrictionCase.objects.exists()


def test_a_draft_submitted_incomplete_shows_the_services_list(
    client, line_manager, customer, extreme, btpa_active
):
    client.force_login(line_manager)
    client.post(
        propose_url(customer),
        proposal(btpa_active, [extreme], action="draft", reasons="", proportionality=""),
    )
    decision = Decision.objects.get()
    response = client.post(decision_url(decision, "decision_submit"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the reasons for the decision" in page
    assert "Explain why each sanction is proportionate" in page
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT
    assert client.get(decision_url(decision, "decision_submit")).status_code == 405


def test_submitting_twice_is_refused_politely(client, line_manager, btpa_submitted):
    client.force_login(line_manager)
    response = client.post(decision_url(btpa_submitted, "decision_submit"))
    assert response.status_code == 409
    assert "This decision is already waiting for approval" in response.content.decode()


# -- Proposing: junk ------------------------------------------------------------------------


def telephone(profile):
    return sanction_type(profile, "telephone_schedule")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "explode"}, "Select one of the decisions the case can take now"),
        ({"kind": "vary"}, "Select one of the decisions the case can take now"),
        ({"kind": ""}, "Select what you propose"),
        ({"incidents": ["999999"]}, "Cite only this customer"),
        ({"sanctions": ["999999"]}, "Choose sanctions from the organisation"),
        ({"review_due_0": "31", "review_due_1": "2"}, "Review date must be a real date"),
        ({"review_due_0": ""}, "Review date must include a day"),
        ({"review_due_2": "1999"}, "The review date must be in the future"),
        ({"review_due_0": "x", "review_due_1": "y"}, "Review date must be a real date"),
    ],
)
def test_junk_in_the_proposal_is_refused_clearly(
    client, line_manager, customer, extreme, btpa_active, overrides, message
):
    client.force_login(line_manager)
    response = client.post(propose_url(customer), proposal(btpa_active, [extreme], **overrides))
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({}, "weekdays", "Choose the days calls are allowed"),
        ({"weekdays": ["0"]}, "window_start", "Enter the time calls are allowed from"),
        (
            {"weekdays": ["0"], "window_start": "14:00", "window_end": "13:00"},
            "window_end",
            "The end of the time window must be after its start",
        ),
        (
            {"weekdays": ["0"], "window_start": "25:99", "window_end": "13:00"},
            "window_start",
            "Enter a time in 24-hour format",
        ),
        (
            {"weekdays": ["9"], "window_start": "10:00", "window_end": "11:00"},
            "weekdays",
            "Select the days calls are allowed from the options given",
        ),
        (
            {"weekdays": ["0"], "window_start": "10:00", "window_end": "11:00", "max_minutes": "x"},
            "max_minutes",
            "Enter the longest call as a number of minutes",
        ),
    ],
)
def test_missing_or_wrong_sanction_parameters(
    client, line_manager, customer, extreme, btpa_active, params, field, message
):
    client.force_login(line_manager)
    stype = telephone(btpa_active)
    response = client.post(
        propose_url(customer), proposal(btpa_active, [extreme], chosen={stype: params})
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'id="id_s{stype.pk}_{field}-error"' in page
    assert not Decision.objects.exists()


def test_each_sanction_says_what_it_needs(client, line_manager, customer, extreme, btpa_active):
    one_method = sanction_type(btpa_active, "one_method")
    officer = next(s for s in btpa_active.sanction_types.all() if s.kind == "named_officer")
    block = sanction_type(btpa_active, "block_identifiers")
    client.force_login(line_manager)
    response = client.post(
        propose_url(customer),
        proposal(
            btpa_active,
            [extreme],
            chosen={one_method: {"channel": ""}, officer: {}, block: {}},
        ),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose the one contact method allowed" in page
    assert "Choose the named officer" in page
    assert "Enter the phone numbers or email addresses to block" in page


def test_the_named_officer_must_be_active_staff_and_not_their_own_deputy(
    client, line_manager, caseworker, customer, extreme, btpa_active
):
    officer = next(s for s in btpa_active.sanction_types.all() if s.kind == "named_officer")
    client.force_login(line_manager)
    same = {officer: {"officer": str(caseworker.pk), "deputy": str(caseworker.pk)}}
    response = client.post(propose_url(customer), proposal(btpa_active, [extreme], chosen=same))
    assert "The deputy must be someone other than the named officer" in response.content.decode()
    stranger = {officer: {"officer": "999999"}}
    response = client.post(propose_url(customer), proposal(btpa_active, [extreme], chosen=stranger))
    assert "Choose an active member of staff" in response.content.decode()
    assert not Decision.objects.exists()


def test_an_extreme_only_sanction_needs_extreme_behaviour(
    client, line_manager, caseworker, customer, btpa_active
):
    ordinary = incident(customer, caseworker, extreme=False)
    refuse_all = sanction_type(btpa_active, "refuse_all")
    client.force_login(line_manager)
    response = client.post(
        propose_url(customer),
        proposal(
            btpa_active,
            [ordinary],
            chosen={refuse_all: {}},
            warning_not_possible_reason="He would not read it",
        ),
    )
    assert response.status_code == 400
    assert "is only for extreme behaviour" in response.content.decode()


def test_a_warning_lists_no_sanctions(client, line_manager, customer, extreme, btpa_active):
    client.force_login(line_manager)
    response = client.post(propose_url(customer), proposal(btpa_active, [extreme], kind="warn"))
    assert response.status_code == 400
    assert "Only a decision to impose, vary or extend sanctions lists sanctions" in (
        response.content.decode()
    )


def test_specified_dates_and_partial_disengagement(client, activate_profile, caseworker, customer):
    profile = activate_profile("natural-england")
    proposer = UserFactory(username="nell", roles=[Role.HEAD_OF_SERVICE])
    threat = incident(customer, caseworker, extreme=True)
    dates = sanction_type(profile, "specified_dates")
    client.force_login(proposer)
    bad = proposal(profile, [threat], chosen={dates: {"dates": "next tuesday, 2027-01-05"}})
    response = client.post(propose_url(customer), bad)
    assert response.status_code == 400
    assert "“next tuesday” is not a date" in response.content.decode()
    good = proposal(
        profile, [threat], chosen={dates: {"dates": "2027-01-05, 12/1/2027\n19 1 2027"}}
    )
    assert client.post(propose_url(customer), good).status_code == 302
    assert Sanction.objects.get().dates == ["2027-01-05", "2027-01-12", "2027-01-19"]

    partial = proposal(profile, [threat], kind="disengage", chosen={}, scope="partial")
    response = client.post(propose_url(customer), partial)
    assert response.status_code == 400
    assert "Enter the topics the disengagement covers" in response.content.decode()


# -- The decision page and the answers ------------------------------------------------------


def test_the_decision_page_shows_everything_the_proposer_answered(
    client, head_of_service, btpa_submitted, btpa_active
):
    client.force_login(head_of_service)
    response = client.get(decision_url(btpa_submitted))
    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "Impose sanctions: Margaret Ellison",
        "Waiting for approval",
        "Contact by letter only",
        "Chief Executive sign-off",
        "Satisfied",
        "Does not apply",
        "Two officers spend a day a week on these calls.",
        "Only the telephone is restricted",
        "Dear Margaret Ellison",
        "reserves this decision to the Chief Executive",
    ]:
        assert text in page, text
    assert 'action="/decisions/' not in page  # no answer form: the CE signs it off


def test_the_chief_executive_is_sent_to_the_sign_off_screen(
    client, chief_executive, btpa_submitted
):
    client.force_login(chief_executive)
    page = client.get(decision_url(btpa_submitted)).content.decode()
    assert decision_url(btpa_submitted, "signoff") in page


def test_a_caseworker_cannot_see_or_answer_a_decision(client, caseworker, btpa_submitted):
    client.force_login(caseworker)
    assert client.get(decision_url(btpa_submitted)).status_code == 403
    response = client.post(
        decision_url(btpa_submitted, "decision_answer"),
        {"outcome": "approve", "confirmed_checklist": "on"},
    )
    assert response.status_code == 403
    assert not Approval.objects.exists()


def test_answers_are_post_only(client, chief_executive, btpa_submitted):
    client.force_login(chief_executive)
    assert client.get(decision_url(btpa_submitted, "decision_answer")).status_code == 405


def test_a_line_manager_cannot_approve_a_decision_reserved_to_the_chief_executive(
    client, btpa_submitted
):
    other_manager = UserFactory(username="lou", roles=[Role.LINE_MANAGER])
    client.force_login(other_manager)
    response = client.post(
        decision_url(btpa_submitted, "decision_answer"),
        {"outcome": "approve", "confirmed_checklist": "on", "reason": "Fine"},
    )
    assert response.status_code == 403
    assert "The BTPA policy reserves this decision to the Chief Executive" in (
        response.content.decode()
    )
    assert "govuk-error-summary" in response.content.decode()
    assert not Approval.objects.exists()
    btpa_submitted.refresh_from_db()
    assert btpa_submitted.status == DecisionStatus.SUBMITTED


def test_unknown_decisions_and_cases_are_not_found(client, chief_executive, btpa_active):
    client.force_login(chief_executive)
    for url in [
        "/decisions/DEC-1999-000001/",
        "/sign-off/DEC-1999-000001/",
        "/restriction-cases/RES-1999-000001/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post("/decisions/nonsense/answer/", {"outcome": "approve"}).status_code == 404


@pytest.fixture
def ipcc(activate_profile):
    return activate_profile("ipcc")


@pytest.fixture
def ipcc_submitted(ipcc, caseworker, line_manager):
    customer = CustomerFactory(name="Ivor Persistent")
    abuse = incident(customer, caseworker, extreme=True)
    return propose_and_submit(
        line_manager,
        customer,
        "sanction",
        incidents=[abuse],
        sanctions=[sanction_of(ipcc, "one_method", channel="email")],
    )


def test_the_proposer_cannot_approve_their_own(client, ipcc, caseworker):
    proposer = UserFactory(username="harriet", roles=[Role.HEAD_OF_SERVICE])
    customer = CustomerFactory()
    decision = propose_and_submit(
        proposer,
        customer,
        "sanction",
        incidents=[incident(customer, caseworker, extreme=True)],
        sanctions=[sanction_of(ipcc, "one_method", channel="email")],
    )
    client.force_login(proposer)
    page = client.get(decision_url(decision)).content.decode()
    assert "You proposed this decision, so someone else must approve it." in page
    response = client.post(
        decision_url(decision, "decision_answer"),
        {"outcome": "approve", "confirmed_checklist": "on"},
    )
    assert response.status_code == 403
    assert "You proposed this decision" in response.content.decode()
    assert not Approval.objects.exists()


def test_a_head_of_service_approves_under_ipcc(client, head_of_service, ipcc_submitted):
    client.force_login(head_of_service)
    page = client.get(decision_url(ipcc_submitted)).content.decode()
    assert "One approval by a head of service or above" in page
    assert "I have read the evidence and am satisfied" in page
    response = client.post(
        decision_url(ipcc_submitted, "decision_answer"),
        {"outcome": "approve", "confirmed_checklist": "on"},
    )
    case = ipcc_submitted.restriction_case
    assert response.status_code == 302
    # Approved, waiting for its notice: the decision takes effect when the notice is issued.
    assert response["Location"] == ipcc_submitted.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "It takes effect when its notice is issued" in page
    case.refresh_from_db()
    assert case.state == Stage.MONITORING
    assert case.sanctions.get().status == SanctionStatus.PROPOSED

    notice_page = client.post(decision_url(ipcc_submitted, "for_decision"))["Location"]
    reference = notice_page.rstrip("/").rsplit("/", 1)[-1]
    # The customer has no postal address: the issue step asks how the notice will reach them.
    issued = client.post(
        reverse("notices:issue", kwargs={"reference": reference}), {"delivery": "by_hand"}
    )
    assert issued.status_code == 302
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED
    assert case.sanctions.get().status == SanctionStatus.ACTIVE


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"outcome": "approve"}, "Confirm you have read the evidence and are satisfied"),
        ({"outcome": "send_back"}, "Write the reasons for your decision"),
        ({"outcome": "reject", "reason": "   "}, "Write the reasons for your decision"),
        ({}, "Select whether you approve, send back or reject it"),
        ({"outcome": "shrug"}, "Select your decision from the options given"),
    ],
)
def test_an_answer_needs_its_confirmation_or_reason(
    client, head_of_service, ipcc_submitted, answer, message
):
    client.force_login(head_of_service)
    response = client.post(decision_url(ipcc_submitted, "decision_answer"), answer)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Approval.objects.exists()


def test_send_back_then_start_again_from_it(client, head_of_service, line_manager, ipcc_submitted):
    client.force_login(head_of_service)
    response = client.post(
        decision_url(ipcc_submitted, "decision_answer"),
        {"outcome": "send_back", "reason": "Cite the second call as well."},
    )
    assert response.status_code == 302
    ipcc_submitted.refresh_from_db()
    assert ipcc_submitted.status == DecisionStatus.SENT_BACK
    client.force_login(line_manager)
    page = client.get(decision_url(ipcc_submitted)).content.decode()
    assert "Cite the second call as well." in page
    assert "Start a new proposal from this one" in page
    customer = ipcc_submitted.restriction_case.customer
    form = client.get(propose_url(customer, **{"from": ipcc_submitted.reference}))
    prefilled = form.content.decode()
    assert "Repeated abuse of staff on the telephone" in prefilled
    assert 'value="email" selected' in prefilled


def test_reject_withdraws_the_sanctions(client, head_of_service, ipcc_submitted):
    client.force_login(head_of_service)
    client.post(
        decision_url(ipcc_submitted, "decision_answer"),
        {"outcome": "reject", "reason": "Not proportionate."},
    )
    ipcc_submitted.refresh_from_db()
    assert ipcc_submitted.status == DecisionStatus.REJECTED
    assert ipcc_submitted.sanctions.get().status == SanctionStatus.WITHDRAWN


def test_answering_a_decided_decision_is_refused_politely(client, head_of_service, ipcc_submitted):
    approve(ipcc_submitted, UserFactory(username="hal", roles=[Role.HEAD_OF_SERVICE]))
    client.force_login(head_of_service)
    response = client.post(
        decision_url(ipcc_submitted, "decision_answer"),
        {"outcome": "reject", "reason": "Too late"},
    )
    assert response.status_code == 400
    assert "This decision has already been answered: it is approved." in (response.content.decode())


def test_a_guard_refusing_the_change_shows_its_reason_and_records_nothing(
    client, chief_executive, line_manager, caseworker, activate_profile
):
    """OPCC: no sanction without a warning ("wherever possible") unless extreme behaviour is
    cited or the approver records why a warning was not possible. The proposer suggested a
    reason; the Chief Executive clears it, so the lifecycle refuses at sign-off, the page
    says why and offers to send it back or reject it, and the approval is not kept.
    (BTPA §8 has no separate warning step, so it is not the example here.)"""
    opcc = activate_profile("opcc")
    customer = CustomerFactory()
    ordinary = incident(customer, caseworker, extreme=False)
    decision = propose_and_submit(
        line_manager,
        customer,
        "sanction",
        incidents=[ordinary],
        sanctions=[sanction_of(opcc, "one_method", channel="letter")],
        warning_not_possible_reason="No address to write to.",
    )
    client.force_login(chief_executive)
    response = client.post(
        decision_url(decision, "signoff"),
        {
            "outcome": "approve",
            "confirmed_checklist": "on",
            "reason": "Agreed",
            "warning_not_possible_reason": "",
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "A warning must come first" in page
    assert 'value="send_back"' in page and 'value="reject"' in page
    assert not Approval.objects.exists()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SUBMITTED


# -- Natural England: two approvers of different grades -------------------------------------


def test_natural_england_needs_two_approvers_of_different_grades(
    client, activate_profile, caseworker
):
    profile = activate_profile("natural-england")
    senior = UserFactory(username="hos2", roles=[Role.HEAD_OF_SERVICE])
    # Annex B: the proposer's line manager signs the sanction off.
    proposer = UserFactory(username="nick", roles=[Role.HEAD_OF_SERVICE], line_manager=senior)
    first = UserFactory(username="lm1", roles=[Role.LINE_MANAGER])
    same_grade = UserFactory(username="lm2", roles=[Role.LINE_MANAGER])
    customer = CustomerFactory()
    decision = propose_and_submit(
        proposer,
        customer,
        "sanction",
        incidents=[incident(customer, caseworker, extreme=True)],
        sanctions=[sanction_of(profile, "one_method", channel="email")],
    )
    answer = {"outcome": "approve", "confirmed_checklist": "on"}
    client.force_login(first)
    response = client.post(decision_url(decision, "decision_answer"), answer)
    assert response.status_code == 302
    assert response["Location"] == decision.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "It needs one more approval" in page
    assert "1 of 2 approvals given" in page

    client.force_login(same_grade)
    response = client.post(decision_url(decision, "decision_answer"), answer)
    assert response.status_code == 403
    assert "needs approvers of different grades" in response.content.decode()

    client.force_login(senior)
    response = client.post(decision_url(decision, "decision_answer"), answer)
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED
    assert [a.approver_grade for a in decision.approvals.all()] == [2, 3]


# -- The Chief Executive's sign-off ---------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["caseworker", "line_manager", "head_of_service", "outsider", "administrator"]
)
def test_only_the_chief_executive_opens_the_sign_off_screen(client, request, btpa_submitted, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(decision_url(btpa_submitted, "signoff")).status_code == 403
    answer = {"outcome": "approve", "confirmed_checklist": "on", "reason": "Yes"}
    assert client.post(decision_url(btpa_submitted, "signoff"), answer).status_code == 403
    assert client.get(reverse("restrictions:signoff_list")).status_code == 403
    assert not Approval.objects.exists()


def test_the_sign_off_screen_has_everything_on_one_page(
    client, chief_executive, caseworker, btpa_submitted, customer
):
    contact_log(
        logged_by=caseworker,
        customer=customer,
        details=ContactDetails(
            channel="telephone",
            received_at=timezone.now() - timedelta(hours=3),
            summary="Shouted and hung up",
        ),
    )
    client.force_login(chief_executive)
    response = client.get(decision_url(btpa_submitted, "signoff"))
    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "Chief Executive sign-off",
        "Margaret Ellison",
        "Preferred language",
        "Formats and support",
        "moj-timeline",
        "Cited",
        "Shouted and hung up",
        "Threatened to hurt Sam",
        "The checklist",
        "Exceptional circumstances",
        "On the business and other customers",
        "Proportionality",
        "Contact by letter only",
        "Dear Margaret Ellison",
        "Send back to the proposer to change",
        "I have read the evidence and am satisfied",
    ]:
        assert text in page, text


def test_the_chief_executive_signs_off(client, chief_executive, btpa_submitted):
    client.force_login(chief_executive)
    listing = client.get(reverse("restrictions:signoff_list")).content.decode()
    assert btpa_submitted.reference in listing
    url = decision_url(btpa_submitted, "signoff")
    response = client.post(url, {"outcome": "approve", "confirmed_checklist": "on"})
    assert response.status_code == 400
    assert "Write the reasons for your decision" in response.content.decode()
    response = client.post(
        url,
        {"outcome": "approve", "confirmed_checklist": "on", "reason": "No exception applies."},
    )
    assert response.status_code == 302
    case = btpa_submitted.restriction_case
    # Signing issues the notice, signed by the Chief Executive: the decision takes effect.
    notice = btpa_submitted.notices.get()
    assert response["Location"] == notice.get_absolute_url()
    assert notice.signatory == chief_executive
    assert notice.state == "issued"
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Sanctions in place" in page
    assert "Contact by letter only" in page
    approval = Approval.objects.get()
    assert (approval.approver, approval.role, approval.reason) == (
        chief_executive,
        "chief_executive",
        "No exception applies.",
    )
    assert (
        btpa_submitted.reference
        not in client.get(reverse("restrictions:signoff_list")).content.decode()
    )


# -- The approvals queue --------------------------------------------------------------------


def test_the_approvals_queue_lists_what_each_person_may_answer(
    client, head_of_service, line_manager, chief_executive, caseworker, ipcc_submitted
):
    client.force_login(caseworker)
    assert client.get(reverse("restrictions:approvals")).status_code == 403
    client.force_login(line_manager)  # the proposer, and too junior under IPCC
    page = client.get(reverse("restrictions:approvals")).content.decode()
    assert ipcc_submitted.reference not in page
    assert "There is nothing waiting for your approval." in page
    for approver in (head_of_service, chief_executive):
        client.force_login(approver)
        page = client.get(reverse("restrictions:approvals")).content.decode()
        assert ipcc_submitted.reference in page
        assert "Ivor Persistent" in page
        assert "One approval by a head of service or above" in page
        assert decision_url(ipcc_submitted) in page


def test_the_chief_executive_queue_links_to_the_sign_off_screen(
    client, chief_executive, line_manager, btpa_submitted
):
    client.force_login(chief_executive)
    page = client.get(reverse("restrictions:approvals")).content.decode()
    assert decision_url(btpa_submitted, "signoff") in page
    assert "Chief Executive sign-off" in page
    client.force_login(UserFactory(username="lou", roles=[Role.LINE_MANAGER]))
    assert (
        btpa_submitted.reference
        not in client.get(reverse("restrictions:approvals")).content.decode()
    )


# -- The restriction case -------------------------------------------------------------------


def test_the_case_page_for_staff_and_managers(
    client, caseworker, chief_executive, head_of_service, btpa_submitted
):
    approve(btpa_submitted, chief_executive)
    case = btpa_submitted.restriction_case
    url = case.get_absolute_url()
    client.force_login(caseworker)
    page = client.get(url).content.decode()
    assert "Sanctions in place" in page
    assert "Contact by letter only" in page
    assert "Propose:" not in page
    assert "Start a review" not in page
    client.force_login(head_of_service)
    page = client.get(url).content.decode()
    assert "Propose: vary sanctions" in page
    assert "Propose: warn" not in page
    assert "A decision to warn cannot be made while the case stage is" in page
    assert "Start a review" in page


def test_starting_a_review(client, caseworker, chief_executive, head_of_service, btpa_submitted):
    approve(btpa_submitted, chief_executive)
    case = btpa_submitted.restriction_case
    url = reverse("restrictions:review_start", kwargs={"reference": case.reference})
    client.force_login(head_of_service)
    assert client.get(url).status_code == 405
    client.force_login(caseworker)
    assert client.post(url).status_code == 403
    client.force_login(head_of_service)
    response = client.post(url)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == Stage.UNDER_REVIEW
    assert "Review started" in client.get(response["Location"]).content.decode()


def test_a_review_of_nothing_is_refused_with_its_reason(client, head_of_service, customer):
    case = RestrictionCase.objects.create(reference="RES-2026-000099", customer=customer)
    client.force_login(head_of_service)
    response = client.post(
        reverse("restrictions:review_start", kwargs={"reference": "RES-2026-000099"})
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "There is nothing to review while the case is" in page
    case.refresh_from_db()
    assert case.state == Stage.MONITORING


# -- Query budgets --------------------------------------------------------------------------


def more_submitted(proposer, profile, recorder, n):
    made = []
    for _ in range(n):
        customer = CustomerFactory()
        evidence = [incident(customer, recorder, extreme=True), incident(customer, recorder)]
        made.append(
            propose_and_submit(
                proposer,
                customer,
                "sanction",
                incidents=evidence,
                sanctions=[sanction_of(profile, "one_method", channel="letter")],
            )
        )
    return made


def test_the_approvals_queue_runs_a_fixed_number_of_queries(
    client, chief_executive, line_manager, caseworker, btpa_active
):
    # session, user, groups (3); the active profile's revision token (1); the submitted
    # decisions with their customers and proposers, their approvals, their sanctions (3): 7
    client.force_login(chief_executive)
    more_submitted(line_manager, btpa_active, caseworker, 2)
    small = count_queries(client, reverse("restrictions:approvals"))
    more_submitted(line_manager, btpa_active, caseworker, 6)
    large = count_queries(client, reverse("restrictions:approvals"))
    assert small == large
    assert large == 9  # with the header's unread count and the session's second factor


def test_the_decision_page_runs_a_fixed_number_of_queries(
    client, chief_executive, line_manager, caseworker, activate_profile
):
    # session, user, groups (3); the decision with its case, customer and proposer, its
    # incidents, its sanctions, their cases, its approvals (5); the active profile's revision
    # token (1); the letter (notices): the decision's notice, whether an appeal proposed the
    # decision, the template, the customer's address, the sanctions with their cases, the
    # incidents, who approved it, the customer's challenges at its stage (9): 18
    profile = activate_profile("natural-england")
    customer = CustomerFactory()
    decision = propose_and_submit(
        # Annex B: the proposer's line manager (here the Chief Executive) signs it off.
        UserFactory(username="nick", roles=[Role.HEAD_OF_SERVICE], line_manager=chief_executive),
        customer,
        "sanction",
        incidents=[incident(customer, caseworker, extreme=True)],
        sanctions=[sanction_of(profile, "one_method", channel="email")],
    )
    client.force_login(chief_executive)
    small = count_queries(client, decision_url(decision))
    approve(decision, line_manager)
    for _ in range(5):
        incident(customer, caseworker)
    large = count_queries(client, decision_url(decision))
    assert small == large
    # with the header's unread count, the session's second factor and the letter (9)
    assert large == 20


def test_the_sign_off_screen_runs_a_fixed_number_of_queries(
    client, chief_executive, line_manager, caseworker, btpa_active, btpa_submitted, customer
):
    # the decision page's 9 before its letter, plus the customer's identifiers, recent
    # incidents, recent contacts (12), plus the notice as it will be issued (whether an
    # appeal proposed the decision, its template, the facts it merges and who approved it): 18
    client.force_login(chief_executive)
    url = decision_url(btpa_submitted, "signoff")
    small = count_queries(client, url)
    for i in range(25):
        incident(customer, caseworker, days_ago=i + 1)
        contact_log(
            logged_by=caseworker,
            customer=customer,
            details=ContactDetails(
                channel="email",
                received_at=timezone.now() - timedelta(days=i, hours=1),
                summary=f"Email {i}",
            ),
        )
    large = count_queries(client, url)
    assert small == large
    # with the header's unread count, the session's second factor and the letter's kind
    assert large == 20


def test_the_case_page_runs_a_fixed_number_of_queries(
    client, chief_executive, line_manager, caseworker, btpa_active, btpa_submitted
):
    approve(btpa_submitted, chief_executive)
    case = btpa_submitted.restriction_case
    client.force_login(chief_executive)
    small = count_queries(client, case.get_absolute_url())
    for _ in range(3):
        decision = decision_propose(
            actor=line_manager,
            customer=case.customer,
            proposal=Proposal(
                kind="vary",
                reasons="More",
                sanctions=[sanction_of(btpa_active, "one_method", channel="email")],
                review_due=review_date(),
            ),
        )
        assert decision.restriction_case == case
    large = count_queries(client, case.get_absolute_url())
    # session, user, groups (3); the case with its customer, its active sanctions, its
    # decisions with their proposers, its reviews with their reviewers, its audit events
    # with their actors (5); the police reports due (1); the active profile's revision
    # token (1); the header's count of unread notifications (1): 11
    assert small == large
    assert large == 12  # with the session's second factor


def test_an_approval_reads_nothing_stale(client, chief_executive, btpa_submitted):
    """Two Chief Executive tabs: the second answer finds the decision already decided."""
    decision_answer(
        decision=btpa_submitted,
        actor=chief_executive,
        outcome="approve",
        confirmed_checklist=True,
    )
    client.force_login(chief_executive)
    response = client.post(
        decision_url(btpa_submitted, "signoff"),
        {"outcome": "reject", "reason": "Changed my mind"},
    )
    assert response.status_code == 400
    assert "already been answered" in response.content.decode()


def test_junk_in_the_query_string_is_ignored(client, line_manager, customer, extreme):
    client.force_login(line_manager)
    for query in ["?kind=explode", "?from=DEC-9999-999999", "?from=%ff&kind=", "?kind=vary"]:
        response = client.get(propose_url(customer) + query)
        assert response.status_code == 200, query
        page = response.content.decode()
        assert not re.search(r'name="kind" type="radio" value="\w+" checked', page), query
    # A NUL character is refused before any view sees it (PostgreSQL cannot compare it).
    assert client.get(propose_url(customer) + "?from=%00").status_code == 400


def test_a_review_date_beyond_the_policys_interval_is_refused_beside_the_field(
    client, ipcc, caseworker, line_manager
):
    customer = CustomerFactory()
    abuse = incident(customer, caseworker, extreme=True)
    client.force_login(line_manager)
    page = client.get(propose_url(customer)).content.decode()
    suggested = timezone.localdate().replace(year=timezone.localdate().year + 1)
    assert f'value="{suggested.year}"' in page  # IPCC §8: reviewed at least annually
    two_years = review_date(days=730)
    response = client.post(
        propose_url(customer),
        proposal(
            ipcc,
            [abuse],
            chosen={sanction_type(ipcc, "one_method"): {"channel": "email"}},
            review_due_0=str(two_years.day),
            review_due_1=str(two_years.month),
            review_due_2=str(two_years.year),
        ),
    )
    assert response.status_code == 400
    assert 'id="id_review_due-error"' in response.content.decode()
    assert not Decision.objects.exists()


def test_a_building_exclusion_ends_on_a_date_or_is_permanent(
    client, activate_profile, caseworker, line_manager
):
    profile = activate_profile("tamworth")
    customer = CustomerFactory()
    assault = incident(customer, caseworker, extreme=True)
    exclusion = sanction_type(profile, "building_exclusion")
    client.force_login(line_manager)
    later = review_date(days=60)

    def post(**params):
        chosen = {exclusion: {"buildings": "Marmion House", **params}}
        return client.post(propose_url(customer), proposal(profile, [assault], chosen=chosen))

    response = post()
    assert "Enter the date the exclusion ends, or choose permanent" in response.content.decode()
    response = post(
        permanent="on",
        ends_on_0=str(later.day),
        ends_on_1=str(later.month),
        ends_on_2=str(later.year),
    )
    assert "Enter an end date or choose permanent, not both" in response.content.decode()
    response = post(ends_on_0="1", ends_on_1="1", ends_on_2="2020")
    assert "The exclusion must end in the future" in response.content.decode()
    assert not Decision.objects.exists()
    response = post(ends_on_0=str(later.day), ends_on_1=str(later.month), ends_on_2=str(later.year))
    assert response.status_code == 302
    sanction = Sanction.objects.get()
    assert (sanction.buildings, sanction.ends_on, sanction.permanent) == (
        "Marmion House",
        later,
        False,
    )


def test_natural_england_third_party_and_agreement(client, activate_profile, caseworker):
    profile = activate_profile("natural-england")
    proposer = UserFactory(username="nick", roles=[Role.HEAD_OF_SERVICE])
    customer = CustomerFactory()
    threat = incident(customer, caseworker, extreme=True)
    third = sanction_type(profile, "third_party")
    agreement = sanction_type(profile, "written_agreement")
    client.force_login(proposer)
    response = client.post(
        propose_url(customer),
        proposal(profile, [threat], chosen={third: {"third_party": " "}, agreement: {}}),
    )
    page = response.content.decode()
    assert "Enter the third party or advocate the customer contacts us through" in page
    assert "Enter the terms of the agreement" in page
    response = client.post(
        propose_url(customer),
        proposal(
            profile,
            [threat],
            chosen={
                third: {"third_party": "Citizens Advice Ipswich"},
                agreement: {"agreed_terms": "One email a week to the case officer."},
            },
        ),
    )
    assert response.status_code == 302
    described = sorted(s.third_party or s.agreed_terms for s in Sanction.objects.all())
    assert described == ["Citizens Advice Ipswich", "One email a week to the case officer."]
