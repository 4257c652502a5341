"""The report's page, the records behind a figure and the CSV: who reads which, what
they show, and what they cost (issue 21, items 1, 3 and 6)."""

import csv
import io

import pytest
from django.urls import reverse

from contactpolicy.models import Export
from contactpolicy.roles import Role
from screens.reports.forms import period_named
from screens.reports.model import Figure, Report, Scope, Section
from screens.reports.views import FEWER_THAN_FIVE, report_csv_rows
from tests.cases.factories import london
from tests.factories import UserFactory
from tests.queries import count_queries
from tests.screens.reports_data import build_quarter, contact

pytestmark = pytest.mark.django_db

REPORT = reverse("screens:report")
CSV = reverse("screens:report_csv")
Q3 = {"period": "2026-Q3"}


def records(key: str) -> str:
    return reverse("screens:report_records", kwargs={"key": key})


@pytest.fixture
def quarter(btpa_active):
    return build_quarter(btpa_active)


@pytest.mark.parametrize("role", ["caseworker", "administrator", "outsider"])
def test_caseworkers_and_administrators_read_no_report(client, request, btpa_active, role):
    client.force_login(request.getfixturevalue(role))
    for url in (REPORT, CSV, records("contacts.total")):
        assert client.get(url, Q3).status_code == 403


def test_a_head_of_service_reads_the_whole_organisation_or_a_service(
    client, head_of_service, quarter
):
    client.force_login(head_of_service)
    page = client.get(REPORT, Q3)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Quarter 3 of 2026" in text
    assert "The whole organisation" in text
    service = client.get(REPORT, {**Q3, "service": quarter.housing.pk})
    assert service.status_code == 200
    assert service.context["report"].scope.label == "Housing"


def test_the_chief_executive_reads_any_team(client, chief_executive, quarter):
    client.force_login(chief_executive)
    page = client.get(REPORT, {**Q3, "team": quarter.lead.pk})
    assert page.status_code == 200
    assert page.context["report"].scope.team_lead_id == quarter.lead.pk


def test_a_line_manager_reads_only_their_own_team(client, quarter):
    client.force_login(quarter.lead)
    page = client.get(REPORT, Q3)
    assert page.status_code == 200
    assert page.context["report"].scope.label == "Tess Lead's team"
    totals = {f.key: f.value for f in page.context["report"].figures()}
    assert totals["contacts.total"] == 3
    # Asking for another scope is not offered, and does not widen what they see.
    other = client.get(REPORT, {**Q3, "service": quarter.housing.pk, "team": quarter.other.pk})
    assert other.context["report"].scope.team_lead_id == quarter.lead.pk
    listed = client.get(records("contacts.total"), Q3)
    assert listed.context["page"].paginator.count == 3


def test_the_default_is_the_last_complete_quarter(client, head_of_service, btpa_active):
    client.force_login(head_of_service)
    page = client.get(REPORT)
    report = page.context["report"]
    assert report.period.end < report.period.start.replace(year=report.period.start.year + 1)
    assert report.period.code.count("-Q") == 1
    assert page.context["form"]["named_period"].value() == report.period.code


@pytest.mark.parametrize(
    "params, error",
    [
        ({"period": "2026-Q9"}, "Choose a quarter from the list"),
        ({"period": "x" * 5000}, "Choose a quarter from the list"),
        ({"from_0": "31", "from_1": "2", "from_2": "2026"}, "must be a real date"),
        (
            {"from_0": "1", "from_1": "10", "from_2": "2026"},
            "Enter both dates, or choose a period instead",
        ),
        (
            {
                **{"from_0": "1", "from_1": "10", "from_2": "2026"},
                **{"to_0": "1", "to_1": "9", "to_2": "2026"},
            },
            "The end date must be the same as or after the start date",
        ),
        ({"service": "abc"}, "Choose a service from the list"),
        ({"team": "99999999999999999999"}, "Choose a team from the list"),
    ],
)
def test_bad_parameters_are_errors_on_the_form(client, head_of_service, btpa_active, params, error):
    client.force_login(head_of_service)
    for url in (REPORT, CSV, records("contacts.total")):
        response = client.get(url, params)
        assert response.status_code == 400
        assert "There is a problem" in response.content.decode()
        assert error in response.content.decode()


def test_a_range_of_dates_is_a_period(client, head_of_service, quarter):
    client.force_login(head_of_service)
    dates = {
        "from_0": "1",
        "from_1": "9",
        "from_2": "2026",
        "to_0": "30",
        "to_1": "9",
        "to_2": "2026",
    }
    page = client.get(REPORT, dates)
    report = page.context["report"]
    assert report.period.label == "1 September to 30 September 2026"
    assert {f.key: f.value for f in report.figures()}["contacts.total"] == 2
    # Links to the records carry the same dates.
    assert "from_0=1&amp;from_1=9&amp;from_2=2026" in page.content.decode()


