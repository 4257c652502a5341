"""Issue 17: "Forgotten your password?" on the sign-in page.

A person gets a link by email to set a new password, and the answer tells nobody whether
an address belongs to an account: the same page, status and redirect either way.
"""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from contactpolicy.accounts import LinkKind, user_password_link_send
from tests.contactpolicy.password_links import NEW_PASSWORD, links_sent_to, set_password_through
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


NONCE = re.compile(rb'nonce="[^"]*"')


def page_without_nonce(response) -> bytes:
    """The page as every visitor sees it: each response has a script nonce of its own."""
    return NONCE.sub(b"", response.content)


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """Ask for a reset link for `email` and follow the answer; (first, followed) responses."""

    def asking(email: str):
        with django_capture_on_commit_callbacks(execute=True):
            first = client.post(reverse("password_reset"), {"email": email})
        return first, client.get(first["Location"]) if first.status_code == 302 else None

    return asking


def test_the_sign_in_page_offers_a_reset(client):
    content = client.get(reverse("login")).content.decode()

    assert "Forgotten your password?" in content
    assert reverse("password_reset") in content


def test_a_person_resets_their_password_by_email_end_to_end(client, caseworker, ask):
    first, followed = ask(caseworker.email.upper())

    assert first.status_code == 302
    assert "Check your email" in followed.content.decode()
    [message] = mail.outbox
    assert message.to == [caseworker.email]
    assert message.subject == "Reset your password for Contact policy case management"
    assert caseworker.username in message.body
    [link] = links_sent_to(caseworker.email)
    assert link.startswith("http://localhost:8000/password/set/")  # SITE_URL's default

    assert set_password_through(client, link).status_code == 302

    caseworker.refresh_from_db()
    assert caseworker.check_password(NEW_PASSWORD)
    signed_in = client.post(
        reverse("login"), {"username": caseworker.username, "password": NEW_PASSWORD}
    )
    assert signed_in["Location"] == reverse("screens:dashboard")
    latest = caseworker.history.latest()
    assert latest.history_change_reason == "Password set by its owner"
    sent = caseworker.history.filter(
        history_change_reason="Password reset link sent at the person's request"
    ).get()
    assert sent.history_user is None


def test_the_answer_is_the_same_whether_or_not_the_address_is_known(caseworker, ask):
    known_first, known_page = ask(caseworker.email)
    unknown_first, unknown_page = ask("nobody-here@example.org")

    assert known_first.status_code == unknown_first.status_code == 302
    assert known_first["Location"] == unknown_first["Location"]
    assert known_page.status_code == unknown_page.status_code == 200
    assert page_without_nonce(known_page) == page_without_nonce(unknown_page)
    assert len(mail.outbox) == 1  # only the known address was sent anything


def test_an_account_switched_off_is_sent_nothing(caseworker, ask):
    caseworker.is_active = False
    caseworker.save()

    first, _ = ask(caseworker.email)

    assert first.status_code == 302
    assert not mail.outbox


def test_asking_again_within_minutes_sends_no_second_email(caseworker, ask):
    ask(caseworker.email)
    ask(caseworker.email)

    assert len(mail.outbox) == 1


@override_settings(SITE_URL="https://contact.example.org")
def test_the_link_starts_with_the_site_address_whatever_host_the_request_named(
    client, caseworker, django_capture_on_commit_callbacks
):
    """Issue 20, item 27: every email link starts with `SITE_URL`. A reset link built from
    the host a request named would send a person wherever the asker chose."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": caseworker.email}, HTTP_HOST="127.0.0.1")

    [link] = links_sent_to(caseworker.email)
    assert link.startswith("https://contact.example.org/password/set/")


def test_a_reset_link_is_spent_by_a_newer_link_from_the_administrator(
    client, caseworker, administrator, ask, django_capture_on_commit_callbacks
):
    ask(caseworker.email)
    [reset_link] = links_sent_to(caseworker.email)
    with django_capture_on_commit_callbacks(execute=True):
        user_password_link_send(
            user=caseworker,
            actor=administrator,
            kind=LinkKind.NEW_LINK,
        )

    assert set_password_through(client, reset_link).status_code == 200
    caseworker.refresh_from_db()
    assert caseworker.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address"),
        ("not an address", "Enter an email address in the correct format"),
        ("a" * 250 + "@example.org", "Email address must be 254 characters or fewer"),
        ("casey\x00@example.org", "must only include letters, numbers, spaces and punctuation"),
    ],
)
def test_the_address_is_checked_with_a_govuk_message(client, email, message):
    response = client.post(reverse("password_reset"), {"email": email})

    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "govuk-error-summary" in content
    assert not mail.outbox
