from celery import shared_task

from restrictions.referral_services import referral_inform_reminders_send


@shared_task(
    name="restrictions.inform_customer_reminders", autoretry_for=(OSError,), retry_backoff=True
)
def inform_customer_reminders() -> int:
    """Remind the makers of referrals made without warning to tell the customer (daily).

    Idempotent: see `referral_inform_reminders_send`. Schedule it once a day.
    """
    return referral_inform_reminders_send()