def test_an_unknown_figure_has_no_records_page(client, head_of_service, btpa_active):
    client.force_login(head_of_service)
    assert client.get(records("contacts.nothing"), Q3).status_code == 404


def test_the_records_page_lists_what_was_counted_and_nothing_sensitive(
    client, head_of_service, quarter
):
    client.force_login(head_of_service)
    page = client.get(records("contacts.channel.letter.in"), Q3)
    assert page.status_code == 200
    text = page.content.decode()
    assert page.context["page"].paginator.count == 2
    assert "30 Sep 2026, 23:59" in text
    assert "Private details" not in text


def test_the_page_marks_small_figures_and_links_to_records(client, head_of_service, quarter):
    client.force_login(head_of_service)
    text = client.get(REPORT, Q3).content.decode()
    assert "Small number" in text
    assert records("contacts.total") + "?period=2026-Q3" in text
    assert 'class="govuk-table__header govuk-table__header--numeric"' in text
    assert "{% block chart %}" not in text


def test_a_profile_with_no_standards_says_so(client, head_of_service, activate_profile):
    activate_profile("tamworth")
    client.force_login(head_of_service)
    assert "No standard set" in client.get(REPORT, Q3).content.decode()


def test_the_csv_of_a_past_quarter_is_the_same_bytes_each_time(client, head_of_service, quarter):
    client.force_login(head_of_service)
    first = client.get(CSV, Q3)
    second = client.get(CSV, Q3)
    assert first.status_code == 200
    assert first["Content-Disposition"] == 'attachment; filename="report-2026-Q3.csv"'
    assert first.content == second.content
    rows = list(csv.reader(io.StringIO(first.content.decode())))
    assert rows[0] == ["Section", "Table", "Row", "Column", "Key", "Label", "Value", "Unit"]
    by_key = {row[4]: row for row in rows[1:]}
    assert by_key["contacts.total"][6] == "5"
    assert by_key["contacts.in"][6] == "4"
    assert by_key["contacts.channel.email.in"][1:4] == ["Contacts by channel", "Email", "Incoming"]
    assert by_key["standards.respond.share"][6:] == ["50.0", "per cent"]
    assert Export.objects.filter(kind="report", user=head_of_service).count() == 2


def test_the_csv_for_elected_members_leaves_out_small_figures(
    client, head_of_service, activate_profile
):
    """Tamworth §4: the Head of Customer Services will “provide analysis, information and
    performance information to managers, Corporate Management Team and elected members”."""
    tamworth = activate_profile("tamworth")
    assert tamworth.report_csv_suppresses_small_figures
    officer = UserFactory(username="ivy", roles=[Role.CASEWORKER])
    for _ in range(3):
        contact(officer, None, received=london(2026, 8, 3, 9, 0))
    client.force_login(head_of_service)
    rows = list(csv.reader(io.StringIO(client.get(CSV, Q3).content.decode())))
    by_key = {row[4]: row[6] for row in rows[1:]}
    assert by_key["contacts.total"] == FEWER_THAN_FIVE
    assert by_key["contacts.out"] == "0"


def test_csv_cells_cannot_run_as_formulas():
    report = Report(
        "=Organisation",
        period_named("2026-Q3"),
        Scope("The whole organisation"),
        (Section("s", "Incidents", figures=(Figure("x", "=HYPERLINK(1)", 7),)),),
    )
    rows = report_csv_rows(report, suppress_small=False)
    assert rows[1][5] == "'=HYPERLINK(1)"


def test_the_report_runs_the_same_queries_however_many_records(
    client, head_of_service, btpa_active, django_assert_max_num_queries
):
    client.force_login(head_of_service)
    build_quarter(btpa_active)
    few = count_queries(client, REPORT, Q3)
    few_records = count_queries(client, records("breaches.kind.one_method"), Q3)
    few_csv = len_csv_queries(client)
    for _ in range(2):
        build_quarter(btpa_active)
    assert count_queries(client, REPORT, Q3) == few
    assert count_queries(client, records("breaches.kind.one_method"), Q3) == few_records
    assert len_csv_queries(client) == few_csv
    # The profile, the services and staff offered, one aggregate per kind of record, the
    # response times, the session and the user.
    with django_assert_max_num_queries(22):
        client.get(REPORT, Q3)


def len_csv_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(CSV, Q3).status_code == 200
    return len(queries)
