"""Issue 17, fix 7: failures for one username are limited across addresses too.

Five wrong passwords for a username from one address lock that pair; twenty from any mix of
addresses lock the username everywhere, so many addresses do not buy unlimited guesses.
Either lock ends after the cool-off, so an attacker cannot lock a real user out for good.
"""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

REAL_USER = "198.51.100.7"


def attacker(n: int) -> str:
    return f"203.0.113.{n + 1}"


def sign_in(client, password: str, address: str, username: str = "casey"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail_from_many_addresses(client, times: int) -> list[int]:
    return [sign_in(client, "wrong", attacker(n)).status_code for n in range(times)]


def test_the_limits_are_five_per_address_and_twenty_per_username():
    assert (settings.AXES_FAILURE_LIMIT, settings.SIGN_IN_FAILURES_PER_USERNAME) == (5, 20)


def test_twenty_failures_from_as_many_addresses_lock_the_username(client, caseworker):
    # The twentieth wrong password is the one that locks.
    assert fail_from_many_addresses(client, 20) == [200] * 19 + [429]

    assert sign_in(client, PASSWORD, attacker(99)).status_code == 429
    locked = sign_in(client, PASSWORD, REAL_USER)
    assert locked.status_code == 429
    assert "You cannot sign in with this username for 1 hour" in locked.content.decode()


def test_fewer_than_twenty_across_addresses_do_not(client, caseworker):
    assert fail_from_many_addresses(client, 19) == [200] * 19

    response = sign_in(client, PASSWORD, REAL_USER)
    assert response.status_code == 302
    assert response["Location"] == reverse("screens:dashboard")


def test_five_from_one_address_still_lock_only_that_address(client, caseworker):
    for _ in range(5):
        sign_in(client, "wrong", attacker(0))

    assert sign_in(client, PASSWORD, attacker(0)).status_code == 429
    assert sign_in(client, PASSWORD, REAL_USER).status_code == 302


def test_another_username_is_not_locked(client, caseworker, line_manager):
    fail_from_many_addresses(client, 20)

    assert sign_in(client, PASSWORD, REAL_USER, username="lena").status_code == 302


def test_the_username_lock_ends_after_the_cool_off(client, caseworker):
    fail_from_many_addresses(client, 20)
    assert sign_in(client, PASSWORD, REAL_USER).status_code == 429

    cool_off = timedelta(hours=settings.AXES_COOLOFF_TIME)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= cool_off + timedelta(minutes=1)
        attempt.save(update_fields=["attempt_time"])

    assert sign_in(client, PASSWORD, REAL_USER).status_code == 302


def test_attempts_while_locked_do_not_extend_the_lock(client, caseworker):
    fail_from_many_addresses(client, 20)
    last = AccessAttempt.objects.latest("attempt_time").attempt_time

    for n in range(20, 25):
        assert sign_in(client, "wrong", attacker(n)).status_code == 429

    assert AccessAttempt.objects.latest("attempt_time").attempt_time == last


def test_an_administrator_can_end_the_lock_at_once(client, caseworker):
    fail_from_many_addresses(client, 20)

    call_command("axes_reset_username", "casey", stdout=StringIO())

    assert sign_in(client, PASSWORD, REAL_USER).status_code == 302


def test_setting_a_new_password_by_email_ends_the_lock(
    client, caseworker, django_capture_on_commit_callbacks
):
    """An attacker who locks a username does not keep its owner out: the owner asks for a
    link by email, sets a password, and signs in at once."""
    from contactpolicy.accounts import LinkKind, user_password_link_send
    from tests.contactpolicy.password_links import (
        NEW_PASSWORD,
        links_sent_to,
        set_password_through,
    )

    fail_from_many_addresses(client, 20)
    assert sign_in(client, PASSWORD, REAL_USER).status_code == 429
    with django_capture_on_commit_callbacks(execute=True):
        user_password_link_send(user=caseworker, actor=None, kind=LinkKind.RESET)

    with django_capture_on_commit_callbacks(execute=True):
        set_password_through(client, links_sent_to(caseworker.email)[-1])

    assert not AccessAttempt.objects.filter(username="casey").exists()
    assert sign_in(client, NEW_PASSWORD, REAL_USER).status_code == 302
