"""A customer's identifiers after creation (DESIGN.md §3): added, corrected and retired,
and links between customers added and removed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from cases import selectors
from cases.models import CustomerLink
from cases.services import (
    customer_create,
    customer_identifier_add,
    customer_identifier_correct,
    customer_identifier_retire,
    customer_link_add,
    customer_link_remove,
)
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def priya(btpa_active, caseworker):
    return customer_create(
        created_by=caseworker,
        name="Priya Sharma",
        identifiers=[("phone", "07700 900123", ""), ("email", "priya@example.org", "")],
    )


def test_a_phone_number_added_later_is_checked_and_kept_in_its_written_form(priya):
    added = customer_identifier_add(customer=priya, kind="phone", value="+44 7700 900 456")
    assert added.value == "07700 900456"
    with pytest.raises(ValidationError, match="Enter a phone number"):
        customer_identifier_add(customer=priya, kind="phone", value="12345")


def test_a_correction_changes_what_recognises_the_customer_and_keeps_the_old_value(priya):
    email = priya.identifiers.get(kind="email")
    customer_identifier_correct(identifier=email, value="Priya.S@example.org")
    assert selectors.customers_recognised_by("priya.s@example.org") == [priya]
    assert selectors.customers_recognised_by("priya@example.org") == []
    assert email.history.earliest().value == "priya@example.org"


def test_a_retired_identifier_no_longer_recognises_but_stays_on_record(priya, caseworker):
    phone = priya.identifiers.get(kind="phone")
    customer_identifier_retire(identifier=phone, retired_by=caseworker)
    phone.refresh_from_db()
    assert phone.retired_by == caseworker and phone.retired_at is not None
    assert selectors.customers_recognised_by("07700900123") == []
    assert selectors.customer_lookup("07700 900123") == []
    assert priya.identifiers.count() == 2
    with pytest.raises(ValidationError, match="retired"):
        customer_identifier_correct(identifier=phone, value="07700 900124")


def test_retiring_twice_keeps_who_retired_it_first(priya, caseworker, line_manager):
    phone = priya.identifiers.get(kind="phone")
    first = customer_identifier_retire(identifier=phone, retired_by=caseworker)
    again = customer_identifier_retire(identifier=phone, retired_by=line_manager)
    assert (again.retired_by, again.retired_at) == (caseworker, first.retired_at)


def test_customers_are_linked_and_unlinked_but_never_to_themselves(priya, caseworker):
    agent = customer_create(created_by=caseworker, name="Sharma Associates", kind="agent")
    link = customer_link_add(customer=agent, other=priya, kind="agent_for", note="Acts for her")
    with pytest.raises(ValidationError, match="already linked"):
        customer_link_add(customer=agent, other=priya, kind="agent_for")
    with pytest.raises(ValidationError, match="themselves"):
        customer_link_add(customer=priya, other=priya, kind="other")
    customer_link_remove(link=link)
    assert not CustomerLink.objects.exists()
    assert CustomerLink.history.count() == 2


def test_the_screens_add_correct_retire_and_link(client, caseworker, priya):
    client.force_login(caseworker)
    url = reverse("cases:identifiers", args=[priya.reference])
    client.post(url, {"kind": "social", "value": "@priya_s"})
    assert selectors.customers_recognised_by("@PRIYA_S") == [priya]
    refused = client.post(url, {"kind": "phone", "value": "not a number"})
    assert "Enter a phone number" in refused.content.decode()
    email = priya.identifiers.get(kind="email")
    client.post(
        reverse("cases:identifier_correct", args=[priya.reference, email.pk]),
        {"value": "p.sharma@example.org"},
    )
    phone = priya.identifiers.get(kind="phone")
    client.post(reverse("cases:identifier_retire", args=[priya.reference, phone.pk]))
    other = customer_create(created_by=caseworker, name="Ravi Sharma")
    client.post(
        reverse("cases:link_add", args=[priya.reference]),
        {"link-other": other.reference, "link-kind": "same_address", "link-note": "Her brother"},
    )
    page = client.get(url).content.decode()
    assert "p.sharma@example.org" in page and "Retired" in page and "Ravi Sharma" in page
    assert f"by {escape(str(caseworker))}" in page  # "O'Neill" is escaped in HTML


def test_the_identifiers_page_costs_the_same_however_many(client, caseworker, priya):
    client.force_login(caseworker)
    url = reverse("cases:identifiers", args=[priya.reference])

    def add(i):
        added = customer_identifier_add(customer=priya, kind="email", value=f"p{i}@example.org")
        customer_identifier_retire(identifier=added, retired_by=caseworker)
        customer_link_add(
            customer=priya,
            other=customer_create(created_by=caseworker, name=f"Relative {i}"),
            kind="other",
        )

    add(0)
    few = count_queries(client, url)
    for i in range(1, 6):
        add(i)
    assert count_queries(client, url) == few
    # session, user, the second factor's device, roles, customer, its links with the
    # others, links to it, identifiers with who retired them, and the one-time token
    assert few <= 11


def test_lookup_shows_only_identifiers_in_use(priya, caseworker):
    customer_identifier_retire(
        identifier=priya.identifiers.get(kind="phone"), retired_by=caseworker
    )
    [found] = selectors.customer_lookup("Priya")
    assert [i.kind for i in found.identifiers.all()] == ["email"]
