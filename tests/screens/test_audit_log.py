"""The organisation's audit log: every casework event, account change, profile change and
export in one list, newest first, filtered by who, what, when and record, each change a
readable difference; a page in a fixed number of queries, a streamed and safe CSV, and every
reading of it recorded."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.http import StreamingHttpResponse

from contactpolicy.choices import DecisionKind, TimeUnit
from contactpolicy.exports import record_export
from contactpolicy.models import ClosureDay, Export, ServiceStandard
from contactpolicy.roles import Role
from restrictions.models import AuditEvent, AuditEventType
from restrictions.services import audit_record
from screens.audit.selectors import AuditFilters, audit_entries
from tests.cases.factories import CustomerFactory, london
from tests.factories import UserFactory
from tests.queries import count_queries
from tests.restrictions.factories import incident, person, propose_and_submit

pytestmark = pytest.mark.django_db

LOG, LOG_CSV = "/audit/", "/audit/audit-log.csv"


def read_csv(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def standard_change(profile, actor, value=3):
    """The profile's acknowledgement target changed, as an administrator would."""
    standard = ServiceStandard.objects.filter(profile=profile).order_by("pk").first()
    standard.acknowledge_value, standard.acknowledge_unit = value, TimeUnit.WORKING_DAYS
    standard._history_user = actor
    standard.save()
    return standard


def event(customer, actor, *, reason="Shouted at staff.", at=None):
    made = audit_record(
        event_type=AuditEventType.BREACH_RECORDED,
        actor=actor,
        case=None,
        customer=customer,
        reason=reason,
        role=Role.CASEWORKER,
    )
    if at is not None:
        AuditEvent.objects.filter(pk=made.pk).update(occurred_at=at)
    return made


@pytest.fixture
def profile(activate_profile):
    return activate_profile("btpa")


def test_events_account_and_profile_changes_are_one_list_with_readable_differences(
    client, administrator, profile
):
    """The profile's inline records (a service standard) show what changed, not "Changed"."""
    officer = UserFactory(username="otto", first_name="Otto", last_name="Finch")
    standard_change(profile, administrator, value=1)
    standard_change(profile, administrator, value=3)
    officer.groups.add(Group.objects.get_or_create(name="Line manager")[0])
    customer = CustomerFactory()
    event(customer, officer)

    client.force_login(administrator)
    page = client.get(LOG).content.decode()
    assert "Breach of a restriction recorded" in page
    assert f"Customer {customer.reference}" in page
    assert "Otto Finch" in page and "as Caseworker" in page
    assert "Account otto" in page
    assert "<strong>Roles</strong>: Not set" in page and "Line manager" in page
    assert "Profile btpa: service standard" in page
    assert (
        "<strong>Acknowledge within</strong>: 1 working day "
        '<span aria-hidden="true">→</span><span class="govuk-visually-hidden">changed to</span> '
        "3 working days"
    ) in page
    # Newest first: the event, then the roles, then the profile.
    assert page.index("Breach of a restriction") < page.index("Account otto")
    assert page.index("Account otto") < page.index("Profile btpa")


def test_a_removed_closure_day_and_a_second_factor_reset_say_what_they_were(administrator, profile):
    day = ClosureDay.objects.create(date=london(2026, 12, 29, 0, 0).date(), reason="Staff day")
    day.delete()
    user = UserFactory(username="lost")
    user._change_reason = "Second factor reset"
    user.save()
    entries = list(audit_entries(AuditFilters()))
    removed, added = (e for e in entries if e.record == "Closure day 29 December 2026")
    assert (removed.what, removed.changes) == ("Removed", [])
    assert added.what == "Added"
    assert "Reason: Staff day" not in str(added.changes)
    assert [str(c) for c in added.changes] == [
        "Date: Not set → 29 December 2026",
        "Reason: Not set → Staff day",
    ]
    reset = next(e for e in entries if e.reason == "Second factor reset")
    assert reset.record == "Account lost" and reset.changes == []


