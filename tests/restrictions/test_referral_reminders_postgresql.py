"""Two reminder runs at once email the maker once (DESIGN.md §8, §13 "Reliable").

Each run claims its referrals with a conditional UPDATE of `reminder_sent_at`; on a real
PostgreSQL server the second UPDATE waits for the first to commit, then finds the row no
longer matches and claims nothing. SQLite serialises every writer, so it proves nothing
here. The first run is held inside its transaction after claiming, so the two overlap.

Run with: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pytest <this file>
"""

import threading
import time

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from contactpolicy.roles import Role
from restrictions import referral_services
from restrictions.models import ReferralKind
from restrictions.referral_services import referral_inform_reminder_send, referral_record
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import incident, person
from tests.services import require_postgresql

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]

HOLD = 0.3  # seconds the first run keeps its claim uncommitted


def run_together(*calls) -> list:
    """Start `calls` at the same instant in threads; returns each result or exception."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:  # the test inspects what each thread raised
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a thread is still waiting: a deadlock?"
    return outcomes


def test_two_reminder_runs_at_once_send_one_email(activate_profile, monkeypatch, mailoutbox):
    require_postgresql()
    activate_profile("btpa")
    maker, recorder = person(Role.LINE_MANAGER), person(Role.CASEWORKER)
    customer = CustomerFactory()
    today = timezone.localdate()
    referral = referral_record(
        actor=maker,
        customer=customer,
        kind=ReferralKind.POLICE,
        recipient="British Transport Police",
        made_on=today,
        incidents=[incident(customer, recorder, extreme=True)],
        without_warning=True,
        inform_customer_by=today,
    )
    # `_reminder_text` runs after the claims, inside the transaction that holds them.
    real = referral_services._reminder_text

    def slowed(*args, **kwargs):
        text = real(*args, **kwargs)
        time.sleep(HOLD)
        return text

    monkeypatch.setattr(referral_services, "_reminder_text", slowed)

    outcomes = run_together(
        lambda: referral_inform_reminder_send(maker_id=maker.pk),
        lambda: referral_inform_reminder_send(maker_id=maker.pk),
    )

    assert sorted(outcomes) == [0, 1], outcomes
    assert len(mail.outbox) == 1
    referral.refresh_from_db()
    assert referral.reminder_sent_at is not None
