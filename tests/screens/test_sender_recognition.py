"""Automatic recognition on Log a contact (DESIGN.md §5): the sender's number or address,
typed before anyone searches, offers the customer it belongs to, and a blocked one shows
the block; and a restriction never spreads to a linked customer (DESIGN.md §3)."""

import pytest

from cases.services import customer_identifier_retire, customer_link_add
from restrictions.banner import banner_for
from restrictions.recognition import blocked_sender
from tests.queries import count_queries
from tests.restrictions.factories import sanction_of
from tests.restrictions.restricted import customer_named, sanction, telephone_outside_today

pytestmark = pytest.mark.django_db

URL = "/contacts/new/"
SENDER = {"fragment": "sender"}


@pytest.fixture
def btpa_people(btpa_active, caseworker, line_manager, chief_executive):
    return {"proposer": line_manager, "approvers": [chief_executive], "recorder": caseworker}


@pytest.fixture
def priya(btpa_people, caseworker, btpa_active):
    customer = customer_named(
        "Priya Sharma",
        caseworker,
        identifiers=[("phone", "07700 900123", ""), ("email", "priya@example.org", "")],
    )
    sanction(
        customer,
        sanction_of(btpa_active, "block_identifiers", blocked_identifiers="07700 900999"),
        **btpa_people,
    )
    return customer


def fragment(client, sender: str) -> str:
    response = client.get(URL, {**SENDER, "sender": sender}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


def test_a_known_number_offers_its_customer_before_any_search(client, caseworker, priya):
    client.force_login(caseworker)
    html = fragment(client, "+44 7700 900 123")
    assert "This number belongs to <strong>Priya Sharma</strong>" in html
    assert f"?customer={priya.reference}" in html
    assert "This address belongs to" in fragment(client, "PRIYA@example.org")


def test_a_retired_number_offers_nobody(client, caseworker, priya):
    customer_identifier_retire(identifier=priya.identifiers.get(kind="phone"), retired_by=None)
    client.force_login(caseworker)
    assert "belongs to" not in fragment(client, "07700900123")


def test_a_blocked_number_from_an_unidentified_sender_shows_the_block(client, caseworker, priya):
    assert blocked_sender("+44 7700 900999").customer == priya
    assert blocked_sender("07700 900998") is None
    client.force_login(caseworker)
    html = fragment(client, "07700900999")
    assert "Blocked: 07700 900999 is blocked under the restriction on" in html
    assert "Priya Sharma" in html


def test_the_whole_page_shows_recognition_without_javascript(client, caseworker, priya):
    client.force_login(caseworker)
    page = client.get(URL, {"sender": "07700 900123"}).content.decode()
    assert "This number belongs to" in page


def test_recognition_costs_a_fixed_number_of_queries(client, caseworker, priya, btpa_people):
    client.force_login(caseworker)
    headers = {"HX_Request": "true"}
    known = count_queries(client, URL, {**SENDER, "sender": "07700900123"}, **headers)
    for i in range(3):
        other = customer_named(
            f"Other {i}", caseworker, identifiers=[("phone", "07700 900123", "")]
        )
        sanction(other, telephone_outside_today(), **btpa_people)
    assert count_queries(client, URL, {**SENDER, "sender": "07700900123"}, **headers) == known
    # the page's base, the customers with that identifier, their restriction stages, the
    # block sanctions in force, and the first restricted customer's banner (four)
    assert known <= 18


def test_a_restriction_never_spreads_to_a_linked_customer(caseworker, priya, btpa_active):
    assert banner_for(priya, script="", officer=caseworker) is not None
    brother = customer_named("Ravi Sharma", caseworker)
    customer_link_add(customer=priya, other=brother, kind="same_address")
    customer_link_add(customer=brother, other=priya, kind="other")
    assert banner_for(brother, script="", officer=caseworker) is None


@pytest.fixture
def gordon(btpa_people, caseworker, btpa_active):
    """Restricted by telephone times, his number no block: recognised by his record."""
    customer = customer_named(
        "Gordon Pike",
        caseworker,
        identifiers=[("phone", "07700 900777", ""), ("social", "@gordonpike", "")],
    )
    sanction(customer, telephone_outside_today(), **btpa_people)
    return customer


@pytest.mark.parametrize("sender", ["+44 7700 900777", "07700900777", "7700 900777", "@GordonPike"])
def test_a_restricted_customers_identifier_brings_their_banner(client, caseworker, gordon, sender):
    client.force_login(caseworker)
    html = fragment(client, sender)
    assert 'id="sanction-banner"' in html
    assert "This customer&#x27;s contact is restricted" in html
    assert "at most 15 minutes a call" in html
    assert f"?customer={gordon.reference}&amp;sender=" in html
    assert "Log this contact against Gordon Pike" in html


def test_the_recognised_banner_follows_the_channel(client, caseworker, gordon, btpa_active):
    client.force_login(caseworker)
    response = client.get(
        URL,
        {**SENDER, "sender": "7700 900777", "channel": "telephone"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    lead = html.index('class="app-channel-advice')
    assert html.index('data-channel="telephone"') == html.index("data-channel", lead)
    assert "This call is outside the agreed times" in html
    assert btpa_active.termination_script[:40] in html
    assert "&amp;channel=telephone" in html


def test_the_whole_page_shows_the_recognised_banner_without_javascript(client, caseworker, gordon):
    client.force_login(caseworker)
    page = client.get(URL, {"sender": "7700 900777"}).content.decode()
    assert page.count('id="sanction-banner"') == 1
    assert "Log this contact against Gordon Pike" in page


def test_the_suggestion_keeps_the_sender_given(client, caseworker, gordon):
    client.force_login(caseworker)
    page = client.get(URL, {"customer": gordon.reference, "sender": "7700 900777"})
    html = page.content.decode()
    assert 'value="7700 900777"' in html
    assert "Log this contact against" not in html  # the customer is chosen


def test_a_customer_who_is_not_restricted_brings_no_banner(client, caseworker, btpa_active):
    customer_named("Ann Free", caseworker, identifiers=[("phone", "07700 900555", "")])
    client.force_login(caseworker)
    html = fragment(client, "7700 900555")
    assert "This number belongs to <strong>Ann Free</strong>" in html
    assert "sanction-banner" not in html
