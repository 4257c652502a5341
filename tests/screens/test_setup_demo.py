"""`setup_demo` is for a laptop: never on a live service, and it never undoes a change."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from contactpolicy.demo import DEMO_PASSWORD
from contactpolicy.models import User

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_it_refuses_when_debug_is_off():
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("setup_demo", stdout=io.StringIO())
    assert not User.objects.exists()


@override_settings(DEBUG=True)
def test_running_it_again_keeps_changed_passwords_and_roles():
    call_command("setup_demo", stdout=io.StringIO())
    chief = User.objects.get(username="chief")
    assert chief.check_password(DEMO_PASSWORD)
    chief.set_password("a-new-and-private-passphrase")
    chief.save()
    chief.groups.clear()

    out = io.StringIO()
    call_command("setup_demo", stdout=out)
    chief.refresh_from_db()
    assert chief.check_password("a-new-and-private-passphrase")
    assert not chief.groups.exists()
    assert "already there: left as it was" in out.getvalue()
