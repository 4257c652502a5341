"""Reassigning a contact to another officer, with the reason kept: who may (the access
module's `may_work_on_contact`: the officer, their line manager, a head of service)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from cases.services import contact_reassign
from contactpolicy.roles import Role
from tests.cases.factories import ContactFactory
from tests.factories import UserFactory
from tests.queries import count_queries

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


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("officer", True),
        ("their manager", True),
        ("head", True),
        ("colleague", False),
        ("other manager", False),
    ],
)
def test_who_may_reassign_a_contact(client, team, who, allowed):
    contact = ContactFactory(officer=team["officer"])
    client.force_login(team[who])
    response = client.post(
        reverse("cases:reassign", args=[contact.reference]),
        {"officer": team["colleague"].pk, "reason": "Olu is on leave for two weeks"},
    )
    contact.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert contact.officer == team["colleague"]
    else:
        assert response.status_code == 403
        assert contact.officer == team["officer"]


def test_the_reason_is_kept_and_shown_on_the_contact_page(client, team):
    contact = ContactFactory(officer=team["officer"])
    contact_reassign(
        contact=contact,
        officer=team["colleague"],
        reason="Olu is on leave for two weeks",
        reassigned_by=team["their manager"],
    )
    move = contact.reassignments.get()
    assert (move.from_officer, move.to_officer, move.reassigned_by) == (
        team["officer"],
        team["colleague"],
        team["their manager"],
    )
    assert contact.history.latest().history_change_reason == "Olu is on leave for two weeks"
    client.force_login(team["colleague"])
    page = client.get(contact.get_absolute_url()).content.decode()
    assert "Olu is on leave for two weeks" in page
    assert escape(f"from {team['officer']} to {team['colleague']}") in page


def test_a_reassignment_needs_a_reason_and_a_different_officer(team):
    contact = ContactFactory(officer=team["officer"])
    with pytest.raises(ValidationError, match="Enter why"):
        contact_reassign(
            contact=contact, officer=team["colleague"], reason=" ", reassigned_by=team["head"]
        )
    with pytest.raises(ValidationError, match="already with"):
        contact_reassign(
            contact=contact, officer=team["officer"], reason="x", reassigned_by=team["head"]
        )


def test_the_reassign_page_and_the_contact_page_have_fixed_query_counts(client, team):
    contact = ContactFactory(officer=team["officer"])
    client.force_login(team["head"])
    form = count_queries(client, reverse("cases:reassign", args=[contact.reference]))
    page = count_queries(client, contact.get_absolute_url())
    for officer in ("colleague", "officer", "colleague", "officer"):
        contact_reassign(
            contact=contact, officer=team[officer], reason="Cover", reassigned_by=team["head"]
        )
    assert count_queries(client, reverse("cases:reassign", args=[contact.reference])) == form
    assert count_queries(client, contact.get_absolute_url()) == page + 0
    assert form <= 10
