"""The logs the policies name (issue 21, DESIGN.md §11): each filtered by real dates, a
page at a time in a fixed number of queries, and downloaded as a streamed, safe CSV that is
recorded as an export."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db.models.query import QuerySet
from django.http import StreamingHttpResponse

from cases.models import Contact, Direction, Incident, SensitiveNote
from cases.models.references import next_reference
from contactpolicy.models import BehaviourCategory, Export, PolicyProfile, Service
from contactpolicy.roles import Role
from screens.logs import csv as log_csv
from screens.logs.filters import LogFilters
from tests.cases.factories import ContactFactory, CustomerFactory, london
from tests.factories import UserFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

MAIL, MAIL_CSV = "/logs/mail/", "/logs/mail.csv"
CALLS, CALLS_CSV = "/logs/terminated-calls/", "/logs/terminated-calls.csv"
HATE, HATE_CSV = "/logs/hate-incidents/", "/logs/hate-incidents.csv"
EXPORTS = "/exports/"

# The fourth quarter of 2026, as a date range.
QUARTER = {
    "from-day": "1",
    "from-month": "10",
    "from-year": "2026",
    "to-day": "31",
    "to-month": "12",
    "to-year": "2026",
}


def read_csv(response) -> tuple[bytes, list[list[str]]]:
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    return body, list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def references(page: str, candidates) -> set[str]:
    return {reference for reference in candidates if reference in page}


@pytest.fixture
def officer(db):
    return UserFactory(username="otto", first_name="Otto", last_name="Finch")


@pytest.fixture
def edges(officer):
    """Contacts either side of the quarter's edges, in London time."""
    made = {}
    for name, moment in {
        "before": london(2026, 9, 30, 23, 59),
        "first": london(2026, 10, 1, 0, 0),
        "last": london(2026, 12, 31, 23, 59),
        "after": london(2027, 1, 1, 0, 0),
    }.items():
        made[name] = ContactFactory(received_at=moment, officer=officer).reference
    return made


def test_the_mail_log_holds_every_contact_of_the_range_to_its_last_minute(
    client, head_of_service, edges
):
    """BTPA §5.2: "All incoming and outgoing mail to the above address is logged." A contact
    at 23:59 on the last day is in the range; one at 00:00 the day after is not."""
    client.force_login(head_of_service)
    page = client.get(MAIL, QUARTER).content.decode()
    assert references(page, edges.values()) == {edges["first"], edges["last"]}
    assert "<strong>2</strong> entries, 1 October 2026 to 31 December 2026" in page


def test_the_range_is_of_london_days_in_summer_time_too(client, head_of_service, officer):
    late = ContactFactory(received_at=london(2026, 6, 30, 23, 59), officer=officer)
    next_day = ContactFactory(received_at=london(2026, 7, 1, 0, 0), officer=officer)
    client.force_login(head_of_service)
    june = {"from-day": "1", "from-month": "6", "from-year": "2026"}
    june |= {"to-day": "30", "to-month": "6", "to-year": "2026"}
    page = client.get(MAIL, june).content.decode()
    assert references(page, [late.reference, next_day.reference]) == {late.reference}


def test_either_end_of_the_range_may_be_left_open(client, head_of_service, edges):
    client.force_login(head_of_service)
    since = client.get(MAIL, {"from-day": "1", "from-month": "1", "from-year": "2027"})
    assert references(since.content.decode(), edges.values()) == {edges["after"]}
    until = client.get(MAIL, {"to-day": "30", "to-month": "9", "to-year": "2026"})
    assert references(until.content.decode(), edges.values()) == {edges["before"]}
    assert references(client.get(MAIL).content.decode(), edges.values()) == set(edges.values())