@pytest.fixture
def spread(profile, administrator):
    """Two people's events a month apart, one about a decision, and a profile change."""
    ann = UserFactory(username="ann", first_name="Ann", last_name="Lee")
    bob = person(Role.LINE_MANAGER, username="bob", first_name="Bob", last_name="Day")
    first, second = CustomerFactory(), CustomerFactory()
    event(first, ann, at=london(2026, 10, 5, 9, 0))
    event(second, bob, at=london(2026, 11, 5, 9, 0))
    decision = propose_and_submit(bob, second, DecisionKind.WARN, incidents=[incident(second, bob)])
    standard_change(profile, administrator)
    return {"ann": ann, "bob": bob, "first": first, "second": second, "decision": decision}


def _records(client, params) -> list[str]:
    response = client.get(LOG, params)
    assert response.status_code == 200
    return [entry.record for entry in response.context["page"].entries]


def test_filters_by_who_what_when_and_record(client, administrator, spread):
    client.force_login(administrator)
    ann, bob, first, second = spread["ann"], spread["bob"], spread["first"], spread["second"]

    assert _records(client, {"who": ann.pk}) == [f"Customer {first.reference}"]
    by_bob = _records(client, {"who": bob.pk, "kind": "event"})
    assert f"Customer {second.reference}" in by_bob and len(by_bob) >= 3
    assert _records(client, {"kind": "event:breach_recorded"}) == [
        f"Customer {second.reference}",
        f"Customer {first.reference}",
    ]
    october = {"from-day": "1", "from-month": "10", "from-year": "2026"}
    october |= {"to-day": "31", "to-month": "10", "to-year": "2026"}
    assert _records(client, october) == [f"Customer {first.reference}"]
    profile = _records(client, {"kind": "profile"})
    assert profile and all(record.startswith("Profile btpa") for record in profile)
    assert _records(client, {"record": "BTPA"}) == profile
    decision = spread["decision"]
    about = _records(client, {"record": decision.reference.lower()})
    assert about and all(decision.reference in record for record in about)
    assert _records(client, {"record": "bob"}) and all(
        record == "Account bob" for record in _records(client, {"record": "bob"})
    )
    by_application = client.get(LOG, {"who": "application"}).context["page"].entries
    assert "Account ann" in {entry.record for entry in by_application}
    assert {entry.actor for entry in by_application} == {"The application"}
    page = client.get(LOG, {"record": "NOTHING-HERE"}).content.decode()
    assert "Nothing is recorded for these filters." in page


@pytest.mark.parametrize(
    "params, message",
    [
        ({"from-day": "31", "from-month": "2", "from-year": "2026"}, "must be a real date"),
        (
            {"from-day": "2", "from-month": "1", "from-year": "2027"}
            | {"to-day": "1", "to-month": "1", "to-year": "2027"},
            "The end date must be the same as or after the start date",
        ),
        ({"who": "99999999"}, "Select who from the options given"),
        ({"kind": "event:nonsense"}, "from the options given"),
        ({"record": "X" * 51}, "50 characters or fewer"),
    ],
)
def test_bad_filters_are_form_errors_and_their_downloads_are_refused(
    client, administrator, params, message
):
    client.force_login(administrator)
    response = client.get(LOG, params)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert "Correct the filters to see the audit log." in page
    assert client.get(LOG_CSV, params).status_code == 400
    assert not Export.objects.exists()


@pytest.mark.parametrize("cursor", ["", "x", "1.2", "99999999999999999999.0.1", "1.999.1", "0.0.0"])
def test_any_cursor_gives_a_page(client, administrator, spread, cursor):
    client.force_login(administrator)
    assert client.get(LOG, {"before": cursor}).status_code == 200
    assert client.get(LOG, {"after": cursor}).status_code == 200


def test_the_csv_has_every_entry_and_is_safe_from_formulas(client, chief_executive):
    customer = CustomerFactory()
    officer = UserFactory(username="eve", first_name="Eve", last_name="Rao")
    event(
        customer,
        officer,
        reason='=HYPERLINK("http://evil.example","Click")',
        at=london(2026, 10, 5, 9, 0),
    )
    client.force_login(chief_executive)
    rows = read_csv(client.get(LOG_CSV, {"kind": "event"}))
    assert rows == [
        ["Date and time", "Who", "Role", "Kind", "What happened", "Record", "Changes", "Reason"],
        [
            "2026-10-05 09:00:00",
            "Eve Rao",
            "Caseworker",
            "Casework event",
            "Breach of a restriction recorded",
            f"Customer {customer.reference}",
            "",
            '\'=HYPERLINK("http://evil.example","Click")',
        ],
    ]
    export = Export.objects.get(kind="audit_log")
    assert (export.user, export.file_format, export.rows) == (chief_executive, "csv", 1)
    assert export.filters == {"kind": "event"}
    assert "Every casework event" in export.description


