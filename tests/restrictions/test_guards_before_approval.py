"""A decision that could never take effect is refused when it is proposed, and at each
approval, never accepted and left waiting (issue 10, item 1). The lifecycle's own guards
are asked, so the form, the services and the last approval refuse for the same reasons.

The warning guard applies where the profile puts a warning first (not BTPA, whose §8 has no
separate warning step); the clean-period guard where it sets one (Natural England's two
clean years).
"""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contactpolicy.roles import Role
from contactpolicy.workcalendar import add_calendar_months
from restrictions.completeness import Proposal
from restrictions.models import Decision, DecisionStatus, Stage
from restrictions.models.lifecycle import reengagement_earliest
from restrictions.services import decision_propose_and_submit
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import (
    category,
    drive_to,
    full_answers,
    incident,
    person,
    propose_and_submit,
    sanction_of,
)
from tests.restrictions.test_views_decisions import decision_url, proposal, propose_url

pytestmark = pytest.mark.django_db

WARNING_FIRST_PROFILES = ["ipcc", "natural-england", "opcc", "tamworth"]
NO_WARNING = (
    "No warning has been given: cite an incident of extreme behaviour, or say why a warning "
    "was not possible for the approver to confirm"
)


def field_error(page: str, field: str) -> str:
    """The error shown beside `field` on the page, or ""."""
    found = re.search(rf'id="id_{field}-error"[^>]*>.*?</span>\s*(.*?)</p>', page, re.S)
    return found.group(1).strip() if found else ""


@pytest.mark.parametrize("code", WARNING_FIRST_PROFILES)
def test_the_service_refuses_a_sanction_with_no_warning_and_nothing_to_excuse_it(
    activate_profile, code
):
    profile = activate_profile(code)
    proposer, caseworker = person(Role.LINE_MANAGER), person(Role.CASEWORKER)
    customer = CustomerFactory()
    checklist, exceptional = full_answers(profile)
    with pytest.raises(ValidationError) as info:
        decision_propose_and_submit(
            actor=proposer,
            customer=customer,
            submit=True,
            proposal=Proposal(
                kind="sanction",
                reasons="Abusive calls.",
                incidents=[incident(customer, caseworker)],
                checklist=checklist,
                exceptional_circumstances=exceptional,
                impact_on_business="A day a week.",
                impact_on_customer="She can still write.",
                proportionality="Only the telephone.",
                review_due=timezone.localdate() + timedelta(days=60),
                sanctions=[sanction_of(profile, "one_method", channel="letter")],
            ),
        )
    assert info.value.message_dict == {"warning_not_possible_reason": [NO_WARNING]}
    assert not Decision.objects.exists()
    assert not customer.restriction_cases.exists()


@pytest.mark.parametrize("code", WARNING_FIRST_PROFILES)
def test_the_form_shows_the_refusal_beside_the_reason_no_warning_was_possible(
    client, activate_profile, code
):
    profile = activate_profile(code)
    proposer, caseworker = person(Role.LINE_MANAGER), person(Role.CASEWORKER)
    customer = CustomerFactory()
    ordinary = incident(customer, caseworker)
    client.force_login(proposer)

    response = client.post(propose_url(customer), proposal(profile, [ordinary]))

    assert response.status_code == 400
    page = response.content.decode()
    assert field_error(page, "warning_not_possible_reason") == NO_WARNING
    assert 'href="#id_warning_not_possible_reason"' in page  # linked from the summary
    assert not Decision.objects.exists()

    # With a reason suggested for the approver to confirm, it goes for approval.
    response = client.post(
        propose_url(customer),
        proposal(profile, [ordinary], warning_not_possible_reason="No address to write to."),
    )
    assert response.status_code == 302
    assert Decision.objects.get().status == DecisionStatus.SUBMITTED


def test_btpa_has_no_warning_step_so_its_sanction_is_not_refused(client, btpa_active):
    proposer, caseworker = person(Role.LINE_MANAGER), person(Role.CASEWORKER)
    customer = CustomerFactory()
    client.force_login(proposer)
    response = client.post(
        propose_url(customer), proposal(btpa_active, [incident(customer, caseworker)])
    )
    assert response.status_code == 302
    assert Decision.objects.get().status == DecisionStatus.SUBMITTED


@pytest.fixture
def natural_england(activate_profile):
    profile = activate_profile("natural-england")
    head = person(Role.HEAD_OF_SERVICE)
    proposer = person(Role.LINE_MANAGER, line_manager=head)
    customer = CustomerFactory(name="Owen Tranter")
    case = drive_to(
        customer,
        "under_review_of_disengagement",
        proposer=proposer,
        approvers=[head, person(Role.CHIEF_EXECUTIVE)],
        recorder=person(Role.CASEWORKER),
    )
    return profile, case, proposer, head


