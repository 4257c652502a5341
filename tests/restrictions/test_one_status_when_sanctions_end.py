"""After a time-limited sanction ends, the sanctions register, its CSV, the banner and the
banner's heading say the same thing (`restrictions.status.restriction_status`): the
sanctions ended on that day, nothing applies, and the restriction waits for its review.
Read on real dates: the exclusion's last day was yesterday."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from contactpolicy.roles import Role
from restrictions.expiry import sanctions_expire
from restrictions.models import Sanction, Stage
from restrictions.status import restriction_status, with_sanction_dates
from tests.factories import UserFactory
from tests.restrictions.factories import sanction_of
from tests.restrictions.restricted import customer_named, sanction

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(activate_profile):
    profile = activate_profile("tamworth")
    return {
        "profile": profile,
        "recorder": UserFactory(username="casey", roles=[Role.CASEWORKER]),
        "proposer": UserFactory(username="lena", roles=[Role.LINE_MANAGER]),
        "approvers": [UserFactory(username="hector", roles=[Role.HEAD_OF_SERVICE])],
    }


@pytest.fixture
def excluded(people):
    customer = customer_named("Gordon Pike", people["recorder"])
    case = sanction(
        customer,
        sanction_of(
            people["profile"],
            "building_exclusion",
            buildings="Marmion House",
            ends_on=timezone.localdate() + timedelta(days=30),
        ),
        proposer=people["proposer"],
        approvers=people["approvers"],
        recorder=people["recorder"],
    )
    return customer, case


def the_register(client) -> tuple[str, dict]:
    page = client.get("/register/").content.decode()
    page = page[page.index('<tbody class="govuk-table__body">') :]  # the rows, not the filter
    body = b"".join(client.get("/register.csv").streaming_content).decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(body)))
    return page, row


def the_banner(client, customer) -> str:
    """The customer page's banner (its timeline still records what was decided)."""
    page = client.get(customer.get_absolute_url()).content.decode()
    return page.split('id="sanction-banner"')[1].split(">Summary</h2>")[0]


def test_while_the_exclusion_applies_every_screen_says_sanctions_are_in_place(
    people, excluded, client
):
    customer, _ = excluded
    client.force_login(people["recorder"])

    page, row = the_register(client)
    customer_page = the_banner(client, customer)

    assert row["Stage"] == "Sanctions in place"
    assert row["What applies"].startswith("Excluded from Marmion House")
    assert "Sanctions in place" in page
    assert "This customer&#x27;s contact is restricted" in customer_page


@pytest.mark.parametrize("swept", [False, True], ids=["before the sweep", "after the sweep"])
def test_after_the_exclusion_ends_every_screen_says_it_ended(people, excluded, client, swept):
    customer, case = excluded
    last_day = timezone.localdate() - timedelta(days=1)
    Sanction.objects.filter(restriction_case=case).update(ends_on=last_day)
    if swept:
        assert sanctions_expire(now=timezone.now()) == 1
    ended = f"{last_day:%-d %B %Y}"
    client.force_login(people["recorder"])

    page, row = the_register(client)
    customer_page = the_banner(client, customer)

    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED  # only a decision moves the case
    said = f"Nothing: the sanctions ended on {ended}."
    assert row["Stage"] == f"Sanctions ended on {ended}"
    assert row["What applies"].startswith(said)
    assert f"Sanctions ended on {ended}" in page
    assert said in page
    assert "Sanctions in place" not in page
    assert f"This customer&#x27;s sanctions have ended on {ended}" in customer_page
    assert said in customer_page
    assert "contact is restricted" not in customer_page
    assert "Sanctions in place" not in customer_page


def test_a_review_of_ended_sanctions_says_so(excluded):
    _, case = excluded
    today = timezone.localdate()
    Sanction.objects.filter(restriction_case=case).update(ends_on=today - timedelta(days=2))
    case.state_before_review = Stage.SANCTIONED
    case.__class__.objects.filter(pk=case.pk).update(
        state=Stage.UNDER_REVIEW, state_before_review=Stage.SANCTIONED
    )
    case = with_sanction_dates(case.__class__.objects.filter(pk=case.pk), today).get()

    status = restriction_status(case, [], today)

    ended = f"{today - timedelta(days=2):%-d %B %Y}"
    assert status.label == f"Under review (sanctions ended on {ended})"
    assert status.heading == f"This customer's sanctions have ended on {ended} (under review)"
    assert not status.restricting


def the_lookup(client) -> str:
    """Log a contact's search as you type, as htmx asks for it."""
    return client.get(
        "/customers/", {"q": "Gordon", "choose": "contact"}, headers={"HX-Request": "true"}
    ).content.decode()


def test_the_lookup_reads_the_same_status(people, excluded, client):
    """Finding the customer on Log a contact tags them as the banner reads them: restricted
    while the exclusion applies, and not once it has ended."""
    _, case = excluded
    client.force_login(people["recorder"])
    assert ">Restricted</strong>" in the_lookup(client)

    Sanction.objects.filter(restriction_case=case).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )

    results = the_lookup(client)
    assert ">Restricted</strong>" not in results
    assert ">Not in force</strong>" in results
