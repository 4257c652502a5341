"""What the incident form asks depends on the profile's policy (issue 20, items 7 and 9):
the "extreme" mark only where the policy has that notion, for those it names; the "always
reported to the police" question only where the policy always reports such behaviour."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import Incident
from cases.services import customer_create, incident_record
from contactpolicy.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EXTREME_LABEL = "This behaviour was extreme"


def url(customer) -> str:
    return reverse("screens:incident_record", kwargs={"reference": customer.reference})


def incident_form(category, **overrides) -> dict:
    when = timezone.localtime() - timedelta(days=1)
    return {
        "category": str(category.pk),
        "occurred_date_0": str(when.day),
        "occurred_date_1": str(when.month),
        "occurred_date_2": str(when.year),
        "occurred_time": "10:15",
        "channel": "telephone",
        "description": "Pushed the officer against the counter.",
        "severity": "high",
        "reported_to": "",
        **overrides,
    }


def make_customer(by):
    return customer_create(created_by=by, name="Jo Bloggs")


def test_btpa_offers_no_extreme_mark_to_anyone(activate_profile, client):
    """BTPA §8.4: "The Authority will limit or refuse customer contact fitting these
    criteria. The Authority may also assess whether to report any incident to the police, and
    this might be done without warning given to the customer." §8.6: "The Authority may also
    assess whether to report any correspondence to the police". Its restrictions: "In extreme
    cases, such as the scenarios in sections A and B (aggressive and discriminatory
    behaviour), informing the customer that all communication will be refused." Only
    categories A and B are extreme: a C, D or E incident ticked by anyone, caseworker or
    Chief Executive, must not unlock refusing all contact."""
    profile = activate_profile("btpa")
    assert profile.extreme_marked_by_role is None
    assert {c.code for c in profile.behaviour_categories.all() if c.is_extreme} == {"A", "B"}
    persistent = profile.behaviour_categories.get(code="D")
    for role in (Role.CASEWORKER, Role.HEAD_OF_SERVICE, Role.CHIEF_EXECUTIVE):
        user = UserFactory(roles=[role])
        customer = make_customer(user)
        client.force_login(user)
        assert EXTREME_LABEL not in client.get(url(customer)).content.decode()
        client.post(url(customer), incident_form(persistent, extreme="on"))
        recorded = Incident.objects.get(customer=customer)
        assert not recorded.extreme and not recorded.is_extreme
        with pytest.raises(ValidationError):
            incident_record(
                recorded_by=user,
                customer=customer,
                category=persistent,
                occurred_at=timezone.now() - timedelta(hours=1),
                channel="email",
                description="Forty emails",
                extreme=True,
            )
        page = client.get(recorded.get_absolute_url()).content.decode()
        assert "Mark as extreme behaviour" not in page
        client.post(reverse("screens:incident_extreme", kwargs={"reference": recorded.reference}))
        recorded.refresh_from_db()
        assert not recorded.extreme


@pytest.mark.parametrize("slug", ["opcc", "ipcc", "tamworth"])
def test_policies_without_the_notion_offer_the_mark_to_no_one(activate_profile, client, slug):
    """Natural England's "Extreme behaviour" is its own: the other policies name nobody who
    judges behaviour extreme whatever its category, so nobody is offered the mark."""
    assert activate_profile(slug).extreme_marked_by_role is None
    chief = UserFactory(roles=[Role.CHIEF_EXECUTIVE])
    client.force_login(chief)
    assert EXTREME_LABEL not in client.get(url(make_customer(chief))).content.decode()


def test_natural_england_lets_only_a_director_mark_behaviour_extreme(activate_profile, client):
    """Natural England, "Extreme behaviour": "Where behaviour is so extreme that it is an
    immediate threat to the safety and welfare of staff or others, a Director will consider
    whether it is necessary to report the matter to the Legal Team and/or the Police"."""
    profile = activate_profile("natural-england")
    assert profile.extreme_marked_by_role == Role.HEAD_OF_SERVICE
    threatening = profile.behaviour_categories.get(code="threatening")
    caseworker, director = (
        UserFactory(roles=[Role.CASEWORKER]),
        UserFactory(roles=[Role.HEAD_OF_SERVICE]),
    )
    customer = make_customer(caseworker)

    client.force_login(caseworker)
    assert EXTREME_LABEL not in client.get(url(customer)).content.decode()
    client.post(url(customer), incident_form(threatening, extreme="on"))
    seen = Incident.objects.get(customer=customer)
    assert not seen.is_extreme
    page = client.get(seen.get_absolute_url()).content.decode()
    assert "Mark as extreme behaviour" not in page
    client.post(reverse("screens:incident_extreme", kwargs={"reference": seen.reference}))
    seen.refresh_from_db()
    assert not seen.extreme

    client.force_login(director)
    assert EXTREME_LABEL in client.get(url(customer)).content.decode()
    assert "Mark as extreme behaviour" in client.get(seen.get_absolute_url()).content.decode()
    client.post(reverse("screens:incident_extreme", kwargs={"reference": seen.reference}))
    seen.refresh_from_db()
    assert seen.is_extreme

    client.post(url(customer), incident_form(threatening, extreme="on"))
    assert Incident.objects.filter(customer=customer, extreme=True).count() == 2


def test_ipcc_asks_whether_violence_was_used_and_the_customer_page_asks_for_the_report(
    activate_profile, client
):
    """IPCC §4: "The IPCC may report threats or use of physical violence, verbal abuse or
    harassment towards IPCC staff to the police. This will always be the case if physical
    violence is used or threatened"."""
    profile = activate_profile("ipcc")
    question = profile.police_always_reported
    assert question == "Was physical violence used or threatened?"
    caseworker = UserFactory(roles=[Role.CASEWORKER])
    customer = make_customer(caseworker)
    aggressive = profile.behaviour_categories.order_by("order").first()
    client.force_login(caseworker)
    assert question in client.get(url(customer)).content.decode()

    response = client.post(
        url(customer), incident_form(aggressive, police_report_required="on"), follow=True
    )
    assert "always reported to the police" in response.content.decode()
    recorded = Incident.objects.get(customer=customer)
    assert recorded.police_report_required
    page = client.get(customer.get_absolute_url()).content.decode()
    assert "always reported to the police" in page
    assert recorded.reference in page


def test_a_policy_without_the_rule_asks_nothing_about_the_police(activate_profile, client):
    """IPCC §4 is IPCC's (and Tamworth §9's) rule: BTPA "may also assess whether to report
    any incident to the police" and asks nothing of the kind."""
    profile = activate_profile("btpa")
    assert not profile.police_always_reported
    caseworker = UserFactory(roles=[Role.CASEWORKER])
    customer = make_customer(caseworker)
    client.force_login(caseworker)
    assert "always reported to the police" not in client.get(url(customer)).content.decode()
    client.post(
        url(customer),
        incident_form(profile.behaviour_categories.get(code="A"), police_report_required="on"),
    )
    assert not Incident.objects.get(customer=customer).police_report_required
    assert (
        "always reported to the police"
        not in client.get(customer.get_absolute_url()).content.decode()
    )