def test_replies_out_are_logged_on_the_day_they_were_sent(client, head_of_service, officer):
    """BTPA §5.2: "All incoming and outgoing mail to the above address is logged." A letter
    received before the quarter and answered in it is logged as a reply sent in it."""
    letter = ContactFactory(
        channel="letter",
        received_at=london(2026, 9, 28, 10, 0),
        responded_at=london(2026, 10, 2, 15, 30),
        officer=officer,
    )
    sent = ContactFactory(
        channel="email",
        direction=Direction.OUTGOING,
        received_at=london(2026, 11, 5, 9, 0),
        officer=officer,
    )
    client.force_login(head_of_service)

    page = client.get(MAIL, QUARTER).content.decode()
    assert "Reply sent" in page and letter.reference in page and sent.reference in page
    assert "2 Oct 2026 15:30" in page

    incoming = client.get(MAIL, {**QUARTER, "direction": "in"}).content.decode()
    assert references(incoming, [letter.reference, sent.reference]) == set()
    outgoing = client.get(MAIL, {**QUARTER, "direction": "out"}).content.decode()
    assert references(outgoing, [letter.reference, sent.reference]) == {
        letter.reference,
        sent.reference,
    }
    september = {"from-day": "28", "from-month": "9", "from-year": "2026"}
    september |= {"to-day": "28", "to-month": "9", "to-year": "2026", "direction": "in"}
    assert letter.reference in client.get(MAIL, september).content.decode()


def test_media_enquiries_can_be_listed_alone(client, head_of_service, officer):
    """BTPA §7.1: "Contact by journalists and researchers from print or broadcast media
    outlets should be directed to the Stakeholder Engagement and Communications Manager, who
    will handle the enquiry. All enquiries are logged." """
    moment = london(2026, 10, 14, 11, 0)
    media = ContactFactory(kind="media", channel="telephone", received_at=moment)
    general = ContactFactory(kind="general", channel="telephone", received_at=moment)
    emailed = ContactFactory(kind="media", channel="email", received_at=moment)
    client.force_login(head_of_service)
    found = [media.reference, general.reference, emailed.reference]

    only_media = client.get(MAIL, {**QUARTER, "kind": "media"}).content.decode()
    assert references(only_media, found) == {media.reference, emailed.reference}
    by_phone = client.get(MAIL, {**QUARTER, "kind": "media", "channel": "telephone"})
    assert references(by_phone.content.decode(), found) == {media.reference}
    assert "Media enquiries only" in only_media


def test_the_terminated_calls_log_gives_the_reason_who_and_when(client, head_of_service, officer):
    """IPCC §6: "Staff are accountable for their actions and are required to log all
    instances where calls have been terminated, noting the reason for ending the call." """
    ended = ContactFactory(
        channel="telephone",
        received_at=london(2026, 12, 31, 23, 59),
        ended_by_staff=True,
        ended_reason="Abusive language after two warnings",
        duration_minutes=7,
        officer=officer,
    )
    finished = ContactFactory(channel="telephone", received_at=london(2026, 11, 2, 9, 0))
    next_year = ContactFactory(
        channel="telephone",
        received_at=london(2027, 1, 1, 0, 0),
        ended_by_staff=True,
        ended_reason="Shouting",
    )
    client.force_login(head_of_service)
    page = client.get(CALLS, QUARTER).content.decode()
    found = [ended.reference, finished.reference, next_year.reference]
    assert references(page, found) == {ended.reference}
    assert "Abusive language after two warnings" in page
    assert "Otto Finch" in page and "31 Dec 2026 23:59" in page and "7 minutes" in page

    _, rows = read_csv(client.get(CALLS_CSV, QUARTER))
    assert rows == [
        list(log_csv.CALL_HEADERS),
        [
            "2026-12-31 23:59",
            ended.reference,
            ended.customer.reference,
            ended.customer.name,
            "",
            "Otto Finch",
            "7",
            "Abusive language after two warnings",
        ],
    ]


@pytest.fixture
def hate_setup(db):
    profile = PolicyProfile.objects.create(slug="test", name="Test policy", short_name="Test")
    category = BehaviourCategory.objects.create(
        profile=profile, code="discriminatory", name="Discriminatory behaviour"
    )
    return {
        "category": category,
        "housing": Service.objects.create(name="Housing"),
        "planning": Service.objects.create(name="Planning"),
    }


def hate_incident(category, *, at, service=None, hate=True, recorded_by=None, **kwargs):
    return Incident.objects.create(
        reference=next_reference("INC", at.year),
        customer=kwargs.pop("customer", None) or CustomerFactory(),
        category=category,
        occurred_at=at,
        channel="telephone",
        description="Racist abuse of the officer",
        hate_incident=hate,
        service=service,
        recorded_by=recorded_by,
        **kwargs,
    )


