"""A customer's title, surname and, for an organisation, the person letters go to are
recorded where a customer is added, as given: a letter's greeting is built from them
(DESIGN.md §9), never guessed from the name."""

import pytest
from django.urls import reverse

from cases.models import Contact, Customer
from tests.cases.test_views import contact_form

pytestmark = pytest.mark.django_db


def test_adding_a_customer_records_their_title_and_surname(client, caseworker, btpa_active):
    client.force_login(caseworker)
    page = client.get(reverse("cases:customer_create"))
    assert 'name="new_title"' in page.content.decode()
    client.post(
        reverse("cases:customer_create"),
        {
            "new_name": "Gareth Holloway",
            "new_kind": "individual",
            "new_title": "Mr",
            "new_surname": "Holloway",
            "preferred_language": "en",
        },
    )
    customer = Customer.objects.get()
    assert (customer.title, customer.surname, customer.contact_name) == ("Mr", "Holloway", "")


def test_an_organisation_logged_with_a_contact_keeps_the_person_to_write_to(
    client, caseworker, btpa_active
):
    client.force_login(caseworker)
    client.post(
        reverse("screens:contact_log"),
        contact_form(
            who="new",
            new_name="Harbour Lettings Ltd",
            new_kind="private_firm",
            new_contact_name="Dilys Price",
            new_phone="01632 960 001",
            sender="",
        ),
    )
    customer = Contact.objects.select_related("customer").get().customer
    assert customer.contact_name == "Dilys Price"


def test_a_title_is_bounded_and_must_be_a_word(client, caseworker, btpa_active):
    client.force_login(caseworker)
    page = client.post(
        reverse("cases:customer_create"),
        {
            "new_name": "Gareth Holloway",
            "new_kind": "individual",
            "new_title": "M" * 21,
            "new_surname": "12",
            "preferred_language": "en",
        },
    )
    text = page.content.decode()
    assert "Title (optional)" in text and "20 characters" in text
    assert "Surname must include a letter" in text
    assert not Customer.objects.exists()
