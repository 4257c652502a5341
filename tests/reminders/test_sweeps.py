"""Reminders are told once, on time (DESIGN.md §10), whatever is run twice or fails."""

from datetime import timedelta

import pytest
from celery import Celery
from django.core import mail
from django.utils import timezone

from cases.models import Contact
from cases.reminders import contacts_remind
from contactpolicy.models import Notification, NotificationSettings, Reminder, ReminderStage
from contactpolicy.reminders import (
    reminder_digest_send,
    reminder_emails_send,
    reminders_issue,
)
from contactpolicy.roles import Role
from tests.cases.factories import ContactFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def due_contact(officer, *, acknowledge_in: timedelta, respond_in: timedelta | None = None):
    now = timezone.now()
    contact = ContactFactory(officer=officer)
    contact.acknowledge_due_at = now + acknowledge_in
    contact.respond_due_at = now + (respond_in or timedelta(days=20))
    contact.refresh_next_due()
    contact.save()
    return contact


@pytest.fixture
def manager(db):
    return UserFactory(username="lena", roles=[Role.LINE_MANAGER])


@pytest.fixture
def officer(db, manager):
    user = UserFactory(username="casey", roles=[Role.CASEWORKER])
    user.line_manager = manager
    user.save()
    return user


def test_a_contact_coming_due_reminds_its_officer_once(
    btpa_active, officer, django_capture_on_commit_callbacks
):
    contact = due_contact(officer, acknowledge_in=timedelta(hours=20))
    with django_capture_on_commit_callbacks(execute=True):
        assert contacts_remind() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert contacts_remind() == 0  # run again: nothing new

    reminder = Reminder.objects.get()
    assert (reminder.record_id, reminder.kind, reminder.stage) == (
        contact.pk,
        "contact_acknowledge",
        ReminderStage.DUE_SOON,
    )
    notification = Notification.objects.get(recipient=officer)
    assert notification.url == contact.get_absolute_url()
    assert contact.reference in notification.message
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [officer.email]
    reminder.refresh_from_db()
    assert reminder.email_sent_at is not None and reminder.email_attempts == 1


def test_an_overdue_contact_tells_the_officer_and_their_line_manager(btpa_active, officer, manager):
    due_contact(officer, acknowledge_in=timedelta(hours=-3))
    assert contacts_remind() == 2
    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        officer.pk,
        manager.pk,
    }
    assert set(Reminder.objects.values_list("stage", flat=True)) == {
        ReminderStage.OVERDUE,
        ReminderStage.OVERDUE_MANAGER,
    }


def test_contacts_far_from_due_answered_or_paused_are_left_alone(btpa_active, officer):
    due_contact(officer, acknowledge_in=timedelta(days=9))
    answered = due_contact(officer, acknowledge_in=timedelta(hours=2))
    answered.acknowledged_at = timezone.now()
    answered.refresh_next_due()
    answered.save()
    paused = due_contact(officer, acknowledge_in=timedelta(hours=2))
    Contact.objects.filter(pk=paused.pk).update(paused_at=timezone.now())
    # The answered contact's response is due in 20 days: past the warning period too.
    assert contacts_remind() == 0


def test_the_warning_period_comes_from_the_profile(btpa_active, officer):
    due_contact(officer, acknowledge_in=timedelta(days=4))
    assert contacts_remind() == 0
    btpa_active.reminder_warning_days = 5
    btpa_active.save()
    assert contacts_remind() == 1


