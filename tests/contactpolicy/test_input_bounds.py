"""Every field is bounded at the form, with a GOV.UK message, and nothing typed is a 500.

Each test is named for the defect it guards against.
"""

import datetime

import pytest
from django import forms
from django.test import override_settings

from cases import normalise
from cases.forms import ContactForm, CustomerForm
from cases.models import Customer, CustomerIdentifier
from contactpolicy.forms import GovukDateField, GovukForm, GovukTimeField

pytestmark = pytest.mark.django_db


class DateForm(GovukForm):
    day = GovukDateField(label="Date received")


def date_errors(day, month, year) -> list[str]:
    form = DateForm({"day_0": day, "day_1": month, "day_2": year})
    return form.errors.get("day", [])


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("99999999999999999999", "1", "2026"),
        ("1", "99999999999999999999", "2026"),
        ("1", "1", "99999999999999999999"),
        ("１", "1", "2026"),  # a full-width digit is a digit to Python, not to a person
        ("1" * 5000, "1", "2026"),
    ],
)
def test_a_huge_day_or_month_is_a_message_not_an_overflow(day, month, year):
    assert date_errors(day, month, year) == ["Date received must be a real date"]


@pytest.mark.parametrize("year", ["0001", "1899", "9999", "2101"])
def test_implausible_years_are_refused_everywhere(year):
    [message] = date_errors("1", "1", year)
    assert "must be on or" in message


def test_a_field_names_its_own_plausible_range():
    class Received(GovukForm):
        day = GovukDateField(
            label="Date received",
            earliest=datetime.date(2000, 1, 1),
            latest=lambda: datetime.date(2026, 11, 29),
            latest_message="The date received must be today or in the past",
        )

    form = Received({"day_0": "30", "day_1": "11", "day_2": "2026"})
    assert form.errors["day"] == ["The date received must be today or in the past"]
    form = Received({"day_0": "31", "day_1": "12", "day_2": "1999"})
    assert form.errors["day"] == ["Date received must be on or after 1 January 2000"]


@pytest.mark.parametrize("typed", ["25", "2460", "24:00", "14:60", "1", "930", "14:3", "1:2:3"])
def test_an_hour_of_25_is_refused_not_stored_as_0205(typed):
    with pytest.raises(forms.ValidationError):
        GovukTimeField().clean(typed)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("14:30", (14, 30)), ("14.30", (14, 30)), ("1430", (14, 30)), ("9:05", (9, 5))],
)
def test_whole_times_are_read(typed, expected):
    assert GovukTimeField().clean(typed) == datetime.time(*expected)


def customer_form(**data) -> CustomerForm:
    values = {"new_name": "Sam Jones", "new_kind": "individual", "preferred_language": "en"}
    return CustomerForm({**values, **data})


@pytest.mark.parametrize("name", ["Sam\x07Jones", "Sam\u202eJones\u2028", "Sam\nJones"])
def test_control_characters_in_names_are_refused(name):
    form = customer_form(new_name=name)
    assert form.errors["new_name"] == [
        "Full name or organisation name must only include letters, numbers, spaces and punctuation"
    ]


def test_line_breaks_stay_in_notes():
    form = customer_form(accessibility_needs="Large print.\nCall after 10am.")
    assert form.is_valid(), form.errors


def test_free_text_has_a_length():
    form = customer_form(accessibility_needs="x" * 1_000_000)
    assert form.errors["accessibility_needs"] == [
        "Other accessibility needs or reasonable adjustments must be 5,000 characters or fewer"
    ]


@pytest.mark.parametrize("length", [255, 320])
def test_long_email_addresses_are_refused(length):
    address = "a" * (length - len("@example.org")) + "@example.org"
    form = customer_form(new_email=address)
    assert form.errors["new_email"] == ["Email address must be 254 characters or fewer"]


@pytest.mark.parametrize("name", ["ß" * 200, "ﷺ" * 200, "Ǆ" * 199 + "ﷺ"])
def test_names_that_grow_when_normalised_are_saved(name, caseworker):
    from cases.services import customer_create

    customer = customer_create(created_by=caseworker, name=name, identifiers=[])
    customer.refresh_from_db()
    assert customer.name == name
    assert len(customer.normalised_name) <= Customer._meta.get_field("normalised_name").max_length


@pytest.mark.parametrize("typed", ["12345", "0770090012", "+44 12", "07700 900123 ext 4", "999"])
def test_phone_numbers_that_are_not_are_refused(typed):
    form = customer_form(new_phone=typed)
    assert form.errors["new_phone"] == [
        "Enter a phone number, like 01632 960 001 or +44 7700 900 982"
    ]


@pytest.mark.parametrize(
    ("typed", "stored", "compared"),
    [
        ("+44 (0)20 7946 0000", "020 7946 0000", "02079460000"),
        ("0044 7700-900 123", "07700 900123", "07700900123"),
        ("0800 123 4567", "0800 123 4567", "08001234567"),
        ("+33 1 23 45 67 89", "+33 1 23 45 67 89", "+33123456789"),
    ],
)
def test_phone_numbers_are_stored_in_one_canonical_form(typed, stored, compared, caseworker):
    from cases.services import customer_create

    form = customer_form(new_phone=typed)
    assert form.is_valid(), form.errors
    customer = customer_create(
        created_by=caseworker, name="Sam Jones", identifiers=form.new_customer_identifiers()
    )
    identifier = CustomerIdentifier.objects.get(customer=customer, kind="phone")
    assert (identifier.value, identifier.normalised) == (stored, compared)
    assert normalise.phone(typed) == compared


@pytest.mark.parametrize("typed", ["SW1A 2AA", "sw1a2aa", "M1 1AE", "BFPO 801"])
def test_real_postcodes_are_accepted(typed):
    form = customer_form(new_postcode=typed, new_address="1 High Street")
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("typed", ["12345", "SW1A", "NOT A CODE", "SW1A 2AAA"])
def test_postcodes_that_are_not_are_refused(typed):
    form = customer_form(new_postcode=typed, new_address="1 High Street")
    assert form.errors["new_postcode"] == ["Enter a real postcode, like SW1A 2AA"]


@override_settings(RECORDS_BEGIN=datetime.date(2010, 4, 1))
def test_nothing_is_received_before_the_records_begin():
    form = ContactForm(
        {
            "who": "unknown",
            "sender": "07700 900123",
            "channel": "telephone",
            "kind": "general",
            "direction": "incoming",
            "received_date_0": "31",
            "received_date_1": "3",
            "received_date_2": "2010",
            "received_time": "10:00",
            "summary": "Called",
            "language": "en",
        }
    )
    assert form.errors["received_date"] == ["Date received must be on or after 1 April 2010"]


def test_a_username_longer_than_any_account_is_a_message(client, caseworker):
    response = client.post("/sign-in/", {"username": "u" * 300, "password": "wrong"})
    assert response.status_code == 200
    assert "Your username must be 150 characters or fewer" in response.content.decode()


def test_a_huge_date_in_the_banner_fragment_is_not_an_error(client, caseworker, btpa_active):
    client.force_login(caseworker)
    response = client.get(
        "/contacts/new/",
        {
            "fragment": "banner",
            "received_date_0": "9" * 30,
            "received_date_1": "9" * 30,
            "received_date_2": "2026",
            "received_time": "25",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