def test_each_reading_of_the_page_is_recorded_once_and_shows_in_the_log(client, administrator):
    client.force_login(administrator)
    shown = len(client.get(LOG).context["page"].entries)  # the administrator's own account
    client.get(LOG, {"kind": "profile"})
    readings = list(Export.objects.filter(kind="audit_log_read").order_by("pk"))
    assert shown and [(r.user, r.file_format, r.rows) for r in readings] == [
        (administrator, "screen", shown),
        (administrator, "screen", 0),
    ]
    assert readings[1].filters == {"kind": "profile"}
    page = client.get(LOG, {"kind": "export"}).content.decode()
    assert page.count("Read on screen") == 2


def test_the_csv_streams_every_entry_a_chunk_at_a_time(client, administrator, spread):
    everything = list(audit_entries(AuditFilters()))
    chunked = list(audit_entries(AuditFilters(), chunk=2))
    assert [e.cursor for e in chunked] == [e.cursor for e in everything]
    assert len(everything) == len({e.cursor for e in everything})


def _add(count: int, start: int, actor, profile):
    """`count` entries of each kind, interleaved, so that every page shows every kind."""
    for i in range(start, start + count):
        customer = CustomerFactory()
        event(customer, actor)
        record_export(actor, kind="register", description="Register", file_format="csv")
        profile.short_name = f"BTPA {i}"
        profile._history_user = actor
        profile.save()
        UserFactory(username=f"staff{i}").groups.add(
            Group.objects.get_or_create(name="Caseworker")[0]
        )
        standard_change(profile, actor, value=i + 2)


def test_a_page_runs_a_fixed_number_of_queries_and_paging_visits_every_entry_once(
    client, administrator, profile, django_assert_max_num_queries
):
    _add(2, 0, administrator, profile)
    client.force_login(administrator)
    small = count_queries(client, LOG)
    _add(60, 2, administrator, profile)  # more than a page of each kind
    assert count_queries(client, LOG) == small
    # Each reading is recorded after it is read, so it is newer than any page it saw.
    total = len(list(audit_entries(AuditFilters())))
    with django_assert_max_num_queries(QUERY_BUDGET):
        first = client.get(LOG).context["page"]
    older_params = {"before": first.older}
    assert count_queries(client, LOG, older_params) == small
    seen, page = [], first
    while True:
        seen += [e.cursor for e in page.entries]
        if not page.older:
            break
        page = client.get(LOG, {"before": page.older}).context["page"]
    assert len(seen) == len(set(seen)) == total
    second = client.get(LOG, {"before": first.older}).context["page"]
    back = client.get(LOG, {"after": second.newer}).context["page"]
    assert [e.cursor for e in back.entries] == [e.cursor for e in first.entries]
    assert back.older == first.older and back.newer  # the readings since are newer still


# Session and user (2), the filter's people (1), the keys' UNION (1), events with their
# customers (1), exports (1), each history table on the page: its rows, the copies before
# them, the names their keys point at and, for accounts, the roles (2–5 each), the profiles'
# short identifiers (1), the staff names (1) and the reading recorded (1).
QUERY_BUDGET = 30


def test_only_administrators_and_the_chief_executive_see_the_link(
    client, administrator, chief_executive, head_of_service
):
    for user, shown in ((administrator, True), (chief_executive, True), (head_of_service, False)):
        client.force_login(user)
        page = client.get("/").content.decode()
        assert ('href="/audit/"' in page) is shown
    assert client.get(LOG).status_code == 403
    assert client.get(LOG_CSV).status_code == 403


def test_moments_are_shown_in_london_time(client, administrator):
    event(CustomerFactory(), administrator, at=london(2026, 7, 1, 9, 30))  # 08:30 UTC
    client.force_login(administrator)
    assert "1 Jul 2026<br>09:30:00" in client.get(LOG, {"kind": "event"}).content.decode()