def test_hate_and_inequality_incidents_are_listed_with_service_and_police_report(
    client, head_of_service, officer, hate_setup
):
    """Tamworth §4: "ensure that incidents of hate and inequality are recorded and reported
    via the appropriate mechanisms"."""
    category, housing = hate_setup["category"], hate_setup["housing"]
    reported = hate_incident(
        category,
        at=london(2026, 12, 31, 23, 59),
        service=housing,
        recorded_by=officer,
        reported_to="police",
        reported_at=london(2027, 1, 2, 9, 0),
        report_reference="CAD 4411",
    )
    planning = hate_incident(category, at=london(2026, 10, 1, 0, 0), service=hate_setup["planning"])
    not_hate = hate_incident(category, at=london(2026, 11, 1, 12, 0), hate=False)
    after = hate_incident(category, at=london(2027, 1, 1, 0, 0), service=housing)
    client.force_login(head_of_service)
    found = [r.reference for r in (reported, planning, not_hate, after)]

    page = client.get(HATE, QUARTER).content.decode()
    assert references(page, found) == {reported.reference, planning.reference}
    assert "Discriminatory behaviour" in page and "CAD 4411" in page and "Reported" in page

    housing_only = client.get(HATE, {**QUARTER, "service": str(housing.pk)}).content.decode()
    assert references(housing_only, found) == {reported.reference}

    _, rows = read_csv(client.get(HATE_CSV, {**QUARTER, "service": str(housing.pk)}))
    assert rows[0] == list(log_csv.INCIDENT_HEADERS)
    assert rows[1:] == [
        [
            "2026-12-31 23:59",
            reported.reference,
            reported.customer.reference,
            reported.customer.name,
            "Discriminatory behaviour",
            "Housing",
            "Telephone",
            "Medium",
            "",
            "Police",
            "2027-01-02 09:00",
            "CAD 4411",
            "Reported",
            "Otto Finch",
        ]
    ]


def test_the_mail_log_csv_is_safe_starts_with_a_bom_and_is_the_same_twice(
    client, head_of_service, officer
):
    customer = CustomerFactory(name='=HYPERLINK("http://evil.example","Click")')
    contact = ContactFactory(
        customer=customer,
        channel="email",
        kind="media",
        received_at=london(2026, 10, 5, 8, 15),
        responded_at=london(2026, 10, 6, 16, 0),
        officer=officer,
        sender="@journalist",
    )
    client.force_login(head_of_service)

    first, rows = read_csv(client.get(MAIL_CSV, QUARTER))
    second, _ = read_csv(client.get(MAIL_CSV, QUARTER))
    assert first.startswith("\ufeff".encode())
    assert first == second
    assert rows == [
        list(log_csv.MAIL_HEADERS),
        [
            "2026-10-06 16:00",
            "Reply sent",
            "Email",
            "Media enquiry",
            contact.reference,
            customer.reference,
            "'" + customer.name,
            "'@journalist",
            "Otto Finch",
        ],
        [
            "2026-10-05 08:15",
            "Received",
            "Email",
            "Media enquiry",
            contact.reference,
            customer.reference,
            "'" + customer.name,
            "'@journalist",
            "Otto Finch",
        ],
    ]


def test_a_download_is_recorded_with_who_what_filters_and_rows(client, head_of_service, edges):
    """Issue 21: "each export recorded with who, when and what"."""
    client.force_login(head_of_service)
    response = client.get(MAIL_CSV, {**QUARTER, "kind": "general"})
    export = Export.objects.get()
    assert export.rows is None  # recorded before the first byte, counted after the last
    read_csv(response)
    export.refresh_from_db()
    assert (export.user, export.kind, export.file_format, export.rows) == (
        head_of_service,
        "mail_log",
        "csv",
        2,
    )
    assert export.filters == {"start": "2026-10-01", "end": "2026-12-31", "kind": "general"}
    assert export.description == (
        "Mail and media log, 1 October 2026 to 31 December 2026, Kind: General enquiry, "
        "the whole organisation"
    )


