"""An open contact with no clock is still open: it is on its officer's worklist, and counted.

Issue 20, item 13: "Under Tamworth and OPCC (no service standard for general
correspondence) the caseworker's dashboard shows "0 open / No open contacts" while they have
many unanswered letters: an open contact with no clock is still open and must be on the
worklist." Neither policy sets a time to answer a letter, so nothing is ever due; but an
unanswered letter is still work waiting.
"""

import re

import pytest

from cases.models import Contact
from cases.services import ContactDetails, contact_log, contact_respond
from contactpolicy.roles import Role
from tests.cases.factories import CustomerFactory, london
from tests.factories import UserFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def letter(officer, day: int = 2, **details) -> Contact:
    details.setdefault("channel", "letter")
    return contact_log(
        logged_by=officer,
        customer=CustomerFactory(),
        details=ContactDetails(
            received_at=london(2026, 11, day, 9, 0), summary="A letter about bins", **details
        ),
    )


def open_count(page: str, section: str = "mine") -> int:
    found = re.search(rf'id="{section}">.*?(\d+) open</span>', page, re.DOTALL)
    assert found, f"no {section} section"
    return int(found.group(1))


@pytest.mark.parametrize("slug", ["tamworth", "opcc"])
def test_unanswered_letters_without_a_clock_are_on_the_worklist(
    client, activate_profile, caseworker, slug
):
    activate_profile(slug)
    waiting = [letter(caseworker, day) for day in (2, 3, 4)]
    answered = letter(caseworker, 5)
    contact_respond(contact=answered)
    client.force_login(caseworker)

    page = client.get("/").content.decode()

    assert open_count(page) == 3
    assert "No open contacts" not in page
    for contact in waiting:
        assert contact.next_due_at is None
        assert contact.reference in page
    assert answered.reference not in page
    assert "No due date" in page
    # Every row offers "Answered", which takes it off the list.
    assert page.count(">Answered<span") == 3


def test_answering_takes_an_undated_contact_off_the_worklist(client, activate_profile, caseworker):
    activate_profile("tamworth")
    contact = letter(caseworker)
    client.force_login(caseworker)

    response = client.post(f"/contacts/{contact.reference}/answer/", {"next": "/"})

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.responded_at is not None and not contact.is_open
    assert open_count(client.get("/").content.decode()) == 0


def test_the_no_due_date_filter_shows_only_undated_contacts(
    client, btpa_active, activate_profile, caseworker
):
    dated = letter(caseworker)  # BTPA: ten working days to acknowledge a letter
    activate_profile("tamworth")
    undated = letter(caseworker)
    client.force_login(caseworker)

    page = client.get("/?state=not_tracked").content.decode()
    assert undated.reference in page and dated.reference not in page
    page = client.get("/").content.decode()
    # Dated first (soonest due), undated after.
    assert page.index(dated.reference) < page.index(undated.reference)


def test_contacts_that_need_no_reply_stay_off_the_worklist(client, activate_profile, caseworker):
    activate_profile("tamworth")
    copied = letter(caseworker, copied_for_information=True)
    sent = letter(caseworker, direction="out")
    client.force_login(caseworker)

    page = client.get("/").content.decode()

    assert copied.reference not in page and sent.reference not in page
    assert open_count(page) == 0


def test_a_call_btpa_answers_as_it_happens_is_not_left_open(client, btpa_active, caseworker):
    """BTPA §5: "we aim to answer phone calls within six rings": its standard runs no clock,
    and no reply is owed afterwards, unlike a letter under a policy that sets none."""
    call = letter(caseworker, channel="telephone")
    client.force_login(caseworker)

    assert not call.is_open
    assert call.reference not in client.get("/").content.decode()


def test_the_contact_page_of_an_undated_open_contact_offers_mark_as_answered(
    client, activate_profile, caseworker
):
    activate_profile("tamworth")
    contact = letter(caseworker)
    client.force_login(caseworker)

    page = client.get(contact.get_absolute_url()).content.decode()

    assert "No due date: it awaits a reply" in page
    assert "Mark as answered" in page
    assert "Pause the clock" not in page  # there is no clock to pause


def test_the_worklist_query_count_does_not_grow_with_undated_contacts(
    client, activate_profile, caseworker
):
    activate_profile("tamworth")
    manager = UserFactory(username="mia", roles=[Role.LINE_MANAGER])
    caseworker.line_manager = manager
    caseworker.save()
    letter(caseworker)
    client.force_login(manager)
    few = count_queries(client, "/")
    for day in range(2, 30):
        letter(caseworker, day % 28 + 1)
    many = count_queries(client, "/")
    assert few == many
    assert open_count(client.get("/").content.decode(), "team") == 29


def test_recomputing_keeps_an_undated_contact_open_and_a_profile_with_a_standard_dates_it(
    activate_profile, caseworker
):
    """Activating a profile that sets a standard gives the waiting letter its due dates;
    going back to one that sets none leaves it open, undated."""
    from cases.services import contacts_recompute_due

    activate_profile("tamworth")
    contact = letter(caseworker)
    activate_profile("btpa")
    contacts_recompute_due()
    contact.refresh_from_db()
    assert contact.next_due_at is not None and contact.is_open
    activate_profile("tamworth")
    contacts_recompute_due()
    contact.refresh_from_db()
    assert contact.next_due_at is None and contact.is_open
