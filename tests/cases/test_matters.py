"""Cases (matters, DESIGN.md §3): opened for a customer with a handling officer, changed,
closed with an outcome and its date, and contacts attached to them."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus
from cases.services import case_close, case_edit, case_open, contact_attach_to_case
from tests.cases.factories import ContactFactory, CustomerFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(btpa_active, caseworker):
    return case_open(customer=CustomerFactory(), subject="Station lighting", officer=caseworker)


def test_a_case_opens_for_its_customer_with_an_officer(matter, caseworker):
    assert matter.reference.startswith("CAS-")
    assert matter.status == CaseStatus.OPEN
    assert matter.officer == caseworker


def test_changing_the_officer_is_kept_in_history(matter, line_manager):
    case_edit(case=matter, subject="Station lighting at night", officer=line_manager)
    matter.refresh_from_db()
    assert (matter.subject, matter.officer) == ("Station lighting at night", line_manager)
    assert matter.history.count() == 2


def test_closing_records_the_outcome_and_its_date(matter):
    today = timezone.localdate()
    case_close(case=matter, status=CaseStatus.CLOSED, outcome="Lights fixed", outcome_date=today)
    matter.refresh_from_db()
    assert (matter.status, matter.outcome, matter.outcome_date) == ("closed", "Lights fixed", today)


@pytest.mark.parametrize(
    "status, outcome, days, message",
    [
        ("open", "Done", 0, "Choose whether"),
        ("closed", " ", 0, "Enter the outcome"),
        ("closed", "Done", -1, "today or in the past"),
        ("closed", "Done", 30, "on or after it opened"),
    ],
)
def test_an_outcome_needs_a_status_text_and_a_possible_date(matter, status, outcome, days, message):
    day = timezone.localdate() - timedelta(days=days)
    with pytest.raises(ValidationError, match=message):
        case_close(case=matter, status=status, outcome=outcome, outcome_date=day)


def test_a_closed_case_cannot_be_closed_again(matter):
    today = timezone.localdate()
    case_close(case=matter, status="closed", outcome="Done", outcome_date=today)
    with pytest.raises(ValidationError, match="closed already"):
        case_close(case=matter, status="closed", outcome="Again", outcome_date=today)


def test_a_contact_is_attached_only_to_its_own_customers_case(matter):
    own = ContactFactory(customer=matter.customer)
    assert contact_attach_to_case(contact=own, case=matter).case == matter
    stranger = ContactFactory(customer=CustomerFactory())
    with pytest.raises(ValidationError, match="different customer"):
        contact_attach_to_case(contact=stranger, case=matter)


def test_the_customer_page_lists_cases_and_the_contact_page_shows_its_case(
    client, caseworker, matter
):
    contact = contact_attach_to_case(contact=ContactFactory(customer=matter.customer), case=matter)
    client.force_login(caseworker)
    page = client.get(matter.customer.get_absolute_url()).content.decode()
    assert matter.reference in page and "Station lighting" in page
    page = client.get(contact.get_absolute_url()).content.decode()
    assert f'href="{matter.get_absolute_url()}"' in page
    page = client.get(matter.get_absolute_url()).content.decode()
    assert contact.reference in page


def test_the_screens_open_change_close_and_attach(client, caseworker, line_manager, btpa_active):
    customer = CustomerFactory()
    client.force_login(caseworker)
    url = reverse("cases:case_open", args=[customer.reference])
    response = client.post(url, {"subject": "Noise", "officer": caseworker.pk})
    matter = customer.cases.get()
    assert response["Location"] == matter.get_absolute_url()
    client.post(
        reverse("cases:case_edit", args=[matter.reference]),
        {"subject": "Noise at night", "officer": line_manager.pk},
    )
    today = timezone.localdate()
    client.post(
        reverse("cases:case_close", args=[matter.reference]),
        {
            "status": "outcome",
            "outcome": "Explained the rota",
            "outcome_date_0": today.day,
            "outcome_date_1": today.month,
            "outcome_date_2": today.year,
        },
    )
    contact = ContactFactory(customer=customer)
    client.post(reverse("cases:contact_case", args=[contact.reference]), {"case": matter.reference})
    matter.refresh_from_db()
    contact.refresh_from_db()
    assert (matter.subject, matter.officer, matter.status) == (
        "Noise at night",
        line_manager,
        "outcome",
    )
    assert contact.case == matter


def test_the_case_page_costs_the_same_however_many_contacts(client, caseworker, matter):
    client.force_login(caseworker)
    ContactFactory(customer=matter.customer, case=matter)
    few = count_queries(client, matter.get_absolute_url())
    for _ in range(5):
        ContactFactory(customer=matter.customer, case=matter, officer=caseworker)
    case_edit(case=matter, subject="More", officer=caseworker)
    assert count_queries(client, matter.get_absolute_url()) == few
    # session, user, roles, the case with customer and officer, its contacts, its history
    assert few <= 8
