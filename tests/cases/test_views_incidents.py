"""Recording an incident through the test client: roles, validation, junk input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Incident
from cases.services import ContactDetails, contact_log, customer_create
from contactpolicy.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(btpa_active, caseworker):
    return customer_create(
        created_by=caseworker, name="Jo Bloggs", identifiers=[("email", "jo@example.org", "")]
    )


@pytest.fixture
def category(btpa_active):
    return btpa_active.behaviour_categories.get(code="A")


def url(customer) -> str:
    return reverse("screens:incident_record", kwargs={"reference": customer.reference})


def incident_form(category, /, **overrides) -> dict:
    when = timezone.localtime() - timedelta(days=1)
    data = {
        "category": str(category.pk),
        "occurred_date_0": str(when.day),
        "occurred_date_1": str(when.month),
        "occurred_date_2": str(when.year),
        "occurred_time": "10:15",
        "channel": "telephone",
        "description": "Threatened to come to the office and hurt the officer.",
        "staff_affected": "Sam Patel",
        "contact": "",
        "severity": "high",
        "reported_to": "",
    }
    data.update(overrides)
    return data


def test_the_form_offers_the_profiles_categories_and_marks_the_extreme_ones(
    client, caseworker, customer
):
    client.force_login(caseworker)
    response = client.get(url(customer))
    assert response.status_code == 200
    page = response.content.decode()
    for name in ["Aggressive, hostile or disruptive behaviour", "Persistent customer contact"]:
        assert name in page
    assert page.count("Extreme: a warning need not come first") == 2  # BTPA A and B


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.LINE_MANAGER, Role.HEAD_OF_SERVICE, Role.CHIEF_EXECUTIVE]
)
def test_every_casework_role_records_an_incident(client, customer, category, role):
    user = UserFactory(roles=[role])
    client.force_login(user)
    response = client.post(url(customer), incident_form(category))
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == incident.get_absolute_url()
    assert incident.customer == customer
    assert incident.recorded_by == user
    assert incident.category == category
    assert incident.severity == "high"
    assert timezone.localtime(incident.occurred_at).strftime("%H:%M") == "10:15"


def test_the_incident_page_shows_what_was_recorded(client, caseworker, customer, category):
    contact = contact_log(
        logged_by=caseworker,
        customer=customer,
        details=ContactDetails(
            channel="telephone",
            received_at=timezone.now() - timedelta(days=1),
            summary="Called about the decision",
        ),
    )
    client.force_login(caseworker)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        url(customer),
        incident_form(
            category,
            contact=contact.reference,
            hate_incident="on",
            reported_to="police",
            reported_date_0=str(yesterday.day),
            reported_date_1=str(yesterday.month),
            reported_date_2=str(yesterday.year),
            report_reference="CAD 1234/26",
        ),
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.contact == contact
    assert incident.hate_incident
    assert incident.reported_to == "police"
    assert incident.report_reference == "CAD 1234/26"
    page = client.get(response["Location"]).content.decode()
    assert "Aggressive, hostile or disruptive behaviour" in page
    assert "Extreme behaviour" in page
    assert "Hate incident" in page
    assert "Police on" in page
    assert contact.reference in page


def test_the_linked_contact_is_chosen_from_the_customers_own(
    client, caseworker, customer, category
):
    other = customer_create(created_by=caseworker, name="Someone Else")
    theirs = contact_log(
        logged_by=caseworker,
        customer=other,
        details=ContactDetails(
            channel="email",
            received_at=timezone.now() - timedelta(hours=2),
            summary="Not this customer",
        ),
    )
    client.force_login(caseworker)
    response = client.post(url(customer), incident_form(category, contact=theirs.reference))
    assert response.status_code == 400
    assert "Choose one of this customer&#x27;s recent contacts" in response.content.decode()
    assert not Incident.objects.exists()


def test_missing_answers_are_summarised(client, caseworker, customer):
    client.force_login(caseworker)
    response = client.post(url(customer), {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    for message in [
        "Select the kind of behaviour",
        "Enter the date it happened",
        "Enter the time it happened",
        "Select how it happened",
        "Enter what happened",
    ]:
        assert message in page
    assert 'href="#id_category_0"' in page
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"occurred_date_0": "31", "occurred_date_1": "2"}, "Date it happened must be a real date"),
        ({"occurred_date_2": "26"}, "Date it happened must be a real date"),
        ({"occurred_date_0": ""}, "Date it happened must include a day"),
        ({"occurred_date_0": "x"}, "Date it happened must be a real date"),
        ({"occurred_time": "25:99"}, "Enter a time in 24-hour format"),
        ({"occurred_date_2": "2099"}, "The date it happened must be in the past"),
        ({"category": "999999"}, "Select the kind of behaviour from the options given"),
        ({"channel": "pigeon"}, "Select how it happened from the options given"),
        ({"severity": "apocalyptic"}, "Select severity from the options given"),
        ({"reported_to": "police"}, "Enter the date it was reported"),
        (
            {
                "reported_to": "",
                "reported_date_0": "1",
                "reported_date_1": "1",
                "reported_date_2": "2026",
            },
            "Select who it was reported to",
        ),
        (
            {
                "reported_to": "legal",
                "reported_date_0": "1",
                "reported_date_1": "1",
                "reported_date_2": "2099",
            },
            "The date it was reported must be today or earlier",
        ),
    ],
)
def test_junk_is_refused_with_a_clear_message(
    client, caseworker, customer, category, overrides, message
):
    client.force_login(caseworker)
    response = client.post(url(customer), incident_form(category, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Incident.objects.exists()


def test_a_category_of_another_profile_is_refused(client, caseworker, customer, activate_profile):
    ipcc = activate_profile("ipcc")
    foreign = ipcc.behaviour_categories.first()
    activate_profile("btpa")
    client.force_login(caseworker)
    response = client.post(url(customer), incident_form(foreign))
    assert response.status_code == 400
    assert not Incident.objects.exists()


def test_an_unknown_customer_or_incident_is_not_found(client, caseworker, btpa_active):
    client.force_login(caseworker)
    assert client.get("/customers/CUS-2026-999999/incidents/new/").status_code == 404
    assert client.get("/incidents/INC-2026-999999/").status_code == 404


@pytest.mark.parametrize("who", ["outsider", "administrator"])
def test_accounts_without_a_casework_role_cannot_record(client, request, customer, category, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(customer)).status_code == 403
    assert client.post(url(customer), incident_form(category)).status_code == 403
    assert not Incident.objects.exists()


def test_the_customer_page_include_links_to_the_form(client, caseworker, customer):
    client.force_login(caseworker)
    html = client.get(customer.get_absolute_url()).content.decode()
    assert url(customer) in html
    assert "Propose a decision" not in html  # caseworkers do not propose
