"""Changing the calendar moves the due dates of open contacts, through the worker task."""

import pytest
from django.urls import reverse

from cases.services import ContactDetails, contact_log
from tests.cases.factories import CustomerFactory, london

pytestmark = pytest.mark.django_db(transaction=True)


def test_adding_a_closure_day_in_administration_moves_due_dates(
    client, btpa_active, administrator, caseworker
):
    contact = contact_log(
        logged_by=caseworker,
        customer=CustomerFactory(),
        details=ContactDetails(
            channel="email",
            received_at=london(2026, 12, 21, 9, 0),
            summary="Before Christmas",
        ),
    )
    assert contact.acknowledge_due_at == london(2026, 12, 23, 16, 0)

    client.force_login(administrator)
    response = client.post(
        reverse("admin:contactpolicy_closureday_add"),
        {"date": "22/12/2026", "reason": "Office move"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    contact.refresh_from_db()
    assert contact.acknowledge_due_at == london(2026, 12, 24, 16, 0)