def test_the_csv_streams_the_rows_a_chunk_at_a_time(client, head_of_service, monkeypatch):
    """The rows are iterated from the database, never loaded whole into memory."""
    for day in range(1, 6):
        ContactFactory(received_at=london(2026, 10, day, 9, 0))
    chunks = []
    real_iterator = QuerySet.iterator

    def iterator(self, chunk_size=None):
        if self.model is Contact:
            chunks.append(chunk_size)
        return real_iterator(self, chunk_size=chunk_size)

    def fetch_all(self):
        if self.model is Contact:
            raise AssertionError("the contacts were loaded whole")
        return real_fetch_all(self)

    real_fetch_all = QuerySet._fetch_all
    monkeypatch.setattr(QuerySet, "iterator", iterator)
    monkeypatch.setattr(QuerySet, "_fetch_all", fetch_all)
    client.force_login(head_of_service)
    response = client.get(MAIL_CSV, QUARTER)
    assert isinstance(response, StreamingHttpResponse)
    _, rows = read_csv(response)
    assert len(rows) == 6
    assert chunks == [log_csv.CHUNK]


def test_the_lines_of_a_log_can_be_read_without_a_request(edges):
    """The benchmark reads a log's lines straight from its filters."""
    lines = list(
        log_csv.mail_log_lines(LogFilters(start=date(2026, 10, 1), end=date(2026, 12, 31)))
    )
    assert lines[0].startswith("\ufeffDate and time,Entry,")
    assert len(lines) == 3


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"from-day": "31", "from-month": "2", "from-year": "2026"},
            "The start date must be a real date",
        ),
        (
            {"from-day": "x", "from-month": "1", "from-year": "2026"},
            "The start date must be a real date",
        ),
        ({"to-day": "1", "to-year": "2026"}, "The end date must include a month"),
        (
            {"from-year": "9" * 40, "from-day": "1", "from-month": "1"},
            "The start date must be a real date",
        ),
        (
            {**QUARTER, "from-year": "2027"},
            "The end date must be the same as or after the start date",
        ),
        ({"channel": "pigeon"}, "Select"),
        ({"direction": "sideways"}, "Select"),
    ],
)
def test_bad_filters_are_form_errors_and_bad_downloads_are_refused(
    client, head_of_service, params, message
):
    client.force_login(head_of_service)
    response = client.get(MAIL, params)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert "Correct the filters to see the log." in page
    assert client.get(MAIL_CSV, params).status_code == 400
    assert not Export.objects.exists()


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999999999999", "2.5"])
def test_any_page_number_gives_a_page(client, head_of_service, edges, page):
    client.force_login(head_of_service)
    assert client.get(MAIL, {"page": page}).status_code == 200
    assert client.get(HATE, {"page": page}).status_code == 200


def test_a_line_manager_reads_their_teams_records_and_their_own(client, officer, hate_setup):
    lead = UserFactory(username="lina", roles=[Role.LINE_MANAGER])
    member = UserFactory(username="mo", line_manager=lead)
    below_member = UserFactory(username="meg", line_manager=member)
    officer.line_manager = UserFactory(username="other_lead", roles=[Role.LINE_MANAGER])
    officer.save()
    moment = london(2026, 10, 10, 10, 0)
    own = ContactFactory(received_at=moment, officer=lead)
    team = ContactFactory(received_at=moment, officer=member)
    deeper = ContactFactory(received_at=moment, officer=below_member)
    other = ContactFactory(received_at=moment, officer=officer)
    category = hate_setup["category"]
    team_incident = hate_incident(category, at=moment, recorded_by=member)
    other_incident = hate_incident(category, at=moment, recorded_by=officer)
    client.force_login(lead)

    page = client.get(MAIL, QUARTER).content.decode()
    found = [own.reference, team.reference, deeper.reference, other.reference]
    assert references(page, found) == {own.reference, team.reference, deeper.reference}
    assert "your team (everyone below you) and your own" in page
    _, rows = read_csv(client.get(MAIL_CSV, QUARTER))
    assert {row[4] for row in rows[1:]} == {own.reference, team.reference, deeper.reference}
    hate = client.get(HATE, QUARTER).content.decode()
    found = [team_incident.reference, other_incident.reference]
    assert references(hate, found) == {team_incident.reference}