def test_natural_england_form_refuses_a_lift_inside_the_two_clean_years(client, natural_england):
    profile, case, proposer, _ = natural_england
    earliest = add_calendar_months(case.last_incident_on(), 24)
    assert reengagement_earliest(case, profile) == earliest
    client.force_login(proposer)
    before = case.decisions.count()

    response = client.post(
        propose_url(case.customer),
        proposal(
            profile, [], kind="lift", chosen={}, review_due_0="", review_due_1="", review_due_2=""
        ),
    )

    assert response.status_code == 400
    assert field_error(response.content.decode(), "kind").endswith(
        f"The earliest date is {earliest:%-d %B %Y}."
    )
    assert case.decisions.count() == before


def test_natural_england_page_shows_the_earliest_re_engagement_and_offers_only_send_back_or_reject(
    client, natural_england
):
    """Proposed once two clean years had passed; a new incident since means it can no longer
    take effect: the page says so at the top, with the new earliest date, and the approver
    is offered only to send it back or reject it."""
    profile, case, proposer, head = natural_england
    customer = case.customer
    for old in customer.incidents.all():
        old.occurred_at = timezone.now() - timedelta(days=800)
        old.save(update_fields=["occurred_at"])
    lift = propose_and_submit(proposer, customer, "lift", reasons="Two clean years.")
    client.force_login(head)
    page = client.get(decision_url(lift)).content.decode()
    assert "cannot-apply" not in page
    old_earliest = reengagement_earliest(case, profile)
    assert f"{old_earliest:%-d %B %Y}" in page.split('id="reengage-on"')[1][:400]
    assert 'value="approve"' in page

    incident(customer, proposer, category=category(profile, "frequency"), days_ago=1)
    earliest = add_calendar_months(timezone.localdate() - timedelta(days=1), 24)
    page = client.get(decision_url(lift)).content.decode()

    warning = page.index('id="cannot-apply"')
    assert warning < page.index('id="letter"') and warning < page.index('id="summary"')
    assert f"The earliest date is {earliest:%-d %B %Y}." in page
    assert f"{earliest:%-d %B %Y}" in page.split('id="reengage-on"')[1][:400]
    assert 'value="approve"' not in page
    assert 'value="send_back"' in page and 'value="reject"' in page

    response = client.post(
        decision_url(lift, "decision_answer"),
        {"outcome": "reject", "reason": "A new incident yesterday."},
    )
    assert response.status_code == 302
    lift.refresh_from_db()
    assert lift.status == DecisionStatus.REJECTED
    case.refresh_from_db()
    assert case.state == Stage.UNDER_REVIEW


def test_why_you_cannot_approve_is_at_the_top(client, line_manager, activate_profile):
    profile = activate_profile("tamworth")
    customer = CustomerFactory()
    decision = propose_and_submit(
        line_manager,
        customer,
        "warn",
        incidents=[incident(customer, person(Role.CASEWORKER))],
        review_in_days=None,
    )
    assert profile.short_name
    client.force_login(line_manager)
    page = client.get(decision_url(decision)).content.decode()
    reason = page.index('id="cannot-answer"')
    assert "You proposed this decision" in page[reason : reason + 200]
    assert reason < page.index('id="summary"') < page.index('id="letter"')


ALL_PROFILES = ["btpa", "ipcc", "natural-england", "opcc", "tamworth"]
NO_SANCTIONS_YET = (
    "No sanctions have been in place: disengaging first needs an incident of extreme "
    "behaviour cited"
)


@pytest.mark.parametrize("code", ALL_PROFILES)
def test_disengaging_before_any_sanction_is_refused_when_proposed(client, activate_profile, code):
    """Every profile puts sanctions before disengagement unless extreme behaviour is cited:
    refused by the service and on the form beside the incidents cited."""
    profile = activate_profile(code)
    proposer, caseworker = person(Role.LINE_MANAGER), person(Role.CASEWORKER)
    customer = CustomerFactory()
    ordinary = incident(customer, caseworker)
    excuse = {"warning_not_possible_reason": "She has refused every letter and email."}

    with pytest.raises(ValidationError) as info:
        propose_and_submit(proposer, customer, "disengage", incidents=[ordinary], **excuse)
    assert info.value.message_dict == {"incidents": [NO_SANCTIONS_YET]}

    client.force_login(proposer)
    response = client.post(
        propose_url(customer), proposal(profile, [ordinary], kind="disengage", chosen={}, **excuse)
    )
    assert response.status_code == 400
    assert field_error(response.content.decode(), "incidents") == NO_SANCTIONS_YET
    assert not Decision.objects.filter(kind="disengage").exists()
