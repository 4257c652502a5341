"""Signing in to a mailbox by password and by OAuth2 (XOAUTH2) against a real Dovecot and a
token endpoint the tests serve; the administrator's page for mailboxes; the health page."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from cases.models import Contact
from contactpolicy.encryption import decrypt
from contactpolicy.health import health_checks
from contactpolicy.roles import Role
from mailboxes.fetch import mailbox_poll
from mailboxes.health import mailbox_checks
from mailboxes.models import Mailbox, SignIn
from mailboxes.signin import mailbox_secrets_set
from tests.factories import UserFactory
from tests.mailboxes.helpers import mailbox_on, message

pytestmark = pytest.mark.django_db

ARRIVED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def oauth2_mailbox(server, tokens, sign_in=SignIn.MICROSOFT) -> Mailbox:
    mailbox = Mailbox(
        name="Microsoft mailbox",
        address="help@council.example",
        host=server.host,
        port=server.port,
        use_tls=False,
        username=server.user,
        sign_in=sign_in,
        tenant="council.example",
        client_id=tokens.client_id,
        token_url=tokens.token_url,
    )
    mailbox_secrets_set(mailbox, client_secret=tokens.client_secret, secret=tokens.refresh_token)
    mailbox.save()
    return mailbox


def test_microsoft_client_credentials_sign_in_by_xoauth2(btpa_active, dovecot_oauth2, token_server):
    mailbox = oauth2_mailbox(dovecot_oauth2, token_server)
    dovecot_oauth2.append(message(), when=ARRIVED)
    asked = len(token_server.token_requests)

    result = mailbox_poll(mailbox.pk)

    assert (result.taken_in, result.error) == (1, "")
    [request] = token_server.token_requests[asked:]
    assert request["grant_type"] == "client_credentials"
    assert request["scope"] == "https://outlook.office365.com/.default"
    mailbox.refresh_from_db()
    assert mailbox.access_token_expires_at > timezone.now() + timedelta(minutes=50)
    assert decrypt(mailbox.access_token_encrypted) in token_server.issued


def test_a_token_is_kept_until_five_minutes_before_it_expires(
    btpa_active, dovecot_oauth2, token_server
):
    mailbox = oauth2_mailbox(dovecot_oauth2, token_server)
    mailbox_poll(mailbox.pk)
    asked = len(token_server.token_requests)
    Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=None)

    mailbox_poll(mailbox.pk)
    assert len(token_server.token_requests) == asked  # the kept token served

    Mailbox.objects.filter(pk=mailbox.pk).update(
        access_token_expires_at=timezone.now() + timedelta(minutes=4)
    )
    assert mailbox_poll(mailbox.pk).error == ""
    assert len(token_server.token_requests) == asked + 1


def test_google_refresh_token_sign_in(btpa_active, dovecot_oauth2, token_server):
    mailbox = oauth2_mailbox(dovecot_oauth2, token_server, sign_in=SignIn.GOOGLE)
    dovecot_oauth2.append(message(), when=ARRIVED)
    asked = len(token_server.token_requests)

    assert mailbox_poll(mailbox.pk).taken_in == 1

    [request] = token_server.token_requests[asked:]
    assert request["grant_type"] == "refresh_token"
    assert request["refresh_token"] == token_server.refresh_token
    assert request["scope"] == "https://mail.google.com/"


def test_a_refused_client_secret_is_the_mailboxs_error_and_loses_nothing(
    btpa_active, dovecot_oauth2, token_server
):
    mailbox = oauth2_mailbox(dovecot_oauth2, token_server)
    mailbox_secrets_set(mailbox, client_secret="wrong")
    mailbox.save()
    dovecot_oauth2.append(message(), when=ARRIVED)

    result = mailbox_poll(mailbox.pk)

    assert "refused the app's credentials (401: Bad client secret)" in result.error
    mailbox.refresh_from_db()
    assert mailbox.last_error == result.error and mailbox.last_success_at is None
    assert Contact.objects.count() == 0

    mailbox_secrets_set(mailbox, client_secret=token_server.client_secret)
    mailbox.save()
    assert mailbox_poll(mailbox.pk).taken_in == 1  # the next poll catches up


def test_a_wrong_password_is_reported_in_plain_words(btpa_active, dovecot):
    mailbox = mailbox_on(dovecot)
    mailbox_secrets_set(mailbox, secret="not the password")
    mailbox.save()

    result = mailbox_poll(mailbox.pk)

    assert result.error.startswith("The server refused the sign-in:")


def test_a_mailbox_failing_for_two_intervals_is_red_on_the_health_page(btpa_active, dovecot):
    mailbox = mailbox_on(dovecot)
    now = timezone.now()
    Mailbox.objects.filter(pk=mailbox.pk).update(
        last_success_at=now - timedelta(minutes=1), last_polled_at=now
    )
    [green] = mailbox_checks(now)
    assert green.ok and green.group == "Mailboxes"

    Mailbox.objects.filter(pk=mailbox.pk).update(
        last_success_at=now - timedelta(minutes=4),
        last_error="The server refused the sign-in: Authentication failed.",
        last_error_at=now,
    )
    [red] = mailbox_checks(now)
    assert not red.ok
    assert "Last error" in red.detail and "Authentication failed" in red.detail
    assert red in health_checks()


def test_the_administrator_connects_a_mailbox_and_its_secret_is_never_shown_again(
    client, btpa_active, dovecot
):
    admin = UserFactory(username="aled", roles=[Role.ADMINISTRATOR], is_staff=True)
    client.force_login(admin)
    form = {
        "name": "Customer services",
        "address": "help@council.example",
        "host": dovecot.host,
        "port": dovecot.port,
        "folder": "INBOX",
        "sign_in": "password",
        "username": dovecot.user,
        "secret": dovecot.password,
        "channel": "email",
        "poll_every_minutes": 1,
        "is_active": "on",
    }

    added = client.post("/admin/mailboxes/mailbox/add/", form)

    assert added.status_code == 302, added.content.decode()[:2000]
    mailbox = Mailbox.objects.get()
    assert dovecot.password not in mailbox.secret_encrypted
    assert decrypt(mailbox.secret_encrypted) == dovecot.password
    page = client.get(f"/admin/mailboxes/mailbox/{mailbox.pk}/change/").content.decode()
    assert "A secret is stored. Enter a new one to replace it." in page
    assert mailbox.secret_encrypted not in page
    checked = client.post(
        "/admin/mailboxes/mailbox/",
        {"action": "check_connection", "_selected_action": [mailbox.pk]},
        follow=True,
    )
    assert "Signed in. The folder “INBOX” holds 0 messages." in checked.content.decode()
    assert client.get(f"/admin/mailboxes/mailbox/{mailbox.pk}/delete/").status_code == 403


def test_a_password_mailbox_needs_its_password(client, btpa_active):
    admin = UserFactory(username="aled", roles=[Role.ADMINISTRATOR], is_staff=True)
    client.force_login(admin)

    page = client.post(
        "/admin/mailboxes/mailbox/add/",
        {
            "name": "x",
            "address": "x@council.example",
            "host": "imap.example",
            "port": 993,
            "folder": "INBOX",
            "sign_in": "password",
            "username": "x",
            "channel": "email",
            "poll_every_minutes": 1,
        },
    )

    assert page.status_code == 200
    assert "Enter the mailbox&#x27;s password" in page.content.decode()
    assert not Mailbox.objects.exists()


def test_the_health_checks_of_mailboxes_are_one_query_however_many(
    btpa_active, dovecot, django_assert_num_queries
):
    for n in range(3):
        mailbox_on(dovecot, name=f"Mailbox {n}", address=f"m{n}@council.example")

    with django_assert_num_queries(1):
        assert len(mailbox_checks()) == 3


def test_the_command_polls_a_named_mailbox_at_once(btpa_active, dovecot, capsys):
    from django.core.management import call_command

    mailbox = mailbox_on(dovecot)
    dovecot.append(message(), when=ARRIVED)
    Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=timezone.now())

    call_command("fetch_mail", mailbox="Customer services")

    assert "Customer services: 1 taken in, 0 already in" in capsys.readouterr().out
