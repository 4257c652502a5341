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
    # the page's base, the customers with that identifier, their restriction stages, and
    # the block sanctions in force
    assert known <= 16


def test_a_restriction_never_spreads_to_a_linked_customer(caseworker, priya, btpa_active):
    assert banner_for(priya, script="", officer=caseworker) is not None
    brother = customer_named("Ravi Sharma", caseworker)
    customer_link_add(customer=priya, other=brother, kind="same_address")
    customer_link_add(customer=brother, other=priya, kind="other")
    assert banner_for(brother, script="", officer=caseworker) is None
