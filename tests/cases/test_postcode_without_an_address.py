"""A new customer may be recorded with a postcode and no address line, which is what callers
give; a postcode alone is a partial address, so no letter is posted to it.

Issue 20, item 25: "A new customer with a postcode and no address line (what callers give):
"There is a problem: This field cannot be blank." with no field marked. Accept it, or name
the field."
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.forms import CustomerForm
from cases.models import Contact, Customer, IdentifierKind
from cases.services import customer_create
from contactpolicy.forms import form_add_service_errors
from notices.letter import postal_address
from notices.services import notice_draft_for_contact, notice_issue
from tests.cases.factories import ContactFactory
from tests.cases.test_views import contact_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_customer_is_added_with_a_postcode_and_no_address_line(client, caseworker, btpa_active):
    client.force_login(caseworker)

    response = client.post(
        reverse("cases:customer_create"),
        {
            "new_name": "Gareth Holloway",
            "new_kind": "individual",
            "new_postcode": "b79 7bz",
            "preferred_language": "en",
        },
    )

    assert response.status_code == 302
    customer = Customer.objects.get()
    address = customer.identifiers.get(kind=IdentifierKind.ADDRESS)
    assert (address.value, address.postcode, address.display) == ("", "B79 7BZ", "B79 7BZ")
    assert address.normalised == "B797BZ"  # it still recognises them by postcode
    page = client.get(customer.get_absolute_url()).content.decode()
    assert "Postcode only: no letter can be posted until the address is added" in page


def test_a_caller_logged_as_a_new_customer_with_only_a_postcode_is_recorded(
    client, caseworker, btpa_active
):
    client.force_login(caseworker)

    response = client.post(
        reverse("screens:contact_log"),
        contact_form(who="new", new_name="Dilys Price", new_postcode="CF64 1AA", sender=""),
    )

    assert response.status_code == 302
    customer = Contact.objects.select_related("customer").get().customer
    assert customer.identifiers.get(kind=IdentifierKind.ADDRESS).postcode == "CF64 1AA"


def test_a_letter_to_a_postcode_alone_is_issued_as_not_postable(caseworker, btpa_active):
    customer = customer_create(
        created_by=caseworker, name="Gareth Holloway", identifiers=[("address", "", "B79 7BZ")]
    )
    assert postal_address(customer) == []

    draft = notice_draft_for_contact(contact=ContactFactory(customer=customer), actor=caseworker)
    notice = notice_issue(notice=draft, actor=caseworker)

    assert not notice.postable


def test_an_identifier_the_service_refuses_is_shown_against_its_own_field(caseworker, btpa_active):
    """Every error on the form links to a field: the service keys an identifier's refusal by
    what it is, and the form names the field that shows it."""
    with pytest.raises(ValidationError) as refused:
        customer_create(
            created_by=caseworker,
            name="Gareth Holloway",
            identifiers=[("email", "gareth@example.org", ""), ("phone", "not a number", "")],
        )
    assert set(refused.value.error_dict) == {"phone"}
    assert not Customer.objects.exists()  # nothing half-saved

    form = CustomerForm(
        {"new_name": "Gareth Holloway", "new_kind": "individual", "preferred_language": "en"}
    )
    assert form.is_valid()
    form_add_service_errors(form, refused.value, fields=form.new_customer_errors)
    assert form.non_field_errors() == []
    assert form.errors["new_phone"] == [
        "Enter a phone number, like 01632 960 001 or +44 7700 900 982"
    ]


def test_an_address_with_neither_line_nor_postcode_is_refused_against_the_address(
    caseworker, btpa_active
):
    with pytest.raises(ValidationError) as refused:
        customer_create(
            created_by=caseworker, name="Gareth Holloway", identifiers=[("address", "", "")]
        )
    assert refused.value.message_dict == {"address": ["Enter the address or its postcode."]}
