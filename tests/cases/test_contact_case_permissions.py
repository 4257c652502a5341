"""Putting a contact on a case is working on it (issue 17, fix 3): a caseworker cannot
attach a colleague's contact to a case, as they cannot mark it or change its clocks."""

import pytest
from django.urls import reverse

from cases.services import case_open
from contactpolicy.roles import Role
from tests.cases.factories import ContactFactory, CustomerFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(btpa_active):
    return (
        UserFactory(username="ann", roles=[Role.CASEWORKER]),
        UserFactory(username="bea", roles=[Role.CASEWORKER]),
    )


@pytest.fixture
def contact_with_a_case(pair):
    owner, _ = pair
    customer = CustomerFactory()
    matter = case_open(customer=customer, subject="Station lighting", officer=owner)
    return ContactFactory(customer=customer, officer=owner), matter


def test_a_colleague_cannot_put_someone_elses_contact_on_a_case(client, pair, contact_with_a_case):
    _, colleague = pair
    contact, matter = contact_with_a_case
    client.force_login(colleague)
    response = client.post(
        reverse("cases:contact_case", args=[contact.reference]), {"case": matter.reference}
    )
    contact.refresh_from_db()
    assert response.status_code == 403
    assert contact.case is None


def test_the_colleague_is_not_offered_the_form(client, pair, contact_with_a_case):
    _, colleague = pair
    contact, _ = contact_with_a_case
    client.force_login(colleague)
    page = client.get(contact.get_absolute_url()).content.decode()
    assert "Put this contact on a case" not in page


def test_the_officer_it_is_with_can_put_it_on_a_case(client, pair, contact_with_a_case):
    owner, _ = pair
    contact, matter = contact_with_a_case
    client.force_login(owner)
    assert "Put this contact on a case" in client.get(contact.get_absolute_url()).content.decode()
    response = client.post(
        reverse("cases:contact_case", args=[contact.reference]), {"case": matter.reference}
    )
    contact.refresh_from_db()
    assert response.status_code == 302
    assert contact.case == matter
