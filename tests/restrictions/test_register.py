"""The sanctions register (DESIGN.md §5; Natural England step 3 "publish, share and
report"): who is under restriction, what applies, since when, the next review."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contactpolicy.csvfiles import csv_safe
from contactpolicy.models import Export
from contactpolicy.roles import Role
from contactpolicy.selectors import profile_get_active
from restrictions.models import RestrictionCase, Scope
from tests.factories import UserFactory
from tests.queries import count_queries
from tests.restrictions.factories import sanction_of
from tests.restrictions.restricted import (
    customer_named,
    decide,
    sanction,
    telephone_outside_today,
)

pytestmark = pytest.mark.django_db

URL = "/register/"
CSV_URL = "/register.csv"


@pytest.fixture
def people(btpa_active, caseworker, line_manager, chief_executive):
    return {"proposer": line_manager, "approvers": [chief_executive], "recorder": caseworker}


@pytest.fixture
def register(people, caseworker):
    """Three customers under restriction, one warned, one never restricted."""
    profile = profile_get_active()
    caller = customer_named("Gordon Pike", caseworker)
    sanction(caller, telephone_outside_today(), **people)
    writer = customer_named("Wendy Scrivener", caseworker)
    case = sanction(
        writer,
        sanction_of(profile, "one_method", channel="letter"),
        sanction_of(profile, "read_and_file"),
        **people,
    )
    # Its review date has passed with no review recorded.
    RestrictionCase.objects.filter(pk=case.pk).update(
        review_due=timezone.localdate() - timedelta(days=3)
    )
    partial = customer_named("Hill Farm Estates", caseworker, kind="site_owner")
    decide(
        partial,
        "disengage",
        scope=Scope.PARTIAL,
        scope_topics="The hedgerow removal dispute",
        **people,
    )
    warned = customer_named("Walter Warned", caseworker)
    decide(warned, "warn", extreme=False, review_in_days=None, **people)
    customer_named("Norah Normal", caseworker)
    return {"caller": caller, "writer": writer, "partial": partial, "warned": warned}


def names_in(page: str) -> list[str]:
    candidates = ["Gordon Pike", "Wendy Scrivener", "Hill Farm Estates", "Walter Warned"]
    candidates += ["Norah Normal"]
    return sorted(name for name in candidates if f">{name}</a>" in page)


def test_the_register_lists_every_customer_under_restriction(client, caseworker, register):
    client.force_login(caseworker)
    page = client.get(URL).content.decode()
    assert names_in(page) == ["Gordon Pike", "Hill Farm Estates", "Wendy Scrivener"]
    # Overdue reviews come first, and say so in words.
    assert page.index("Wendy Scrivener") < page.index("Gordon Pike")
    assert page.count("Review overdue") == 1
    # What applies, in staff's words; the scope of a partial disengagement.
    assert "Contact by letter only" in page
    assert "Telephone on" in page
    assert "Disengaged on some topics" in page
    assert "The hedgerow removal dispute" in page
    assert "Sanctions in place" in page
    assert "Disengaged" in page
    assert f'href="{register["caller"].get_absolute_url()}"' in page
    today = timezone.localdate()
    assert f"{today.day} {today:%b %Y}" in page  # since today
    assert "<strong>3</strong> customers under restriction" in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"stage": "disengaged"}, ["Hill Farm Estates"]),
        ({"stage": "sanctioned"}, ["Gordon Pike", "Wendy Scrivener"]),
        ({"kind": "read_and_file"}, ["Wendy Scrivener"]),
        ({"kind": "telephone_schedule"}, ["Gordon Pike"]),
        ({"overdue": "on"}, ["Wendy Scrivener"]),
        ({"q": "pike"}, ["Gordon Pike"]),
        ({"q": "hill farm"}, ["Hill Farm Estates"]),
        ({"q": "Walter"}, []),
        ({"stage": "sanctioned", "overdue": "on"}, ["Wendy Scrivener"]),
        ({"stage": "not-a-stage"}, ["Gordon Pike", "Hill Farm Estates", "Wendy Scrivener"]),
    ],
)
def test_filters(client, caseworker, register, params, expected):
    client.force_login(caseworker)
    page = client.get(URL, params).content.decode()
    assert names_in(page) == expected


def test_a_filter_by_reference_and_the_selected_filters_can_be_removed(
    client, caseworker, register
):
    client.force_login(caseworker)
    page = client.get(URL, {"q": register["writer"].reference, "overdue": "on"}).content.decode()
    assert names_in(page) == ["Wendy Scrivener"]
    assert "Selected filters" in page
    assert "Remove this filter" in page
    assert f'href="/register/?q={register["writer"].reference}"' in page  # removes "overdue"


def read_csv(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def count_csv_queries(client, url: str) -> int:
    """The queries of one download, the rows read as they are sent included."""
    with CaptureQueriesContext(connection) as queries:
        read_csv(client.get(url))
    return len(queries)


def test_the_csv_has_the_same_rows_with_the_same_filters(client, caseworker, register):
    client.force_login(caseworker)
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="sanctions-register-{today:%Y-%m-%d}.csv"'
    )
    rows = read_csv(response)
    assert rows[0] == [
        "Customer reference",
        "Customer",
        "Stage",
        "What applies",
        "Since",
        "Next review",
        "Review overdue",
        "Scope",
        "Restriction case",
    ]
    body = {row[1]: row for row in rows[1:]}
    assert sorted(body) == ["Gordon Pike", "Hill Farm Estates", "Wendy Scrivener"]
    wendy = body["Wendy Scrivener"]
    assert wendy[0] == register["writer"].reference
    assert wendy[2] == "Sanctions in place"
    assert "Contact by letter only" in wendy[3]
    assert wendy[4] == today.isoformat()
    assert wendy[5] == (today - timedelta(days=3)).isoformat()
    assert wendy[6] == "Yes"
    assert wendy[7] == "All contact"
    assert body["Hill Farm Estates"][7] == "The hedgerow removal dispute"

    filtered = read_csv(client.get(CSV_URL, {"stage": "disengaged"}))
    assert [row[1] for row in filtered[1:]] == ["Hill Farm Estates"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_the_csv_is_safe_from_formula_injection(client, caseworker, people, start):
    name = f'{start}HYPERLINK("http://evil.example","Click")'
    customer = customer_named(name, caseworker)
    sanction(customer, sanction_of(profile_get_active(), "read_and_file"), **people)
    client.force_login(caseworker)
    [_, row] = read_csv(client.get(CSV_URL))
    assert row[1] == "'" + name


def test_csv_safe_leaves_ordinary_text_alone():
    assert csv_safe("Gordon Pike") == "Gordon Pike"
    assert csv_safe("") == ""
    assert csv_safe(None) == ""
    assert csv_safe("\t=1+1") == "'\t=1+1"


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.LINE_MANAGER, Role.HEAD_OF_SERVICE, Role.CHIEF_EXECUTIVE]
)
def test_every_member_of_staff_sees_the_register(client, register, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(URL).status_code == 200
    assert client.get(CSV_URL).status_code == 200


def test_an_account_without_a_casework_role_is_refused(client, register, outsider, administrator):
    for user in (outsider, administrator):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.get(CSV_URL).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client, register):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_an_empty_register_says_so(client, caseworker, btpa_active):
    client.force_login(caseworker)
    page = client.get(URL).content.decode()
    assert "No customer has sanctions or disengagement in force." in page


def test_the_register_runs_a_fixed_number_of_queries(client, caseworker, people, register):
    # session, user, roles, the catalogue's sanction kinds (for the filter), then the
    # count, the page of cases with their customers, their scoped cases, the sanctions in
    # force and those sanctions' scoped cases.
    client.force_login(caseworker)
    small = count_queries(client, URL)
    small_csv = count_csv_queries(client, CSV_URL)
    profile = profile_get_active()
    for i in range(6):
        customer = customer_named(f"Extra Customer {i}", caseworker)
        sanction(
            customer,
            telephone_outside_today(),
            sanction_of(profile, "calls_recorded"),
            sanction_of(profile, "one_method", channel="letter"),
            **people,
        )
    assert count_queries(client, URL) == small
    assert count_queries(client, URL, {"kind": "calls_recorded", "q": "extra"}) == small
    assert count_csv_queries(client, CSV_URL) == small_csv
    assert small <= 11  # with the header's unread count and the session's second factor
    # The second factor's device too, and the export recorded then counted.
    assert small_csv <= 11


def test_the_csv_download_is_recorded_as_an_export(client, caseworker, register):
    """Natural England: "we should not hold customers on the disengaged list within the
    Customer Sanctions Log indefinitely without review"; issue 21: the register leaves as a
    file, "each export recorded with who, when and what"."""
    client.force_login(caseworker)
    read_csv(client.get(CSV_URL, {"stage": "disengaged"}))
    export = Export.objects.get()
    assert (export.user, export.kind, export.file_format) == (caseworker, "register", "csv")
    assert export.filters == {"stage": "disengaged"}
    assert export.rows == 1
