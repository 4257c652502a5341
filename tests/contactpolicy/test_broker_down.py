"""With the broker down, every page still saves and answers, and the outage is logged once.

The broker is a real Redis address where nothing listens (tests/conftest.py `broker_down`),
so the request goes through kombu's connection code as it would with Redis stopped.
"""

import logging
import time

import pytest
from django.db import transaction
from django.urls import reverse

from cases.models import Contact
from cases.services import ContactDetails, contact_log
from contactpolicy import dispatch
from contactpolicy.models import ClosureDay
from tests.cases.factories import CustomerFactory, london

pytestmark = pytest.mark.django_db(transaction=True)


def outage_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "contactpolicy.dispatch"]


def test_adding_a_closure_day_saves_at_once_and_logs_the_outage_once(
    client, btpa_active, administrator, caseworker, broker_down, caplog
):
    caplog.set_level(logging.INFO, logger="contactpolicy.dispatch")
    client.force_login(administrator)
    for day in ("22/12/2026", "23/12/2026", "29/12/2026"):
        started = time.monotonic()
        response = client.post(
            reverse("admin:contactpolicy_closureday_add"), {"date": day, "reason": "Office move"}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert time.monotonic() - started < 2
    assert ClosureDay.objects.count() == 3
    [line] = outage_lines(caplog)
    assert line.levelno == logging.WARNING
    assert "Could not queue cases.recompute_due_dates" in line.getMessage()
    assert line.exc_info is None  # one line, not a traceback per request
    assert dispatch.broker_unreachable()


def test_a_contact_raising_a_safeguarding_concern_saves_while_the_broker_is_down(
    btpa_active, caseworker, broker_down, caplog
):
    started = time.monotonic()
    contact = contact_log(
        logged_by=caseworker,
        customer=CustomerFactory(),
        details=ContactDetails(
            channel="email",
            received_at=london(2026, 12, 21, 9, 0),
            summary="Says a neighbour is in danger",
            safeguarding_concern=True,
        ),
    )
    assert time.monotonic() - started < 2
    saved = Contact.objects.get(pk=contact.pk)
    assert saved.safeguarding_alerted_at is None  # left for the catch-up run
    assert len(outage_lines(caplog)) == 1


def test_the_log_says_when_the_broker_answers_again(broker_down, caplog, settings):
    caplog.set_level(logging.INFO, logger="contactpolicy.dispatch")
    with transaction.atomic():
        dispatch.send_after_commit("cases.recompute_due_dates")
        dispatch.send_after_commit("cases.recompute_due_dates")
    assert dispatch.broker_unreachable()

    from celery import current_app

    current_app.conf.task_always_eager = True  # in-process: the "broker" takes it
    assert dispatch.send_now("contactpolicy.health_check", "token")
    assert not dispatch.broker_unreachable()
    assert [r.levelno for r in outage_lines(caplog)] == [logging.WARNING, logging.INFO]


def test_the_catch_up_run_sends_the_alert_the_broker_never_took(
    btpa_active, caseworker, line_manager, broker_down, mailoutbox
):
    from cases.safeguarding import safeguarding_alerts_catch_up

    caseworker.line_manager = line_manager
    caseworker.save()
    contact = contact_log(
        logged_by=caseworker,
        customer=CustomerFactory(),
        details=ContactDetails(
            channel="email",
            received_at=london(2026, 12, 21, 9, 0),
            summary="Says a neighbour is in danger",
            safeguarding_concern=True,
        ),
    )
    assert mailoutbox == []

    now = london(2026, 12, 21, 9, 15)
    assert safeguarding_alerts_catch_up(now=now) == 1
    assert safeguarding_alerts_catch_up(now=now) == 0  # once only
    [alert] = mailoutbox
    assert alert.to == [line_manager.email]
    assert contact.reference in alert.subject
