"""Issuing a contact's acknowledgement letter records the acknowledgement on the contact,
once.

Issue 20, item 24: "Issuing and posting an acknowledgement letter does not stop the
acknowledgement clock: staff must also click "Mark as acknowledged", risking false overdues
and a second letter."
"""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.services import ContactDetails, contact_acknowledge, contact_log, contact_mark_undo
from notices.models import SendMethod
from notices.services import notice_draft_for_contact, notice_issue, notice_mark_sent
from tests.cases.factories import london
from tests.notices.factories import addressed_customer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def a_letter(caseworker):
    # BTPA §5: letters acknowledged within ten working days.
    return contact_log(
        logged_by=caseworker,
        customer=addressed_customer(),
        details=ContactDetails(
            channel="letter", received_at=london(2026, 12, 1, 9, 0), summary="About my case"
        ),
    )


def test_issuing_the_acknowledgement_stops_the_acknowledgement_clock(btpa_active, caseworker):
    contact = a_letter(caseworker)
    assert contact.acknowledge_due_at is not None and contact.acknowledged_at is None

    draft = notice_draft_for_contact(contact=contact, actor=caseworker)
    notice = notice_issue(notice=draft, actor=caseworker)

    contact.refresh_from_db()
    assert contact.acknowledged_at == notice.issued_at
    assert contact.next_due_at == contact.respond_due_at  # the response clock runs on
    assert contact.responded_at is None
    record = contact.history.latest("history_date")
    assert record.history_change_reason == f"Acknowledged by letter {notice.reference}"
    assert record.history_user_id == caseworker.pk


def test_it_is_recorded_once_and_posting_changes_nothing(btpa_active, caseworker):
    contact = a_letter(caseworker)
    notice = notice_issue(
        notice=notice_draft_for_contact(contact=contact, actor=caseworker), actor=caseworker
    )
    contact.refresh_from_db()
    acknowledged, versions = contact.acknowledged_at, contact.history.count()

    notice_mark_sent(notice=notice, actor=caseworker, method=SendMethod.POST)
    assert not contact_acknowledge(contact=contact, actor=caseworker).changed
    # Asking for the letter again opens the same one: no second letter.
    assert notice_draft_for_contact(contact=contact, actor=caseworker).pk == notice.pk

    contact.refresh_from_db()
    assert contact.acknowledged_at == acknowledged
    assert contact.history.count() == versions


def test_an_acknowledgement_marked_by_hand_first_keeps_its_time(btpa_active, caseworker):
    contact = a_letter(caseworker)
    marked_at = timezone.now()
    contact_acknowledge(contact=contact, actor=caseworker, at=marked_at)

    notice_issue(
        notice=notice_draft_for_contact(contact=contact, actor=caseworker), actor=caseworker
    )

    contact.refresh_from_db()
    assert contact.acknowledged_at == marked_at


def test_the_letter_s_acknowledgement_is_no_marking_to_undo(btpa_active, caseworker):
    contact = a_letter(caseworker)
    notice_issue(
        notice=notice_draft_for_contact(contact=contact, actor=caseworker), actor=caseworker
    )
    contact.refresh_from_db()
    latest = contact.history.latest("history_date").history_id

    with pytest.raises(ValidationError, match="last change was not a marking"):
        contact_mark_undo(contact=contact, actor=caseworker, record=latest)
