"""Property: for any sequence of sweeps, retries, failed sends and clock moves, each
(record, kind, stage) is notified at most once and every one that fell due at least once."""

import contextlib
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.reminders import contacts_remind
from contactpolicy.models import Reminder
from contactpolicy.reminders import reminder_emails_send
from contactpolicy.roles import Role
from tests.cases.factories import ContactFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WARNING = timedelta(days=2)  # the BTPA profile's reminder_warning_days

operations = st.lists(
    st.one_of(
        st.tuples(st.just("sweep"), st.just(0)),
        st.tuples(st.just("retry"), st.just(0)),
        st.tuples(st.just("send"), st.booleans()),  # True: the mail server refuses
        st.tuples(st.just("clock"), st.integers(min_value=1, max_value=72)),  # hours on
    ),
    min_size=1,
    max_size=12,
)
clocks = st.lists(
    st.tuples(
        st.integers(min_value=-24, max_value=120),  # acknowledgement due, hours from start
        st.one_of(st.none(), st.integers(min_value=-24, max_value=200)),  # response
    ),
    min_size=1,
    max_size=4,
)


def expected_at(contacts, now) -> set[tuple[int, str, str]]:
    """What should have been told by a sweep at `now`, worked out apart from the code."""
    keys = set()
    for contact in contacts:
        for kind, due in (
            ("contact_acknowledge", contact.acknowledge_due_at),
            ("contact_respond", contact.respond_due_at),
        ):
            if due is None:
                continue
            if due <= now:
                keys |= {(contact.pk, kind, "overdue"), (contact.pk, kind, "overdue_manager")}
            elif due <= now + WARNING:
                keys.add((contact.pk, kind, "due_soon"))
    return keys


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(clocks=clocks, steps=operations)
def test_each_reminder_is_told_at_most_once_and_every_due_one_at_least_once(
    btpa_active, monkeypatch, clocks, steps
):
    with transaction.atomic():
        mail.outbox = []
        manager = UserFactory(username="lena", roles=[Role.LINE_MANAGER])
        officer = UserFactory(username="casey", roles=[Role.CASEWORKER], line_manager=manager)
        start = timezone.now()
        contacts = []
        for acknowledge, respond in clocks:
            contact = ContactFactory(officer=officer)
            contact.acknowledge_due_at = start + timedelta(hours=acknowledge)
            if respond is not None:
                contact.respond_due_at = start + timedelta(hours=max(respond, acknowledge))
            contact.refresh_next_due()
            contact.save()
            contacts.append(contact)

        now, wanted = start, set()
        for step, value in [*steps, ("sweep", 0)]:
            if step in {"sweep", "retry"}:
                contacts_remind(now=now)
                wanted |= expected_at(contacts, now)
            elif step == "clock":
                now += timedelta(hours=value)
            else:
                with monkeypatch.context() as patch:
                    if value:
                        patch.setattr(
                            "contactpolicy.reminders.send_mail",
                            lambda *a, **k: (_ for _ in ()).throw(OSError("refused")),
                        )
                    for user in (officer, manager):
                        with contextlib.suppress(OSError):
                            reminder_emails_send(user.pk)

        told = list(
            Reminder.objects.filter(notification__isnull=False).values_list(
                "record_id", "kind", "stage"
            )
        )
        assert len(told) == len(set(told)), "a reminder was told twice"
        assert set(told) == wanted
        sent = Reminder.objects.filter(email_sent_at__isnull=False).count()
        assert len(mail.outbox) == sent <= len(told)
        transaction.set_rollback(True)
