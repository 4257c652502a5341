"""Who may mark a contact or change its clocks (issue 8, defect 9): the officer it is
with, anyone while it is with no one, the officer's line manager, a head of service."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.services import ContactDetails, contact_log, customer_create
from contactpolicy.roles import Role
from tests.cases.factories import ContactFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(btpa_active):
    manager = UserFactory(username="mo", roles=[Role.LINE_MANAGER])
    officer = UserFactory(username="olu", roles=[Role.CASEWORKER], line_manager=manager)
    return {
        "officer": officer,
        "their manager": manager,
        "colleague": UserFactory(username="col", roles=[Role.CASEWORKER], line_manager=manager),
        "other manager": UserFactory(username="oth", roles=[Role.LINE_MANAGER]),
        "head": UserFactory(username="hed", roles=[Role.HEAD_OF_SERVICE]),
    }


def letter(team, *, officer):
    customer = customer_create(created_by=team["officer"], name="Jo Bloggs", identifiers=[])
    return contact_log(
        logged_by=team["officer"],
        customer=customer,
        details=ContactDetails(
            channel="letter",
            received_at=timezone.now() - timedelta(days=1),
            summary="A letter",
        ),
        officer=officer,
    )


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("officer", True),
        ("their manager", True),
        ("head", True),
        ("colleague", False),
        ("other manager", False),
    ],
)
@pytest.mark.parametrize("action", ["cases:acknowledge", "cases:respond", "screens:pause"])
def test_only_those_answerable_mark_someone_elses_contact(client, team, who, allowed, action):
    contact = letter(team, officer=team["officer"])
    client.force_login(team[who])
    response = client.post(
        reverse(action, kwargs={"reference": contact.reference}), {"reason": "Waiting"}
    )
    contact.refresh_from_db()
    changed = bool(contact.acknowledged_at or contact.responded_at or contact.paused_at)
    assert (response.status_code, changed) == ((302, True) if allowed else (403, False))


def test_a_contact_with_no_one_is_anyones_to_mark(client, team):
    contact = ContactFactory(officer=None, acknowledge_due_at=timezone.now())
    client.force_login(team["colleague"])
    client.post(reverse("cases:acknowledge", kwargs={"reference": contact.reference}))
    contact.refresh_from_db()
    assert contact.acknowledged_at is not None


def test_the_page_says_who_may_mark_it_instead_of_offering_buttons(client, team):
    contact = letter(team, officer=team["officer"])
    client.force_login(team["colleague"])
    page = client.get(contact.get_absolute_url()).content.decode()
    assert "Mark as acknowledged" not in page
    assert "Only they, their line manager or a head of service can mark it" in page

    client.force_login(team["officer"])
    assert "Mark as acknowledged" in client.get(contact.get_absolute_url()).content.decode()
