"""Natural England Annex B, "sign off level": sanctions are signed off by the "Line Manager
of staff member corresponding with the customer". The proposal names that staff member."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from appeals import services as appeal_services
from appeals.models import AppealOutcome
from contactpolicy.choices import DecisionKind
from contactpolicy.roles import Role
from restrictions.models import DecisionStatus, SanctionStatus, Stage
from tests.appeals.factories import record
from tests.cases.factories import ContactFactory, CustomerFactory
from tests.restrictions.factories import (
    _active_profile_row,
    approve,
    category,
    incident,
    person,
    propose_and_submit,
    sanction_of,
)

pytestmark = pytest.mark.django_db


def _people():
    director = person(Role.HEAD_OF_SERVICE, first_name="Hana", last_name="Okafor")
    team_manager = person(
        Role.LINE_MANAGER, first_name="Tom", last_name="Reed", line_manager=director
    )
    officer = person(
        Role.CASEWORKER, first_name="Priya", last_name="Shah", line_manager=team_manager
    )
    return director, team_manager, officer


def test_natural_england_annex_b_the_customers_officer_is_the_correspondent_by_default(
    activate_profile,
):
    """Annex B: "Line Manager of staff member corresponding with the customer". The
    officer handling the customer's contacts corresponds with them, so their line manager
    signs off, not the line manager of the manager who proposed (one level too high)."""
    profile = activate_profile("natural-england")
    director, team_manager, officer = _people()
    customer = CustomerFactory()
    ContactFactory(customer=customer, officer=officer)
    evidence = incident(customer, officer, category=category(profile, "abusive"), extreme=True)
    proposer = person(Role.LINE_MANAGER, line_manager=director)
    decision = propose_and_submit(
        proposer,
        customer,
        "sanction",
        incidents=[evidence],
        sanctions=[sanction_of(profile, "one_method", channel="email")],
    )
    assert decision.correspondent == officer

    decision = approve(decision, person(Role.CHIEF_EXECUTIVE))
    # The proposer's line manager is one level too high.
    with pytest.raises(PermissionDenied) as refused:
        approve(decision, director)
    assert str(refused.value) == (
        "Under the Natural England policy the line manager of Priya Shah, Tom Reed, signs this off."
    )
    decision = approve(decision, team_manager)
    assert decision.restriction_case.state == Stage.SANCTIONED


def test_the_proposal_form_asks_who_corresponds_and_offers_the_customers_officer(
    activate_profile, client
):
    """The proposal form names the correspondent, preselecting the officer of the
    customer's latest contact; the decision's page says whose line manager signs off."""
    activate_profile("natural-england")
    _director, team_manager, officer = _people()
    customer = CustomerFactory()
    ContactFactory(customer=customer, officer=officer)
    client.force_login(team_manager)
    page = client.get(reverse("restrictions:decision_propose", args=[customer.reference]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Who corresponds with the customer?" in body
    assert f'<option value="{officer.pk}" selected>Priya Shah</option>' in body


def test_a_profile_without_the_annex_b_rule_does_not_ask_for_a_correspondent(
    activate_profile, client
):
    activate_profile("btpa")
    manager = person(Role.LINE_MANAGER)
    customer = CustomerFactory()
    client.force_login(manager)
    body = client.get(reverse("restrictions:decision_propose", args=[customer.reference])).content
    assert b"Who corresponds with the customer?" not in body


def test_natural_england_an_appeals_variation_keeps_the_customers_correspondent(
    activate_profile,
):
    """Annex B: the line manager of the staff member corresponding with the customer signs
    off the variation an appeal decides, never the appeal decider's own line manager."""
    activate_profile("natural-england")
    profile = _active_profile_row()
    director, team_manager, officer = _people()
    customer = CustomerFactory()
    ContactFactory(customer=customer, officer=officer)
    evidence = incident(customer, officer, category=category(profile, "abusive"), extreme=True)
    decision = propose_and_submit(
        director,
        customer,
        "sanction",
        incidents=[evidence],
        sanctions=[
            sanction_of(profile, "one_method", channel="email"),
            sanction_of(profile, "named_officer", officer=officer),
        ],
    )
    approve(decision, person(Role.CHIEF_EXECUTIVE))
    decision = approve(decision, team_manager)
    case = decision.restriction_case
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED
    keep = [
        s for s in case.sanctions.filter(status=SanctionStatus.ACTIVE) if s.kind == "one_method"
    ]

    appeal = record(decision)
    appeal = appeal_services.appeal_acknowledge(actor=person(Role.LINE_MANAGER), appeal=appeal)
    investigator = person(Role.HEAD_OF_SERVICE)
    appeal = appeal_services.appeal_assign(
        actor=investigator, appeal=appeal, investigator=investigator
    )
    appeal = appeal_services.appeal_record_findings(
        actor=investigator, appeal=appeal, findings="A named officer is not needed."
    )
    deciders_manager = person(Role.CHIEF_EXECUTIVE)
    decider = person(Role.HEAD_OF_SERVICE, line_manager=deciders_manager)
    appeal = appeal_services.appeal_decide(
        actor=decider,
        appeal=appeal,
        outcome=AppealOutcome.PARTLY_UPHELD,
        reasons="Writing by email is enough.",
        effect="vary",
        keep=keep,
    )
    vary = appeal.resulting_decision
    assert (vary.kind, vary.status) == (DecisionKind.VARY, DecisionStatus.SUBMITTED)
    assert vary.correspondent == officer
    approve(vary, person(Role.HEAD_OF_SERVICE), issue=False)
    with pytest.raises(PermissionDenied):
        approve(vary, deciders_manager, issue=False)
    assert approve(vary, team_manager, issue=False).status == DecisionStatus.APPROVED


