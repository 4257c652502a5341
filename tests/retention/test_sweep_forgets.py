"""The retention sweep anonymises what has passed its date, everywhere, and nothing else.

IPCC §9: “The IPCC will adhere to its responsibilities set out in the Data Protection Act
in respect of the storage and retention of personal data.” UK GDPR Art. 5(1)(e): kept “for
no longer than is necessary”.
"""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from appeals.models import AppealDocument
from cases.hold_services import legal_hold_place
from cases.models import Case as Matter
from cases.models import Contact, Customer, Forgetting, Incident
from contactpolicy.models import RetentionRun
from notices.models import Notice
from screens.retention.kinds import MARKER
from screens.retention.sweep import retention_sweep
from tests.cases.factories import ContactFactory
from tests.retention.scenes import age, person_with_contacts, person_with_everything

pytestmark = pytest.mark.django_db

NOT_TEXT = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "BooleanField",
    "NullBooleanField",
    "DateField",
    "DateTimeField",
    "TimeField",
    "DurationField",
    "FloatField",
    "DecimalField",
    "BinaryField",
}


def text_columns() -> list[tuple[str, str]]:
    """Every text column of every table in the database, history tables included, read
    from the database itself rather than from a list."""
    columns = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                kind = connection.introspection.get_field_type(column.type_code, column)
                if kind not in NOT_TEXT:
                    columns.append((table, column.name))
    return columns


