"""Legal hold: “a manager can place and lift a hold on a customer (reason, who, when),
which the sweep respects” (issue 22). The sweep's side is in test_sweep_forgets."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.hold_services import legal_hold_lift, legal_hold_place
from cases.models import LegalHold
from tests.cases.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def token(page: str) -> str:
    return re.search(r'name="submission_token" value="([0-9a-f-]{36})"', page).group(1)


@pytest.fixture
def customer(btpa_active):
    return CustomerFactory(name="Rowena Thackeray")


def test_a_manager_places_and_lifts_a_hold_with_reasons(client, line_manager, customer):
    client.force_login(line_manager)
    url = reverse("screens:legal_hold", args=[customer.reference])

    page = client.get(url).content.decode()
    assert "No legal hold is in force" in page
    placed = client.post(url, {"reason": "A claim is running", "submission_token": token(page)})
    assert placed.status_code == 302

    hold = LegalHold.objects.get(customer=customer)
    assert (hold.reason, hold.placed_by, hold.in_force) == (
        "A claim is running",
        line_manager,
        True,
    )
    page = client.get(url).content.decode()
    assert "A legal hold is in force" in page
    assert "Lift the hold" in page

    lifted = client.post(url, {"reason": "Settled", "submission_token": token(page)})
    assert lifted.status_code == 302
    hold.refresh_from_db()
    assert (hold.lifted_reason, hold.lifted_by, hold.in_force) == ("Settled", line_manager, False)
    assert [h.history_type for h in hold.history.order_by("history_date")] == ["+", "~"]
    assert hold.history.latest().history_user == line_manager


def test_a_hold_needs_a_reason(client, line_manager, customer):
    client.force_login(line_manager)
    url = reverse("screens:legal_hold", args=[customer.reference])
    page = client.get(url).content.decode()

    refused = client.post(url, {"reason": "  ", "submission_token": token(page)})

    assert refused.status_code == 400
    assert "Enter why the customer&#x27;s records are held" in refused.content.decode()
    assert "govuk-error-summary" in refused.content.decode()
    assert not LegalHold.objects.exists()


def test_a_second_hold_is_refused_while_one_is_in_force(line_manager, customer):
    legal_hold_place(actor=line_manager, customer=customer, reason="A claim")
    with pytest.raises(ValidationError, match="already in force"):
        legal_hold_place(actor=line_manager, customer=customer, reason="Another")
    legal_hold_lift(actor=line_manager, customer=customer, reason="Settled")
    with pytest.raises(ValidationError, match="No legal hold"):
        legal_hold_lift(actor=line_manager, customer=customer, reason="Again")


def test_caseworkers_neither_see_nor_place_holds(client, caseworker, customer):
    client.force_login(caseworker)
    assert client.get(reverse("screens:legal_hold", args=[customer.reference])).status_code == 403
    page = client.get(customer.get_absolute_url()).content.decode()
    assert "Legal hold" not in page


def test_the_customer_page_shows_managers_the_hold(client, line_manager, customer):
    client.force_login(line_manager)
    page = client.get(customer.get_absolute_url()).content.decode()
    assert reverse("screens:legal_hold", args=[customer.reference]) in page
    assert "In force" not in page

    legal_hold_place(actor=line_manager, customer=customer, reason="A claim")

    page = client.get(customer.get_absolute_url()).content.decode()
    assert "In force" in page


def test_the_hold_page_costs_the_same_however_many_holds(
    client, line_manager, customer, django_assert_max_num_queries
):
    client.force_login(line_manager)
    url = reverse("screens:legal_hold", args=[customer.reference])
    client.get(url)
    with django_assert_max_num_queries(12) as one:
        client.get(url)
    for n in range(5):
        legal_hold_place(actor=line_manager, customer=customer, reason=f"Claim {n}")
        legal_hold_lift(actor=line_manager, customer=customer, reason="Settled")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert "Claim 4" in client.get(url).content.decode()
