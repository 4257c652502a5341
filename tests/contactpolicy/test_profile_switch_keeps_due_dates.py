"""Issue 8, defect 1: switching the active profile and back restores every due date.

A profile that sets no service standard (Tamworth) clears open contacts' clocks; activating
the first profile again must compute them afresh from what was received, not from the clocks
that survived.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.urls import reverse

from cases.models import Contact
from cases.services import (
    ContactDetails,
    contact_acknowledge,
    contact_log,
    contact_pause,
    contact_resume,
    contacts_recompute_preview,
)
from contactpolicy.models import PolicyProfile
from contactpolicy.selectors import profile_get
from contactpolicy.services import profile_activate
from tests.cases.factories import CustomerFactory, london
from tests.conftest import PROFILE_SLUGS

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:contactpolicy_policyprofile_changelist"


def due_dates() -> dict[str, tuple]:
    return {
        c.reference: (c.acknowledge_due_at, c.respond_due_at, c.next_due_at)
        for c in Contact.objects.all()
    }


@pytest.fixture
def open_contacts(caseworker):
    """Open contacts of several channels and kinds: one paused, one resumed, one acknowledged."""

    def log(**details):
        details.setdefault("summary", "A question")
        return contact_log(
            logged_by=caseworker, customer=CustomerFactory(), details=ContactDetails(**details)
        )

    log(channel="letter", received_at=london(2026, 12, 23, 10, 0))
    log(channel="email", received_at=london(2026, 11, 2, 9, 0))
    log(channel="telephone", received_at=london(2026, 11, 3, 14, 0))
    log(channel="social_media", received_at=london(2026, 11, 4, 11, 0))
    log(
        channel="email",
        kind="media",
        received_at=london(2026, 11, 5, 9, 30),
        requester_deadline=london(2026, 11, 5, 11, 0),
    )
    log(channel="letter", kind="foi", received_at=london(2026, 11, 6, 15, 0))
    log(channel="email", kind="sar", received_at=london(2026, 11, 9, 8, 0))
    acknowledged = log(channel="letter", received_at=london(2026, 11, 2, 9, 0))
    contact_acknowledge(contact=acknowledged, at=london(2026, 11, 3, 9, 0))
    # Only a running clock can be paused: under a profile without standards none runs.
    paused = log(channel="letter", received_at=london(2026, 11, 2, 9, 0))
    resumed = log(channel="email", received_at=london(2026, 11, 2, 9, 0))
    if paused.next_due_at is not None:
        contact_pause(contact=paused, reason="Waiting for their reference", at=london(2026, 11, 3))
        contact_pause(contact=resumed, reason="Waiting for a form", at=london(2026, 11, 3, 10, 0))
        contact_resume(contact=resumed, at=london(2026, 11, 9, 10, 0))


@pytest.mark.parametrize("home", PROFILE_SLUGS)
def test_a_round_trip_through_every_profile_restores_every_due_date(
    all_profiles, caseworker, home, django_capture_on_commit_callbacks, request
):
    with django_capture_on_commit_callbacks(execute=True):
        profile_activate(slug=home)
    request.getfixturevalue("open_contacts")
    before = due_dates()

    for slug in [s for s in PROFILE_SLUGS if s != home]:
        with django_capture_on_commit_callbacks(execute=True):
            profile_activate(slug=slug)
        with django_capture_on_commit_callbacks(execute=True):
            profile_activate(slug=home)
        assert due_dates() == before, f"{home} → {slug} → {home}"


def test_tamworth_and_back_restores_the_clocks_it_cleared(
    all_profiles, open_contacts_under_btpa, django_capture_on_commit_callbacks
):
    before = due_dates()
    assert Contact.objects.filter(paused_at__isnull=False).count() == 1
    assert Contact.objects.filter(paused_working_days=4).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        profile_activate(slug="tamworth")
    cleared = due_dates()
    assert any(dates != before[ref] for ref, dates in cleared.items())

    with django_capture_on_commit_callbacks(execute=True):
        profile_activate(slug="btpa")
    assert due_dates() == before


@pytest.fixture
def open_contacts_under_btpa(all_profiles, django_capture_on_commit_callbacks, request):
    with django_capture_on_commit_callbacks(execute=True):
        profile_activate(slug="btpa")
    request.getfixturevalue("open_contacts")


def test_the_preview_counts_what_activating_would_change_and_saves_nothing(
    open_contacts_under_btpa,
):
    before = due_dates()

    changed, changes = contacts_recompute_preview(profile=profile_get(slug="tamworth"))

    assert due_dates() == before
    # Tamworth sets no standard: every running clock is cleared but the statutory ones
    # (issue 20, item 23). Telephone and social media run none under BTPA; the acknowledged
    # letter keeps the due date it was judged against. The subject access request keeps its
    # month (9 Dec either way); the FOI request moves from BTPA's 20th working day (Fri 4 Dec,
    # 16:00) to the law's (Mon 7 Dec: St Andrew's Day, Mon 30 Nov, is a Scottish bank holiday).
    assert changed == 7
    assert [str(change) for change in changes] == [
        "2 email contacts will lose the acknowledgement due date",
        "3 email contacts will lose the response due date",
        "2 letter contacts will lose the acknowledgement due date",
        "3 letter contacts will lose the response due date",
        "1 letter contact will have the response due date moved",
    ]


def test_the_preview_of_the_active_profile_changes_nothing(open_contacts_under_btpa):
    assert contacts_recompute_preview(profile=profile_get(slug="btpa")) == (0, [])


def test_the_admin_asks_before_switching_and_says_what_changes(
    client, administrator, open_contacts_under_btpa
):
    client.force_login(administrator)
    tamworth = PolicyProfile.objects.get(slug="tamworth")
    before = due_dates()

    response = client.post(
        reverse(CHANGELIST), {"action": "make_active", ACTION_CHECKBOX_NAME: [tamworth.pk]}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Make Tamworth Borough Council the active profile?" in content
    assert "7 open contacts will change" in content
    assert "3 letter contacts will lose the response due date" in content
    assert PolicyProfile.objects.get(is_active=True).slug == "btpa"
    assert due_dates() == before


def test_the_admin_switches_once_confirmed(
    client, administrator, open_contacts_under_btpa, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    tamworth = PolicyProfile.objects.get(slug="tamworth")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(CHANGELIST),
            {"action": "make_active", ACTION_CHECKBOX_NAME: [tamworth.pk], "post": "yes"},
        )

    assert response.status_code == 302
    assert PolicyProfile.objects.get(is_active=True).slug == "tamworth"
    # Only the law's clocks run under a profile that sets none.
    dated = Contact.objects.filter(next_due_at__isnull=False)
    assert sorted(dated.values_list("kind", flat=True)) == ["foi", "sar"]


def test_the_command_prints_the_same_summary(open_contacts_under_btpa, capsys):
    call_command("activate_profile", "tamworth")

    out = capsys.readouterr().out
    assert "7 open contacts will change:" in out
    assert "2 letter contacts will lose the acknowledgement due date" in out
    assert "Active policy profile: Tamworth Borough Council (tamworth)" in out