def traces(values: list[str]) -> list[tuple[str, str, str]]:
    """Where any of `values` still appears, as (table, column, value)."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in text_columns():
            for value in values:
                cursor.execute(
                    f"SELECT 1 FROM {quote(table)} WHERE LOWER(CAST({quote(column)} AS TEXT)) LIKE %s LIMIT 1",  # noqa: S608 - names from introspection
                    [f"%{value.lower()}%"],
                )
                if cursor.fetchone():
                    found.append((table, column, value))
    return found


def snapshot() -> list:
    """Every text value of every table, to show that nothing changed."""
    quote = connection.ops.quote_name
    rows = []
    with connection.cursor() as cursor:
        for table, column in text_columns():
            if table == "django_session":
                continue
            cursor.execute(f"SELECT CAST({quote(column)} AS TEXT) FROM {quote(table)}")  # noqa: S608
            rows.append((table, column, sorted(str(v) for (v,) in cursor.fetchall())))
    return rows


FORGOTTEN = {
    "name": "Philippa Quaxworthy",
    "email": "pquax@example.org",
    "phone": "07700 900461",
    "address": "17 Zanzibar Row, Lantern Hill",
    "postcode": "LN4 7QX",
}
HELD = {
    "name": "Bartholomew Yelverton",
    "email": "byelverton@example.org",
    "phone": "07700 900462",
    "address": "3 Juniper Wynd, Oxbarrow",
    "postcode": "OX9 2ZZ",
}
APPEALING = {
    "name": "Ignatius Pellinore",
    "email": "ipell@example.org",
    "phone": "07700 900464",
    "address": "5 Quillet Lane, Saltmarsh",
    "postcode": "SM3 4AB",
}
RESTRICTED = {
    "name": "Cordelia Vantwistle",
    "email": "cvant@example.org",
    "phone": "07700 900463",
    "address": "88 Kestrel Mews, Dunhollow",
    "postcode": "DN2 8YY",
}


def searched(person: dict) -> list[str]:
    return [person["name"], person["email"], person["phone"], person["address"], "+447700900"]


@pytest.fixture
def people(btpa_active, caseworker, line_manager, chief_executive):
    made = {}
    for key, person, stage in (
        ("forgotten", FORGOTTEN, "lifted"),
        ("held", HELD, "lifted"),
        ("restricted", RESTRICTED, "sanctioned"),
        ("appealing", APPEALING, "lifted"),
    ):
        made[key] = person_with_everything(
            **person,
            stage=stage,
            appeal_open=key == "appealing",
            caseworker=caseworker,
            proposer=line_manager,
            approvers=[chief_executive],
        )
        age(made[key], years=7)
    legal_hold_place(actor=line_manager, customer=made["held"], reason="A claim is running")
    return made


def stored_files(customer) -> list[str]:
    notices = Notice.objects.filter(customer=customer).exclude(file="")
    documents = AppealDocument.objects.filter(appeal__customer=customer)
    names = [n.file.name for n in notices] + [d.file.name for d in documents]
    assert names, "the scene stores files"
    return names


def test_no_trace_of_a_forgotten_customer_remains_in_any_table_or_in_storage(
    btpa_active, people, django_capture_on_commit_callbacks
):
    """After the sweep, nothing in any table or history table, nor any stored file, still
    carries the forgotten customer's name, email, phone or address; the customers under a
    legal hold or with a restriction in force are untouched (issue 22: “never while a
    restriction is in force, an appeal is open or a legal hold is set on the customer”)."""
    forgotten = people["forgotten"]
    assert {v for _, _, v in traces(searched(FORGOTTEN))} >= {
        FORGOTTEN["name"],
        FORGOTTEN["email"],
        FORGOTTEN["address"],
    }
    files = {key: stored_files(customer) for key, customer in people.items()}
    assert all(default_storage.exists(name) for names in files.values() for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        result = retention_sweep(profile=btpa_active)

    assert traces(searched(FORGOTTEN)) == []
    assert not any(default_storage.exists(name) for name in files["forgotten"])
    assert result.files_deleted >= len(files["forgotten"])
    forgotten.refresh_from_db()
    assert forgotten.name == MARKER
    assert forgotten.identifiers.filter(retired_at__isnull=True).count() == 0
    for key, person in (("held", HELD), ("restricted", RESTRICTED), ("appealing", APPEALING)):
        found = {value for _, _, value in traces(searched(person))}
        assert {person["name"], person["email"], person["address"]} <= found, key
        assert all(default_storage.exists(name) for name in files[key]), key
        assert not Forgetting.objects.filter(customer=people[key]).exists()
    assert retention_sweep(profile=btpa_active).total == 0


@pytest.fixture
def light(btpa_active, caseworker):
    made = {}
    for key, person in (("forgotten", FORGOTTEN), ("held", HELD)):
        made[key] = person_with_contacts(
            name=person["name"], email=person["email"], phone=person["phone"], caseworker=caseworker
        )
        age(made[key], years=7)
    return made


def test_a_legal_hold_keeps_the_customer_until_it_is_lifted(btpa_active, light, line_manager):
    """“Legal hold: a manager can place and lift a hold on a customer (reason, who,
    when), which the sweep respects.” (issue 22)"""
    from cases.hold_services import legal_hold_lift

    legal_hold_place(actor=line_manager, customer=light["held"], reason="A claim is running")
    retention_sweep(profile=btpa_active)
    assert Customer.objects.get(pk=light["held"].pk).name == HELD["name"]

    legal_hold_lift(actor=line_manager, customer=light["held"], reason="Settled")
    retention_sweep(profile=btpa_active)
    assert Customer.objects.get(pk=light["held"].pk).name == MARKER


def test_the_counts_reports_need_survive(btpa_active, light):
    """Rows stay, with their dates, channel, category, state and outcome: only the words
    about people go."""
    forgotten = light["forgotten"]

    def counted():
        return {
            "contacts": list(
                Contact.objects.filter(customer=forgotten).values_list(
                    "channel", "kind", "received_at"
                )
            ),
            "incidents": list(
                Incident.objects.filter(customer=forgotten).values_list(
                    "category", "channel", "occurred_at", "hate_incident"
                )
            ),
            "matters": list(
                Matter.objects.filter(customer=forgotten).values_list(
                    "status", "service", "opened_at"
                )
            ),
        }

    before = counted()
    retention_sweep(profile=btpa_active)
    assert counted() == before
    assert set(Contact.objects.filter(customer=forgotten).values_list("summary", flat=True)) == {
        MARKER
    }


def test_a_second_run_does_nothing(btpa_active, light):
    first = retention_sweep(profile=btpa_active)
    assert first.total > 0
    after_first = snapshot()

    second = retention_sweep(profile=btpa_active)

    assert second.total == 0
    after_second = snapshot()
    changed = {
        table
        for (table, _, one), (_, _, two) in zip(after_first, after_second, strict=True)
        if one != two
    }
    assert changed <= {RetentionRun._meta.db_table}


def test_the_dry_run_changes_nothing(btpa_active, light, capsys):
    """The dry run lists what it would do, by kind and count, and changes nothing."""
    before = snapshot()
    runs = RetentionRun.objects.count()

    call_command("retention_sweep", "--dry-run")

    out = capsys.readouterr().out
    assert "Would anonymise 2 customers themselves of 2 customers" in out
    assert "Would anonymise 4 contacts of 2 customers" in out
    assert FORGOTTEN["name"] not in out
    assert snapshot() == before
    assert RetentionRun.objects.count() == runs


def test_each_run_is_recorded_by_kind_and_count_without_personal_data(btpa_active, light, capsys):
    call_command("retention_sweep")

    run = RetentionRun.objects.get()
    assert run.counts == {"contacts": 4, "incidents": 2, "matters": 2, "customers": 2}
    assert run.finished_at is not None
    out = capsys.readouterr().out
    assert "Anonymised 4 contacts of 2 customers" in out
    for value in searched(FORGOTTEN):
        assert value not in str(run.counts) + out


def test_records_inside_their_period_are_kept(btpa_active, caseworker):
    recent = person_with_contacts(
        name=FORGOTTEN["name"],
        email=FORGOTTEN["email"],
        phone=FORGOTTEN["phone"],
        caseworker=caseworker,
    )
    age(recent, years=5)

    result = retention_sweep(profile=btpa_active)

    assert result.total == 0
    assert Customer.objects.get(pk=recent.pk).name == FORGOTTEN["name"]


def test_a_contact_never_matched_to_a_customer_runs_from_its_own_date(btpa_active):
    old = ContactFactory(
        customer=None,
        sender="07700 900999",
        summary="Caller gave no name",
        received_at=timezone.now() - timedelta(days=365 * 7),
    )
    new = ContactFactory(
        customer=None,
        sender="07700 900998",
        summary="Caller gave no name",
        received_at=timezone.now() - timedelta(days=365 * 2),
    )

    assert retention_sweep(profile=btpa_active).counts["contacts"] == 1
    assert retention_sweep(profile=btpa_active).counts["contacts"] == 0

    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.sender, old.summary) == (MARKER, MARKER)
    assert new.sender == "07700 900998"
    assert old.history.first().sender == MARKER


def test_new_activity_after_forgetting_is_forgotten_in_its_turn(btpa_active, light):
    """A customer forgotten, who comes back, is forgotten again six years after."""
    forgotten = light["forgotten"]
    retention_sweep(profile=btpa_active)
    ContactFactory(
        customer=forgotten,
        sender="late@example.org",
        summary="Back again",
        received_at=timezone.now() - timedelta(days=365),
    )
    assert retention_sweep(profile=btpa_active).total == 0

    Contact.objects.filter(customer=forgotten).update(
        received_at=timezone.now() - timedelta(days=365 * 7)
    )
    assert retention_sweep(profile=btpa_active).counts["contacts"] == 3
    assert traces(["late@example.org"]) == []


def test_notifications_and_reminders_go_once_older_than_the_shortest_period(
    btpa_active, light, caseworker
):
    """A notification's words may name a customer; it is a prompt to staff, not a record,
    so it never outlives the records it pointed to (UK GDPR Art. 5(1)(e))."""
    from contactpolicy.models import Notification, Reminder, ReminderStage

    now = timezone.now()
    old, recent = (
        Notification.objects.create(
            recipient=caseworker,
            kind="reply_due",
            message=f"A reply to {FORGOTTEN['name']} is due",
            url="/",
            created_at=created,
        )
        for created in (now - timedelta(days=365 * 7), now - timedelta(days=3))
    )
    reminder = Reminder.objects.create(
        record_type="cases.contact",
        record_id=1,
        kind="reply_due",
        stage=ReminderStage.OVERDUE,
        due_on=(now - timedelta(days=365 * 7)).date(),
        recipient=caseworker,
        message=f"A reply to {FORGOTTEN['name']} is due",
        url="/",
        created_at=now - timedelta(days=365 * 7),
    )

    dry = retention_sweep(profile=btpa_active, dry_run=True)
    assert dry.prompts == 2 and Notification.objects.filter(pk=old.pk).exists()

    result = retention_sweep(profile=btpa_active)

    assert result.prompts == 2
    assert not Notification.objects.filter(pk=old.pk).exists()
    assert not Reminder.objects.filter(pk=reminder.pk).exists()
    assert Notification.objects.filter(pk=recent.pk).exists()
    assert result.run.counts["prompts"] == 2
    assert retention_sweep(profile=btpa_active).prompts == 0
