from celery import shared_task

from restrictions.expiry import sanctions_expire
from restrictions.notifications import work_waiting_catch_up
from restrictions.referral_services import (
    referral_inform_reminder_send,
    referral_inform_reminders_queue,
)
from restrictions.reminders import reviews_remind


@shared_task(name="restrictions.work_waiting")
def work_waiting() -> int:
    """Tell approvers of decisions waiting and managers of recent incidents where a telling
    after the commit was lost (see restrictions.notifications)."""
    return work_waiting_catch_up()


@shared_task(name="restrictions.inform_customer_reminders")
def inform_customer_reminders() -> int:
    """Queue today's reminders to tell customers reported without warning (daily).

    The work is derived from the database: see `referral_inform_reminders_queue`.
    """
    return referral_inform_reminders_queue()


@shared_task(
    name="restrictions.inform_customer_reminder", autoretry_for=(OSError,), retry_backoff=True
)
def inform_customer_reminder(maker_id: int) -> int:
    """Email one person who made referrals without warning the customers they must tell.

    Idempotent: each referral is claimed for the day before the email goes, see
    `referral_inform_reminder_send`.
    """
    return referral_inform_reminder_send(maker_id=maker_id)


@shared_task(name="restrictions.review_reminders")
def review_reminders() -> int:
    """Apply the overdue-review rule and remind reviewers (scheduled; see
    restrictions.reminders)."""
    return reviews_remind()


@shared_task(name="restrictions.sanction_expiry")
def sanction_expiry() -> int:
    """End the sanctions whose end date has passed and tell their cases' managers
    (scheduled daily; see restrictions.expiry)."""
    return sanctions_expire()
