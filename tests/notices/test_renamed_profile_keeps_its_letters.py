"""A profile's letters belong to the profile, not to its slug: an organisation that renames
the profile it set up from a shipped one (its name, its short identifier) can still issue
every notice."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from contactpolicy.models import PolicyProfile
from contactpolicy.roles import Role
from notices.letter import template_for
from notices.models import NoticeKind, NoticeTemplate
from notices.selectors import template_rows
from tests.restrictions.factories import person

pytestmark = pytest.mark.django_db


def rename(profile: PolicyProfile, slug: str, name: str) -> PolicyProfile:
    profile.slug = slug
    profile.name = name
    profile.save()
    return PolicyProfile.objects.get(pk=profile.pk)


def test_renaming_the_profile_leaves_every_notice_issuable(activate_profile, client):
    profile = activate_profile("tamworth")
    edited = NoticeTemplate.objects.create(
        profile=profile,
        kind=NoticeKind.WARNING,
        language="en",
        subject="A warning about your behaviour",
        body=template_for(profile, NoticeKind.WARNING, "en").body,
    )
    before = [(row.kind, row.shipped, row.edited) for row in template_rows(profile)]

    renamed = rename(profile, "lichfield-dc", "Lichfield District Council")

    assert [(row.kind, row.shipped, row.edited) for row in template_rows(renamed)] == before
    assert template_for(renamed, NoticeKind.WARNING, "en").pk == edited.pk
    assert template_for(renamed, NoticeKind.SANCTIONS_IMPOSED, "en") is not None
    client.force_login(person(Role.ADMINISTRATOR))
    page = client.get(reverse("notices:templates")).content.decode()
    assert "cannot be issued" not in page
    assert "As shipped" in page


def test_a_profile_written_from_scratch_has_no_shipped_letters(activate_profile):
    """The shipped wording follows where a profile came from, not a slug that matches."""
    profile = activate_profile("tamworth")
    profile.shipped_as = ""
    profile.save()

    assert template_for(profile, NoticeKind.SANCTIONS_IMPOSED, "en") is None


def test_the_migration_finds_where_a_renamed_profile_came_from(activate_profile):
    """A shipped profile renamed before the letters were keyed to it gets them back."""
    migration = importlib.import_module("contactpolicy.migrations.0022_profile_shipped_as")
    profile = activate_profile("tamworth")
    PolicyProfile.objects.filter(pk=profile.pk).update(shipped_as="")
    renamed = rename(PolicyProfile.objects.get(pk=profile.pk), "tbc", "Tamworth BC")
    untouched = activate_profile("btpa")
    PolicyProfile.objects.filter(pk=untouched.pk).update(shipped_as="")

    migration.keep_each_profiles_letters(apps, None)

    assert PolicyProfile.objects.get(pk=renamed.pk).shipped_as == "tamworth"
    assert PolicyProfile.objects.get(pk=untouched.pk).shipped_as == "btpa"