def _decided_appeal_varying(decision, keep_kind, decider):
    """The appeal against `decision`, investigated and partly upheld by `decider`, keeping
    only the sanctions of `keep_kind`: the variation it proposes."""
    case = decision.restriction_case
    keep = [s for s in case.sanctions.filter(status=SanctionStatus.ACTIVE) if s.kind == keep_kind]
    appeal = record(decision)
    appeal = appeal_services.appeal_acknowledge(actor=person(Role.LINE_MANAGER), appeal=appeal)
    investigator = person(Role.HEAD_OF_SERVICE)
    appeal = appeal_services.appeal_assign(
        actor=investigator, appeal=appeal, investigator=investigator
    )
    appeal = appeal_services.appeal_record_findings(
        actor=investigator, appeal=appeal, findings="A named officer is not needed."
    )
    appeal = appeal_services.appeal_decide(
        actor=decider,
        appeal=appeal,
        outcome=AppealOutcome.PARTLY_UPHELD,
        reasons="Writing by email is enough.",
        effect="vary",
        keep=keep,
    )
    return appeal.resulting_decision


def test_natural_england_an_appeals_variation_of_a_decision_naming_no_correspondent(
    activate_profile,
):
    """Annex B: "Line Manager of staff member corresponding with the customer". A decision
    recorded before proposals named the correspondent was signed off as the proposer's;
    an appeal's variation of it keeps that person, and never asks for the line manager of
    the appeal decider, even where no officer handles the customer's contacts."""
    activate_profile("natural-england")
    profile = _active_profile_row()
    _director, team_manager, proposer = _people()
    proposer.roles = [Role.LINE_MANAGER]
    proposer.save()
    customer = CustomerFactory()  # no contact or matter names an officer
    evidence = incident(customer, proposer, category=category(profile, "abusive"), extreme=True)
    decision = propose_and_submit(
        proposer,
        customer,
        "sanction",
        incidents=[evidence],
        sanctions=[
            sanction_of(profile, "one_method", channel="email"),
            sanction_of(profile, "named_officer", officer=proposer),
        ],
    )
    type(decision).objects.filter(pk=decision.pk).update(correspondent=None)
    decision.refresh_from_db()
    approve(decision, person(Role.CHIEF_EXECUTIVE))
    decision = approve(decision, team_manager)
    assert decision.restriction_case.state == Stage.SANCTIONED

    deciders_manager = person(Role.CHIEF_EXECUTIVE)
    decider = person(Role.HEAD_OF_SERVICE, line_manager=deciders_manager)
    vary = _decided_appeal_varying(decision, "one_method", decider)
    assert vary.correspondent == proposer
    approve(vary, person(Role.HEAD_OF_SERVICE), issue=False)
    with pytest.raises(PermissionDenied) as refused:
        approve(vary, deciders_manager, issue=False)
    assert "the line manager of Priya Shah, Tom Reed, signs this off" in str(refused.value)
    assert approve(vary, team_manager, issue=False).status == DecisionStatus.APPROVED
