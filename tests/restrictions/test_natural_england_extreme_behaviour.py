"""Natural England, "Extreme behaviour": behaviour is extreme when it is "an immediate threat
to the safety and welfare of staff or others", not because of its Annex A term. Staff mark the
incident that is ("a Director will consider": the head of service role marks it); only such an
incident lets a sanction skip the warning (step 5)."""

import pytest
from django.urls import reverse

from contactpolicy.roles import Role
from restrictions.models import Stage
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import (
    approve,
    category,
    incident,
    person,
    propose_and_submit,
    sanction_of,
)

pytestmark = pytest.mark.django_db


def test_natural_england_abuse_is_not_extreme_until_staff_mark_the_incident(activate_profile):
    profile = activate_profile("natural-england")
    colleague = person(Role.CASEWORKER)
    customer = CustomerFactory()

    abuse = incident(customer, colleague, category=category(profile, "abusive"))
    director = person(Role.HEAD_OF_SERVICE)
    threat = incident(customer, director, category=category(profile, "abusive"), extreme=True)

    assert not abuse.is_extreme
    assert threat.is_extreme


def test_natural_england_a_marked_incident_lets_sanctions_skip_the_warning(activate_profile):
    profile = activate_profile("natural-england")
    customer = CustomerFactory()
    director = person(Role.HEAD_OF_SERVICE)
    threat = incident(customer, director, category=category(profile, "threatening"), extreme=True)

    # Annex B: the proposer's line manager signs the sanction off.
    head = person(Role.HEAD_OF_SERVICE)
    decision = propose_and_submit(
        person(Role.LINE_MANAGER, line_manager=head),
        customer,
        "sanction",
        incidents=[threat],
        sanctions=[sanction_of(profile, "one_method", channel="email")],
    )
    assert decision.cites_extreme_behaviour
    approve(decision, person(Role.LINE_MANAGER))
    approve(decision, head)

    assert customer.restriction_cases.get().state == Stage.SANCTIONED


@pytest.mark.parametrize(
    ("slug", "cite"),
    [
        ("natural-england", "cite an incident marked as extreme behaviour"),
        ("tamworth", "cite an incident in an extreme category"),
    ],
)
def test_the_proposal_says_which_incident_shows_extreme_behaviour(
    activate_profile, client, slug, cite
):
    """Natural England has no extreme category (behaviour is extreme when it is "an
    immediate threat to the safety and welfare of staff or others"): its proposal form asks
    for an incident marked so; Tamworth's for one in an extreme category."""
    activate_profile(slug)
    manager = person(Role.LINE_MANAGER)
    customer = CustomerFactory()
    client.force_login(manager)
    page = client.get(
        reverse("restrictions:decision_propose", kwargs={"reference": customer.reference})
    ).content.decode()
    assert f"No warning has been given: {cite}" in page
