"""A safeguarding alert is told once through the reminder outbox, like every reminder,
and still reaches the manager by email the same day."""

import pytest
from django.core import mail
from django.utils import timezone

from cases.models import Contact
from cases.safeguarding import contact_safeguarding_alert_send
from cases.services import ContactDetails, contact_log
from contactpolicy import reminders
from contactpolicy.models import Notification, NotificationSettings, Reminder
from tests.cases.factories import CustomerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def concern(btpa_active, caseworker, line_manager):
    caseworker.line_manager = line_manager
    caseworker.save()
    return contact_log(
        logged_by=caseworker,
        customer=CustomerFactory(),
        details=ContactDetails(
            channel="email",
            received_at=timezone.now(),
            summary="Says a neighbour is in danger",
            safeguarding_concern=True,
        ),
    )


def test_the_alert_is_one_reminder_in_the_managers_inbox(concern, line_manager):
    assert contact_safeguarding_alert_send(contact_id=concern.pk) is True
    assert contact_safeguarding_alert_send(contact_id=concern.pk) is False

    [reminder] = Reminder.objects.filter(record_type="cases.contact", kind="safeguarding")
    assert (reminder.record_id, reminder.recipient) == (concern.pk, line_manager)
    assert Notification.objects.filter(recipient=line_manager, reminder=reminder).count() == 1
    assert len(mail.outbox) == 1


def test_a_manager_on_the_daily_digest_is_still_emailed_at_once(concern, line_manager):
    NotificationSettings.objects.create(user=line_manager, daily_digest=True)

    assert contact_safeguarding_alert_send(contact_id=concern.pk) is True

    [alert] = mail.outbox
    assert alert.to == [line_manager.email]


def test_a_failed_email_is_sent_by_the_next_attempt(concern, line_manager, monkeypatch):
    def refuse(**kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(reminders, "send_mail", refuse)
    with pytest.raises(ConnectionError):
        contact_safeguarding_alert_send(contact_id=concern.pk)
    assert Contact.objects.get(pk=concern.pk).safeguarding_alerted_at is None

    monkeypatch.undo()
    assert contact_safeguarding_alert_send(contact_id=concern.pk) is True
    concern.refresh_from_db()
    assert concern.safeguarding_alerted_to == line_manager.email
    assert Reminder.objects.get(kind="safeguarding").email_attempts == 2