def test_a_failed_email_keeps_its_claim_and_is_sent_on_retry(btpa_active, officer, monkeypatch):
    due_contact(officer, acknowledge_in=timedelta(hours=5))
    assert contacts_remind() == 1  # on_commit not run: the email is not queued
    reminder = Reminder.objects.get()

    def refuse(*args, **kwargs):
        raise OSError("mail server unreachable")

    monkeypatch.setattr("contactpolicy.reminders.send_mail", refuse)
    with pytest.raises(OSError):
        reminder_emails_send(officer.pk)
    reminder.refresh_from_db()
    assert reminder.email_sent_at is None
    assert (reminder.email_attempts, reminder.email_last_error) == (1, "mail server unreachable")
    assert reminder.claimed_at is not None

    monkeypatch.undo()
    assert reminder_emails_send(officer.pk) == 1
    assert reminder_emails_send(officer.pk) == 0  # a second retry sends nothing
    reminder.refresh_from_db()
    assert reminder.email_attempts == 2 and reminder.email_sent_at is not None
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_a_sweep_while_the_broker_is_unreachable_loses_nothing(
    btpa_active, officer, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    due_contact(officer, acknowledge_in=timedelta(hours=5))
    # A broker on a closed port: publishing fails, and the sweep carries on.
    unreachable = Celery(
        broker="redis://127.0.0.1:1/0",
        broker_connection_timeout=0.5,
        broker_connection_retry=False,
        task_publish_retry=False,
        set_as_current=False,
    )
    with monkeypatch.context() as patch:
        patch.setattr("contactpolicy.dispatch.current_app", unreachable)
        with django_capture_on_commit_callbacks(execute=True):
            assert contacts_remind() == 1
    assert "Could not queue contactpolicy.reminder_emails" in caplog.text
    assert mail.outbox == []
    assert Notification.objects.count() == 1  # the inbox has it already

    with django_capture_on_commit_callbacks(execute=True):
        assert contacts_remind() == 0  # nothing new to claim; the email is queued again
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_a_daily_digest_replaces_single_emails(
    btpa_active, officer, django_capture_on_commit_callbacks
):
    NotificationSettings.objects.create(user=officer, daily_digest=True)
    due_contact(officer, acknowledge_in=timedelta(hours=5))
    due_contact(officer, acknowledge_in=timedelta(hours=6))
    with django_capture_on_commit_callbacks(execute=True):
        assert contacts_remind() == 2
    assert mail.outbox == []
    assert reminder_digest_send(officer.pk) == 2
    assert reminder_digest_send(officer.pk) == 0
    assert len(mail.outbox) == 1
    assert "2 to look at" in mail.outbox[0].subject


def test_issue_ignores_a_reminder_already_recorded(btpa_active, officer):
    from contactpolicy.reminders import Due

    due = Due("cases.contact", 1, "contact_respond", "due_soon", timezone.localdate(),
              officer.pk, "Contact C must be answered.", "/")  # fmt: skip
    assert len(reminders_issue([due, due])) == 1
    assert reminders_issue([due]) == []
    assert Reminder.objects.count() == Notification.objects.count() == 1


def test_an_appeal_decision_coming_due_and_overdue(btpa_active, officer, manager):
    from appeals.models import Appeal
    from appeals.reminders import appeals_remind
    from tests.cases.factories import CustomerFactory
    from tests.restrictions.factories import incident, propose_and_submit, sanction_of

    customer = CustomerFactory()
    decision = propose_and_submit(
        manager,
        customer,
        "sanction",
        incidents=[incident(customer, officer, days_ago=2)],
        sanctions=[sanction_of(btpa_active, "one_method", channel="email")],
    )
    appeal = Appeal.objects.create(
        reference="APL-2026-000001",
        decision=decision,
        restriction_case=decision.restriction_case,
        customer=customer,
        stage="sanctioned",
        received_on=timezone.localdate(),
        received_via="post",
        grounds="I disagree.",
        recorded_by=officer,
        decision_due=timezone.localdate() + timedelta(days=1),
    )
    assert appeals_remind() == 1
    assert Notification.objects.get().recipient == officer
    Appeal.objects.filter(pk=appeal.pk).update(
        decision_due=timezone.localdate() - timedelta(days=1)
    )
    assert appeals_remind() == 2  # overdue: the officer and the line manager
    assert appeals_remind() == 0


def test_reviews_coming_due_then_escalated_when_overdue(btpa_active, officer, manager):
    from restrictions.models import Review, ReviewState
    from restrictions.reminders import reviews_remind
    from tests.cases.factories import CustomerFactory
    from tests.restrictions.factories import drive_to

    chief = UserFactory(username="cleo", roles=[Role.CHIEF_EXECUTIVE])
    case = drive_to(CustomerFactory(), "sanctioned", proposer=manager, approvers=[chief])
    review = case.reviews.get()
    Review.objects.filter(pk=review.pk).update(
        reviewer=officer, due_on=timezone.localdate() + timedelta(days=1)
    )
    assert reviews_remind() == 1
    assert Notification.objects.get().url == review.get_absolute_url()

    Review.objects.filter(pk=review.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    assert reviews_remind() == 2  # BTPA escalates: the reviewer and their line manager
    review.refresh_from_db()
    assert review.state == ReviewState.ESCALATED
    assert reviews_remind() == 0
