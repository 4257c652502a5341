"""Undoing "Acknowledged" and "Answered": the person who marked a contact can put its clocks
back exactly, for ten minutes, while nothing else has changed; both stay in its history."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services
from cases.services import ContactDetails, contact_log, contact_pause, customer_create
from contactpolicy.roles import Role
from tests.cases.factories import london
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CLOCK_FIELDS = services.CLOCK_FIELDS


@pytest.fixture
def contact(btpa_active, caseworker):
    customer = customer_create(created_by=caseworker, name="Jo Bloggs")
    return contact_log(
        logged_by=caseworker,
        customer=customer,
        details=ContactDetails(
            channel="email",
            received_at=london(2026, 11, 20, 9, 0),
            summary="Asked for an update",
        ),
    )


def clocks(contact) -> dict:
    contact.refresh_from_db()
    return {name: getattr(contact, name) for name in CLOCK_FIELDS}


def test_undoing_an_answer_restores_every_clock_exactly(contact, caseworker):
    contact_pause(contact=contact, reason="Waiting for their reference number")
    before = clocks(contact)
    mark = services.contact_respond(contact=contact, actor=caseworker)
    assert clocks(contact) != before
    services.contact_mark_undo(contact=contact, actor=caseworker, record=mark.record)
    assert clocks(contact) == before
    reasons = list(contact.history.values_list("history_change_reason", flat=True)[:2])
    assert reasons == ["Undone: Answered", "Answered"]


def test_undoing_an_acknowledgement(contact, caseworker):
    before = clocks(contact)
    mark = services.contact_acknowledge(contact=contact, actor=caseworker)
    contact_now, undone = services.contact_mark_undo(
        contact=contact, actor=caseworker, record=mark.record
    )
    assert undone == "Acknowledged"
    assert clocks(contact) == before and contact_now.next_due_at == before["next_due_at"]


def test_only_the_person_who_marked_it(contact, caseworker):
    mark = services.contact_acknowledge(contact=contact, actor=caseworker)
    other = UserFactory(username="lena", roles=[Role.LINE_MANAGER])
    with pytest.raises(ValidationError, match="Only the person who marked"):
        services.contact_mark_undo(contact=contact, actor=other, record=mark.record)


def test_only_for_ten_minutes(contact, caseworker):
    mark = services.contact_acknowledge(contact=contact, actor=caseworker)
    later = contact.history.first().history_date + services.UNDO_WINDOW + timedelta(seconds=1)
    with pytest.raises(ValidationError, match="no longer be undone"):
        services.contact_mark_undo(contact=contact, actor=caseworker, record=mark.record, now=later)


def test_not_once_something_else_has_changed(contact, caseworker):
    mark = services.contact_acknowledge(contact=contact, actor=caseworker)
    services.contact_respond(contact=contact, actor=caseworker)
    with pytest.raises(ValidationError, match="changed since"):
        services.contact_mark_undo(contact=contact, actor=caseworker, record=mark.record)


def test_not_twice(contact, caseworker):
    mark = services.contact_acknowledge(contact=contact, actor=caseworker)
    services.contact_mark_undo(contact=contact, actor=caseworker, record=mark.record)
    with pytest.raises(ValidationError):
        services.contact_mark_undo(contact=contact, actor=caseworker, record=mark.record)


def test_the_banner_offers_undo_and_the_button_puts_it_back(client, contact, caseworker):
    before = clocks(contact)
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:acknowledge", args=[contact.reference]), {"next": "/"}, follow=True
    )
    page = response.content.decode()
    assert f"{contact.reference} marked as acknowledged" in page
    assert reverse("cases:mark_undo", args=[contact.reference]) in page
    record = contact.history.first().history_id
    assert f'name="record" value="{record}"' in page
    response = client.post(
        reverse("cases:mark_undo", args=[contact.reference]),
        {"record": str(record), "next": "/"},
        follow=True,
    )
    assert f"Undone: {contact.reference} is no longer marked as acknowledged" in (
        response.content.decode()
    )
    assert clocks(contact) == before


@pytest.mark.parametrize("record", ["", "abc", "٣", "99999999999999999999"])
def test_a_bad_record_is_refused_with_a_message(client, contact, caseworker, record):
    services.contact_acknowledge(contact=contact, actor=caseworker)
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:mark_undo", args=[contact.reference]), {"record": record}, follow=True
    )
    assert "is still marked" in response.content.decode()
    contact.refresh_from_db()
    assert contact.acknowledged_at is not None


def test_someone_who_may_not_work_on_the_contact_cannot_undo(client, contact, caseworker):
    mark = services.contact_acknowledge(contact=contact, actor=caseworker)
    stranger = UserFactory(username="sam", roles=[Role.CASEWORKER])
    client.force_login(stranger)
    response = client.post(
        reverse("cases:mark_undo", args=[contact.reference]), {"record": str(mark.record)}
    )
    assert response.status_code == 403
