"""A new organisation is set up from a copy of a shipped profile, under its own name and
slug, by an administrator in the admin site or by command, carrying every rule and notice
template and no demo data."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import CommandError, call_command
from django.urls import reverse

from cases.models import Customer
from contactpolicy.models import PolicyProfile
from notices.letter import template_for
from notices.models import NoticeKind, NoticeTemplate
from notices.selectors import template_rows

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:contactpolicy_policyprofile_changelist"
RULES = (
    "office_hours",
    "service_standards",
    "no_reply_exceptions",
    "behaviour_categories",
    "sanction_types",
    "decision_rules",
    "checklist_items",
    "notice_templates",
)


@pytest.fixture
def tamworth_edited(tamworth):
    """Tamworth as shipped, with one notice template its administrator edited."""
    NoticeTemplate.objects.create(
        profile=tamworth,
        kind=NoticeKind.WARNING,
        language="en",
        subject="About your behaviour",
        body=template_for(tamworth, NoticeKind.WARNING, "en").body,
    )
    return tamworth


def rules(profile) -> dict:
    return {name: getattr(profile, name).count() for name in RULES}


def assert_a_copy_of(copy: PolicyProfile, source: PolicyProfile) -> None:
    assert rules(copy) == rules(source)
    assert rules(copy)["decision_rules"] > 0 and rules(copy)["notice_templates"] == 1
    assert copy.shipped_as == "tamworth"
    assert not copy.is_active
    assert copy.letterhead_missing()  # the new organisation's own, still to be filled in
    assert copy.appeal_decided_by_role == source.appeal_decided_by_role
    assert set(copy.sanction_types.values_list("code", flat=True)) == set(
        source.sanction_types.values_list("code", flat=True)
    )
    assert template_for(copy, NoticeKind.WARNING, "en").subject == "About your behaviour"
    assert all(row.shipped or row.edited for row in template_rows(copy) if row.language == "en")
    assert Customer.objects.count() == 0
    # The source is untouched.
    assert PolicyProfile.objects.get(slug="tamworth").name == "Tamworth Borough Council"


def test_the_command_copies_a_shipped_profile_for_a_new_council(tamworth_edited):
    call_command(
        "copy_profile",
        "tamworth",
        "lichfield",
        "--name",
        "Lichfield District Council",
        "--short-name",
        "Lichfield",
        verbosity=0,
    )

    copy = PolicyProfile.objects.get(slug="lichfield")
    assert (copy.name, copy.short_name) == ("Lichfield District Council", "Lichfield")
    assert_a_copy_of(copy, tamworth_edited)


def test_the_command_refuses_a_slug_in_use_and_copies_nothing(tamworth):
    with pytest.raises(CommandError, match="already uses that short identifier"):
        call_command("copy_profile", "tamworth", "tamworth", "--name", "X", "--short-name", "X")
    with pytest.raises(CommandError, match="no policy profile"):
        call_command("copy_profile", "nowhere", "new", "--name", "X", "--short-name", "X")
    assert PolicyProfile.objects.count() == 1


def action(profile, **fields) -> dict:
    return {"action": "copy_for_new_organisation", ACTION_CHECKBOX_NAME: [profile.pk], **fields}


def test_an_administrator_copies_a_profile_in_the_admin(client, administrator, tamworth_edited):
    client.force_login(administrator)

    asked = client.post(reverse(CHANGELIST), action(tamworth_edited))
    assert asked.status_code == 200
    assert "Copy Tamworth Borough Council for a new organisation" in asked.content.decode()

    refused = client.post(
        reverse(CHANGELIST),
        action(tamworth_edited, copy="yes", name="Lichfield", short_name="L", slug="tamworth"),
    )
    assert "A profile already uses that short identifier" in refused.content.decode()
    refused = client.post(
        reverse(CHANGELIST),
        action(tamworth_edited, copy="yes", name="", short_name="L", slug="Not A Slug!"),
    )
    assert "Enter the organisation" in refused.content.decode()
    assert "Use only lower-case letters" in refused.content.decode()
    assert PolicyProfile.objects.count() == 1

    done = client.post(
        reverse(CHANGELIST),
        action(
            tamworth_edited,
            copy="yes",
            name="Lichfield District Council",
            short_name="Lichfield",
            slug="lichfield",
        ),
    )

    copy = PolicyProfile.objects.get(slug="lichfield")
    assert done.status_code == 302
    assert done.url == reverse("admin:contactpolicy_policyprofile_change", args=[copy.pk])
    assert_a_copy_of(copy, tamworth_edited)
    assert copy.history.latest().history_user == administrator


def test_only_an_administrator_may_copy(client, caseworker, tamworth):
    client.force_login(caseworker)
    client.post(
        reverse(CHANGELIST),
        action(tamworth, copy="yes", name="Lichfield", short_name="L", slug="lichfield"),
    )
    assert not PolicyProfile.objects.filter(slug="lichfield").exists()
