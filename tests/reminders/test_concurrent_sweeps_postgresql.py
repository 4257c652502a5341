"""Two sweeps at the same moment tell each reminder once, on a real PostgreSQL server
(SQLite serialises every writer, so it proves nothing here).

The first sweep is held inside its transaction after claiming, so the second really
overlaps: its INSERT waits on the first's unique keys and its claim UPDATE finds the rows
claimed once the first commits.

Run with: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pytest <this file>
"""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from cases.reminders import contacts_remind
from contactpolicy import reminders
from contactpolicy.models import Notification, Reminder
from contactpolicy.roles import Role
from tests.cases.factories import ContactFactory
from tests.factories import UserFactory
from tests.services import require_postgresql

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]


def test_two_sweeps_at_once_tell_each_reminder_once(btpa_active, monkeypatch):
    require_postgresql()
    manager = UserFactory(username="lena", roles=[Role.LINE_MANAGER])
    officer = UserFactory(username="casey", roles=[Role.CASEWORKER], line_manager=manager)
    now = timezone.now()
    for hours in (-30, -2, 5, 20):
        contact = ContactFactory(officer=officer)
        contact.acknowledge_due_at = now + timedelta(hours=hours)
        contact.respond_due_at = now + timedelta(days=20)
        contact.refresh_next_due()
        contact.save()

    real_bulk_create = Notification.objects.bulk_create

    def held(*args, **kwargs):
        created = real_bulk_create(*args, **kwargs)
        time.sleep(0.3)  # inside the sweep's transaction, its claim not yet committed
        return created

    monkeypatch.setattr(reminders.Notification.objects, "bulk_create", held)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def sweep():
        try:
            barrier.wait(timeout=10)
            results.append(contacts_remind(now=now))
        except Exception as error:  # the test reports what a thread raised
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a sweep is still waiting: a deadlock?"

    assert errors == []
    # Two overdue contacts (officer and manager each) and two coming due (officer).
    assert sorted(results) == [0, 6]
    assert Reminder.objects.count() == Notification.objects.count() == 6
    assert Reminder.objects.filter(notification__isnull=True).count() == 0
