"""A customer's language, accessibility needs, title and name are changed on a GOV.UK page
after creation, with a history page saying who changed what and when; the address is
corrected on the identifiers page, and its corrections show in the same history."""

import pytest
from django.urls import reverse

from cases import normalise
from cases.models import Customer
from cases.services import customer_create, customer_identifier_correct, customer_update
from contactpolicy.roles import Role
from tests.factories import UserFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def priya(btpa_active, caseworker):
    return customer_create(
        created_by=caseworker,
        name="Priya Sharma",
        title="Ms",
        surname="Sharma",
        identifiers=[("address", "1 High Street\nTamworth", "B79 7BZ")],
    )


def form(customer: Customer, **changes) -> dict:
    data = {
        "name": customer.name,
        "kind": customer.kind,
        "title": customer.title,
        "surname": customer.surname,
        "contact_name": customer.contact_name,
        "preferred_language": customer.preferred_language,
        "other_language": customer.other_language,
        "accessibility_formats": customer.accessibility_formats,
        "accessibility_needs": customer.accessibility_needs,
        "third_party": customer.third_party,
    }
    data.update(changes)
    return data


def edit_url(customer):
    return reverse("cases:customer_edit", args=[customer.reference])


def history_url(customer):
    return reverse("cases:customer_history", args=[customer.reference])


def test_a_caseworker_changes_the_language_needs_title_and_name(client, priya, caseworker):
    client.force_login(caseworker)
    assert client.get(edit_url(priya)).status_code == 200

    response = client.post(
        edit_url(priya),
        form(
            priya,
            name="Priya Sharma-Jones",
            title="Dr",
            surname="Sharma-Jones",
            preferred_language="cy",
            accessibility_formats=["large_print"],
            accessibility_needs="Calls after 2pm only",
        ),
    )

    assert response.status_code == 302
    priya.refresh_from_db()
    assert (priya.name, priya.title, priya.surname) == ("Priya Sharma-Jones", "Dr", "Sharma-Jones")
    assert priya.normalised_name == normalise.name("Priya Sharma-Jones")  # found by it
    assert priya.preferred_language == "cy"
    assert priya.accessibility_formats == ["large_print"]
    assert priya.accessibility_needs == "Calls after 2pm only"
    latest = priya.history.latest()
    assert latest.history_user == caseworker


def test_the_history_page_says_who_changed_what_and_when(client, priya, caseworker):
    manager = UserFactory(
        username="lena", first_name="Lena", last_name="Moss", roles=[Role.LINE_MANAGER]
    )
    customer_update(customer=priya, actor=manager, title="Dr", preferred_language="cy")
    customer_identifier_correct(
        identifier=priya.identifiers.get(), value="2 Church Street\nTamworth", postcode="B79 7BZ"
    )
    client.force_login(caseworker)

    page = client.get(history_url(priya)).content.decode()

    assert "Lena Moss" in page
    assert "Title: Ms" in page and "Dr" in page
    assert "Preferred language: English" in page and "Welsh" in page
    assert "Postal address corrected" in page
    assert "2 Church Street" in page
    assert "Customer recorded" in page


def test_a_postcode_alone_reads_as_the_postcode_in_the_history(client, btpa_active, caseworker):
    """A caller gives a postcode and no address line: the history says the postcode, with no
    comma before it, as the customer's page does."""
    customer = customer_create(
        created_by=caseworker, name="Dilys Price", identifiers=[("address", "", "CF64 1AA")]
    )
    client.force_login(caseworker)

    page = client.get(history_url(customer)).content.decode()

    assert "Postal address: CF64 1AA" in page
    assert ", CF64 1AA" not in page


def test_nothing_changed_saves_no_history(priya, caseworker):
    before = priya.history.count()
    assert customer_update(customer=priya, actor=caseworker, name=" Priya Sharma ") == []
    assert priya.history.count() == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Enter the customer&#x27;s name"),
        ({"name": "x" * 201}, "name", "200 characters or fewer"),
        ({"name": "12345"}, "name", ""),
        ({"title": "x" * 21}, "title", "20 characters or fewer"),
        ({"preferred_language": "klingon"}, "preferred_language", "Select the language"),
        (
            {"preferred_language": "other", "other_language": ""},
            "other_language",
            "Enter the language",
        ),
        ({"accessibility_formats": ["telepathy"]}, "accessibility_formats", "Select the formats"),
        ({"accessibility_needs": "x" * 2001}, "accessibility_needs", "2,000 characters or fewer"),
        ({"kind": "alien"}, "kind", "Select the type of customer"),
    ],
)
def test_every_input_is_bounded_with_a_govuk_error(
    client, priya, caseworker, changes, field, message
):
    client.force_login(caseworker)

    response = client.post(edit_url(priya), form(priya, **changes))

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert f'href="#id_{field}' in page
    assert message in page
    priya.refresh_from_db()
    assert priya.name == "Priya Sharma" and priya.preferred_language == "en"


@pytest.mark.parametrize("url", [edit_url, history_url])
def test_only_staff_reach_the_pages(client, priya, outsider, url):
    client.force_login(outsider)
    assert client.get(url(priya)).status_code == 403
    assert client.post(edit_url(priya), form(priya, name="Someone Else")).status_code == 403
    priya.refresh_from_db()
    assert priya.name == "Priya Sharma"


def test_an_unknown_customer_is_not_found(client, priya, caseworker):
    client.force_login(caseworker)
    assert client.get("/customers/CUS-0000-999999/change/").status_code == 404


def test_the_pages_run_a_fixed_number_of_queries(client, priya, caseworker):
    client.force_login(caseworker)
    edit = count_queries(client, edit_url(priya))
    history = count_queries(client, history_url(priya))
    for n in range(5):
        customer_update(customer=priya, actor=caseworker, accessibility_needs=f"Need {n}")
        customer_identifier_correct(
            identifier=priya.identifiers.get(), value=f"{n} High Street", postcode="B79 7BZ"
        )
    assert count_queries(client, edit_url(priya)) == edit
    assert count_queries(client, history_url(priya)) == history
    assert history <= edit + 2  # the customer's history and their identifiers' history
