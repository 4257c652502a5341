"""A sensitive note's words stay in the note: not in its history, an email, a notification,
a log line, another table or an admin page (issue 22, item 5; DESIGN.md §3 and §13)."""

import inspect
import logging
from datetime import timedelta

import pytest
from celery import current_app
from django.contrib import admin
from django.core import mail
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import timezone

from cases.models import SensitiveNote
from cases.services import ContactDetails, contact_log, sensitive_note_add
from contactpolicy.models import Notification
from tests.cases.factories import CustomerFactory
from tests.database import migrate_only, migrate_to_the_latest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WORDS = "Xylophonic bereavement: finds telephone calls distressing since March."
CHANGED = "Quintessential anxiety after the hospital stay; prefers letters."
APPS = ("cases", "restrictions", "notices", "appeals", "contactpolicy")


class Everything(logging.Handler):
    """Every record of every logger, whatever its level or propagation."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def every_log_line():
    handler = Everything()
    handler.setFormatter(logging.Formatter("%(name)s %(message)s %(exc_text)s"))
    loggers = [logging.getLogger(), *map(logging.getLogger, logging.root.manager.loggerDict)]
    saved = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield handler.lines
    for logger, level in saved:
        logger.removeHandler(handler)
        logger.setLevel(level)


def text_values_outside_the_note() -> list[tuple[str, str]]:
    """Every text value in every table but the note's own, as (table, value)."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table == SensitiveNote._meta.db_table:
                continue
            description = connection.introspection.get_table_description(cursor, table)
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - names from the schema
            for row in cursor.fetchall():
                found += [(table, value) for value in row if isinstance(value, str)]
            assert description  # every table was read
    return found


def mentions(value: str) -> bool:
    return "Xylophonic" in value or "Quintessential" in value


def run_every_sweep():
    """Every scheduled task of the product that takes no argument, run here and now."""
    for name, task in sorted(current_app.tasks.items()):
        if not name.startswith(APPS):
            continue
        if any(
            parameter.default is inspect.Parameter.empty
            for parameter in inspect.signature(task.run).parameters.values()
        ):
            continue
        task.run()


@pytest.mark.usefixtures("btpa_active")
def test_the_words_reach_no_history_email_notification_log_or_other_table(
    client, line_manager, caseworker, every_log_line
):
    """DESIGN.md §3: "Sensitive notes (health, disability, distress) are visible only to
    managers and above" — so their words are kept in the note alone."""
    customer = CustomerFactory(name="Nadia Okafor")
    contact_log(
        logged_by=caseworker,
        customer=customer,
        officer=caseworker,
        details=ContactDetails(
            channel="email",
            received_at=timezone.now() - timedelta(days=40),
            summary="Asks about her appeal",
            safeguarding_concern=True,
        ),
    )
    client.force_login(line_manager)
    url = reverse("cases:sensitive_notes", args=[customer.reference])
    response = client.post(url, {"text": WORDS})
    assert response.status_code == 302
    note = SensitiveNote.objects.get(customer=customer)
    note.text = CHANGED
    note.save()
    assert CHANGED in client.get(url).content.decode()  # the managers' page shows them

    run_every_sweep()

    assert note.history.count() == 2  # that it was added and changed is kept...
    assert not [value for value in text_values_outside_the_note() if mentions(value[1])]
    for message in mail.outbox:
        assert not mentions(message.subject + message.body)
        assert not any(mentions(str(content)) for content, _ in message.alternatives)
    assert Notification.objects.exists() or not mail.outbox  # the sweeps did run
    assert not [line for line in every_log_line if mentions(line)]
    assert every_log_line  # the log was listened to


def test_an_error_report_masks_the_words(client, line_manager):
    """A report of a server error shows the posted fields; the note's are masked."""
    from django.views.debug import SafeExceptionReporterFilter

    client.force_login(line_manager)
    customer = CustomerFactory()
    url = reverse("cases:sensitive_notes", args=[customer.reference])
    request = client.post(url, {"text": WORDS}).wsgi_request
    shown = SafeExceptionReporterFilter().get_post_parameters(request)
    assert not mentions(str(shown))
    assert shown["text"] == SafeExceptionReporterFilter.cleansed_substitute


def test_no_admin_page_lists_or_finds_the_words(client):
    customer = CustomerFactory(name="Nadia Okafor")
    sensitive_note_add(customer=customer, author=None, text=WORDS)
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(superuser)
    pages = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        pages.append(changelist)
        if model_admin.search_fields:
            found = client.get(changelist, {"q": "Xylophonic"}).context["cl"].result_count
            assert found == 0, changelist
        first = model_admin.get_queryset(_request(superuser)).first()
        if first is not None:
            pages.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
            pages.append(reverse("admin:{}_{}_history".format(*info), args=[first.pk]))
    for page in pages:
        response = client.get(page)
        assert response.status_code in (200, 302), page
        assert not mentions(response.content.decode()), page
    assert SensitiveNote not in admin.site._registry


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


BEFORE = [("cases", "0017_legal_holds_and_forgetting")]
AFTER = [("cases", "0018_sensitive_note_history_without_text")]


@pytest.fixture
def back_to_the_latest():
    yield
    migrate_to_the_latest(connection)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest")
def test_the_migration_forgets_words_already_copied_into_history():
    migrate_only(connection, BEFORE)
    old = MigrationLoader(connection).project_state(BEFORE).apps
    customer = old.get_model("cases", "Customer").objects.create(
        reference="CUS-2026-90001", name="Nadia Okafor", normalised_name="nadia okafor"
    )
    note = old.get_model("cases", "SensitiveNote").objects.create(customer=customer, text=WORDS)
    old.get_model("cases", "HistoricalSensitiveNote").objects.create(
        id=note.pk,
        customer_id=customer.pk,
        text=WORDS,
        created_at=timezone.now(),
        history_date=timezone.now(),
        history_type="+",
    )

    migrate_only(connection, AFTER)

    assert SensitiveNote.objects.get(pk=note.pk).text == WORDS
    assert SensitiveNote.history.filter(id=note.pk).count() == 1
    assert not [value for value in text_values_outside_the_note() if mentions(value[1])]
