"""Choosing the active profile: the service, the database constraint and the command."""

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from contactpolicy.models import PolicyProfile
from contactpolicy.services import profile_activate

pytestmark = pytest.mark.django_db


def active_slugs() -> list[str]:
    return list(PolicyProfile.objects.filter(is_active=True).values_list("slug", flat=True))


def test_activating_a_profile_makes_it_the_only_active_one(all_profiles):
    profile = profile_activate(slug="btpa")

    assert profile.slug == "btpa"
    assert profile.is_active is True
    assert active_slugs() == ["btpa"]


def test_switching_profiles_leaves_exactly_one_active(all_profiles):
    profile_activate(slug="btpa")
    profile_activate(slug="natural-england")

    assert active_slugs() == ["natural-england"]


def test_activating_the_active_profile_changes_nothing(all_profiles):
    profile_activate(slug="ipcc")
    history = PolicyProfile.history.count()

    profile_activate(slug="ipcc")

    assert active_slugs() == ["ipcc"]
    assert PolicyProfile.history.count() == history


def test_activation_is_recorded_in_history_with_the_actor(all_profiles, administrator):
    profile_activate(slug="btpa")
    profile_activate(slug="opcc", actor=administrator)

    btpa_last = PolicyProfile.history.filter(slug="btpa").latest("history_date")
    opcc_last = PolicyProfile.history.filter(slug="opcc").latest("history_date")
    assert (btpa_last.is_active, btpa_last.history_user) == (False, administrator)
    assert (opcc_last.is_active, opcc_last.history_user) == (True, administrator)


def test_an_unknown_slug_lists_the_available_ones(all_profiles):
    with pytest.raises(PolicyProfile.DoesNotExist) as error:
        profile_activate(slug="westminster")

    assert str(error.value) == (
        "There is no policy profile 'westminster'. "
        "Available: btpa, ipcc, natural-england, opcc, tamworth."
    )
    assert active_slugs() == []


def test_the_database_refuses_two_active_profiles(all_profiles):
    profile_activate(slug="btpa")

    with transaction.atomic(), pytest.raises(IntegrityError):
        PolicyProfile.objects.filter(slug="opcc").update(is_active=True)

    assert active_slugs() == ["btpa"]


def test_any_number_of_inactive_profiles_is_fine(all_profiles):
    assert PolicyProfile.objects.filter(is_active=False).count() == 5


# -- manage.py activate_profile --------------------------------------------------------------


def test_command_activates_and_says_so(all_profiles, capsys):
    call_command("activate_profile", "btpa")

    assert capsys.readouterr().out.strip() == (
        "Active policy profile: British Transport Police Authority (btpa)"
    )
    assert active_slugs() == ["btpa"]


def test_command_lists_profiles_marking_the_active_one(all_profiles, capsys):
    profile_activate(slug="tamworth")

    call_command("activate_profile", "--list")

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    assert lines[0].split() == ["btpa", "British", "Transport", "Police", "Authority"]
    assert lines[4].startswith("* tamworth")
    assert lines[4].endswith("Tamworth Borough Council  (active)")
    assert sum(line.startswith("*") for line in lines) == 1


def test_command_without_a_slug_lists_and_says_none_is_active(all_profiles, capsys):
    call_command("activate_profile")

    out = capsys.readouterr().out
    assert "natural-england  Natural England" in out
    assert "No profile is active. Run: manage.py activate_profile <slug>" in out
    assert active_slugs() == []


def test_command_with_nothing_loaded_says_how_to_load(db, capsys):
    call_command("activate_profile", "--list")

    assert "No policy profiles are loaded" in capsys.readouterr().out


def test_command_with_an_unknown_slug_names_the_available_ones(all_profiles):
    with pytest.raises(CommandError, match=r"Available: btpa, ipcc, natural-england, opcc"):
        call_command("activate_profile", "btp")

    assert active_slugs() == []
