"""A name must include a letter (issue 17, fix 6): "-99999", "{{7*7}}" and a run of the
ligature "ﷺ" are refused wherever a customer's name is entered; real names in any script
are kept as typed."""

import pytest
from django.urls import reverse

from cases.forms import CustomerForm
from cases.models import Contact, Customer
from contactpolicy.names import name_error
from tests.cases.test_views import contact_form

pytestmark = pytest.mark.django_db

NO_LETTER = ["-99999", "{{7*7}}", "ﷺ" * 120]
REAL_NAMES = ["Siân", "O'Brien", "O’Brien", "Nguyễn", "Jean-Luc", "李", "محمد", "J. R. Hartley"]


def customer_form(**data) -> CustomerForm:
    values = {"new_name": "Sam Jones", "new_kind": "individual", "preferred_language": "en"}
    return CustomerForm({**values, **data})


@pytest.mark.parametrize("name", NO_LETTER)
def test_a_persons_name_without_a_letter_is_refused(name):
    assert customer_form(new_name=name).errors["new_name"] == ["Full name must include a letter"]


@pytest.mark.parametrize("name", NO_LETTER)
def test_an_organisations_name_without_a_letter_is_refused(name):
    form = customer_form(new_name=name, new_kind="public_body")
    assert form.errors["new_name"] == ["Organisation name must include a letter"]


@pytest.mark.parametrize("name", REAL_NAMES)
def test_real_names_are_accepted(name):
    form = customer_form(new_name=name)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["new_name"] == name


@pytest.mark.parametrize("name", ["Ali ﷺ", "Sam 2", "Sam & Jo", "Sam_Jones"])
def test_a_persons_name_is_only_letters_and_the_punctuation_names_use(name):
    assert customer_form(new_name=name).errors["new_name"] == [
        "Full name must only include letters, spaces, hyphens, apostrophes and full stops"
    ]


@pytest.mark.parametrize("name", ["3M", "Smith & Sons (Leeds) Ltd", "Network Rail"])
def test_an_organisation_may_have_figures_and_punctuation(name):
    form = customer_form(new_name=name, new_kind="private_firm")
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("name", NO_LETTER)
def test_an_advocates_name_without_a_letter_is_refused(name):
    assert customer_form(third_party=name).errors["third_party"] == [
        "Name of the advocate or third party must include a letter"
    ]


@pytest.mark.parametrize("name", NO_LETTER)
def test_adding_a_customer_refuses_it_and_saves_nothing(client, caseworker, btpa_active, name):
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:customer_create"),
        {"new_name": name, "new_kind": "individual", "preferred_language": "en"},
    )
    assert response.status_code == 200
    assert "Full name must include a letter" in response.content.decode()
    assert not Customer.objects.exists()


@pytest.mark.parametrize("name", NO_LETTER)
def test_logging_a_contact_from_a_new_customer_refuses_it(client, caseworker, btpa_active, name):
    client.force_login(caseworker)
    response = client.post(
        reverse("screens:contact_log"),
        contact_form(who="new", new_name=name, new_kind="individual", sender=""),
    )
    assert "Full name must include a letter" in response.content.decode()
    assert not Customer.objects.exists()
    assert not Contact.objects.exists()


def test_logging_a_contact_from_a_new_customer_keeps_a_welsh_name(client, caseworker, btpa_active):
    client.force_login(caseworker)
    client.post(
        reverse("screens:contact_log"),
        contact_form(who="new", new_name="Siân Llŷr", new_kind="individual", sender=""),
    )
    assert Contact.objects.select_related("customer").get().customer.name == "Siân Llŷr"


def test_the_rule_names_the_field_it_is_given():
    assert name_error("-99999", label="First name") == "First name must include a letter"
    assert name_error("Siân", label="First name") is None