@pytest.mark.parametrize("role", [Role.HEAD_OF_SERVICE, Role.CHIEF_EXECUTIVE])
def test_heads_of_service_and_above_read_the_whole_organisation(client, edges, role):
    client.force_login(UserFactory(roles=[role]))
    page = client.get(MAIL).content.decode()
    assert references(page, edges.values()) == set(edges.values())
    assert "the whole organisation" in page


def test_a_caseworker_reads_no_log(client, caseworker, edges):
    client.force_login(caseworker)
    for url in (MAIL, MAIL_CSV, CALLS, CALLS_CSV, HATE, HATE_CSV, EXPORTS):
        assert client.get(url).status_code == 403
    assert not Export.objects.exists()


def test_sensitive_notes_never_appear_in_a_log(client, head_of_service, hate_setup):
    customer = CustomerFactory(name="Nora Vale")
    SensitiveNote.objects.create(customer=customer, text="Recently bereaved; anxious on calls")
    moment = london(2026, 11, 11, 11, 0)
    ContactFactory(customer=customer, received_at=moment)
    ContactFactory(
        customer=customer,
        channel="telephone",
        received_at=moment,
        ended_by_staff=True,
        ended_reason="Threats",
    )
    hate_incident(hate_setup["category"], at=moment, customer=customer)
    client.force_login(head_of_service)
    for url, download in ((MAIL, MAIL_CSV), (CALLS, CALLS_CSV), (HATE, HATE_CSV)):
        page = client.get(url, QUARTER).content.decode()
        body, _ = read_csv(client.get(download, QUARTER))
        assert "Nora Vale" in page and "Nora Vale" in body.decode()
        assert "bereaved" not in page and "bereaved" not in body.decode()


def test_each_log_page_runs_a_fixed_number_of_queries(
    client, head_of_service, hate_setup, django_assert_max_num_queries
):
    def add(count: int, start: int):
        for i in range(start, start + count):
            person = UserFactory(username=f"officer{i}")
            moment = london(2026, 10, 1, 9, 0) + timedelta(hours=i)
            ContactFactory(received_at=moment, officer=person, responded_at=moment)
            ContactFactory(
                channel="telephone",
                received_at=moment,
                officer=person,
                ended_by_staff=True,
                ended_reason="Abuse",
            )
            hate_incident(
                hate_setup["category"],
                at=moment,
                recorded_by=person,
                service=hate_setup["housing"],
            )

    client.force_login(head_of_service)
    add(2, 0)
    small = {url: count_queries(client, url, QUARTER) for url in (MAIL, CALLS, HATE)}
    add(60, 2)  # more than a page of each
    for url in (MAIL, CALLS, HATE):
        assert count_queries(client, url, QUARTER) == small[url]
        assert count_queries(client, url, {**QUARTER, "page": "2"}) == small[url]
        with django_assert_max_num_queries(14):
            client.get(url, QUARTER)


def test_the_exports_page_lists_who_took_what_and_filters(
    client, head_of_service, line_manager, edges, django_assert_max_num_queries
):
    client.force_login(line_manager)
    read_csv(client.get(MAIL_CSV, QUARTER))
    read_csv(client.get(CALLS_CSV))
    client.force_login(head_of_service)
    read_csv(client.get(MAIL_CSV))

    page = client.get(EXPORTS).content.decode()
    assert "<strong>3</strong> exports" in page
    assert "Mail and media log, 1 October 2026 to 31 December 2026, your team" in page
    assert "Terminated calls log, all dates" in page

    mine = client.get(EXPORTS, {"person": str(head_of_service.pk)}).content.decode()
    assert "<strong>1</strong> export" in mine
    calls = client.get(EXPORTS, {"kind": "terminated_calls_log"}).content.decode()
    assert "<strong>1</strong> export" in calls and "Terminated calls log, all dates" in calls
    bad = client.get(EXPORTS, {"person": "nobody", "kind": "<script>"})
    assert bad.status_code == 200 and "There is a problem" in bad.content.decode()

    small = count_queries(client, EXPORTS)
    for _ in range(55):
        Export.objects.create(
            user=UserFactory(), kind="register", description="Sanctions register", file_format="csv"
        )
    assert count_queries(client, EXPORTS) == small
    assert count_queries(client, EXPORTS, {"page": "2", "kind": "register"}) == small
    with django_assert_max_num_queries(12):
        client.get(EXPORTS)
