"""Issue 17: a link to set a password works once, for three days, and only while newest."""

import datetime

import pytest
from django.urls import reverse

from contactpolicy import accounts
from contactpolicy.accounts import LinkKind, user_password_link_send
from tests.contactpolicy.password_links import NEW_PASSWORD, links_sent_to, set_password_through
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def send_link(django_capture_on_commit_callbacks, administrator):
    """Send the person a new link as their administrator would; the link."""

    def send(person) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            user_password_link_send(user=person, actor=administrator, kind=LinkKind.NEW_LINK)
        return links_sent_to(person.email)[-1]

    return send


def later_by(monkeypatch, delta: datetime.timedelta) -> None:
    """Move the link checker's clock on by `delta`."""
    now = datetime.datetime.now() + delta
    monkeypatch.setattr(accounts.password_link_tokens, "_now", lambda: now)


def test_the_link_sets_the_password_and_sends_the_person_to_sign_in(client, caseworker, send_link):
    link = send_link(caseworker)

    response = set_password_through(client, link)

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    caseworker.refresh_from_db()
    assert caseworker.check_password(NEW_PASSWORD)
    page = client.get(response["Location"])
    assert "Your password has been set" in page.content.decode()
    latest = caseworker.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        caseworker,
        "Password set by its owner",
    )


def test_the_link_works_once(client, caseworker, send_link):
    link = send_link(caseworker)
    set_password_through(client, link)

    again = set_password_through(client, link, "Another quiet tractor 5528")

    assert again.status_code == 200
    assert "This link does not work" in again.content.decode()
    caseworker.refresh_from_db()
    assert caseworker.check_password(NEW_PASSWORD)


def test_the_form_cannot_be_posted_twice_from_the_same_session(client, caseworker, send_link):
    link = send_link(caseworker)
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.post(
        form_url,
        {
            "new_password1": "Another quiet tractor 5528",
            "new_password2": "Another quiet tractor 5528",
        },
    )

    assert "This link does not work" in again.content.decode()
    caseworker.refresh_from_db()
    assert caseworker.check_password(NEW_PASSWORD)


def test_the_link_works_for_three_days(client, caseworker, send_link, monkeypatch):
    link = send_link(caseworker)
    later_by(monkeypatch, datetime.timedelta(days=3) - datetime.timedelta(minutes=1))

    assert set_password_through(client, link).status_code == 302


def test_the_link_expires_after_three_days(client, caseworker, send_link, monkeypatch):
    link = send_link(caseworker)
    later_by(monkeypatch, datetime.timedelta(days=3, seconds=1))

    response = set_password_through(client, link)

    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()
    caseworker.refresh_from_db()
    assert caseworker.check_password(PASSWORD)


def test_a_newer_link_makes_an_older_one_useless(client, caseworker, send_link):
    older = send_link(caseworker)
    newer = send_link(caseworker)
    assert older != newer

    assert set_password_through(client, older).status_code == 200
    caseworker.refresh_from_db()
    assert caseworker.check_password(PASSWORD)

    assert set_password_through(client, newer).status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.check_password(NEW_PASSWORD)


def test_an_account_switched_off_cannot_use_its_link(client, caseworker, send_link):
    link = send_link(caseworker)
    caseworker.is_active = False
    caseworker.save()

    assert set_password_through(client, link).status_code == 200
    caseworker.refresh_from_db()
    assert caseworker.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("password", "again", "message"),
    [
        ("", "", "Enter a new password"),
        ("Quiet orange tractor 4417", "Quiet orange tractor 4418", "The passwords do not match"),
        ("12345678901", "12345678901", "Your password must not be only numbers"),
        ("short1", "short1", "Your password must be 8 characters or more"),
        ("password123", "password123", "Your password is too common"),
        ("casey@example.org", "casey@example.org", "Your password must not be like your"),
        ("x" * 129, "x" * 129, "New password must be 128 characters or fewer"),
    ],
)
def test_the_password_must_pass_the_rules(client, caseworker, send_link, password, again, message):
    form_url = client.get(send_link(caseworker))["Location"]

    response = client.post(form_url, {"new_password1": password, "new_password2": again})

    assert response.status_code == 200
    assert message in response.content.decode()
    caseworker.refresh_from_db()
    assert caseworker.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("uidb64", "token"),
    [("MQ", "set-password"), ("zzzz", "abc-def"), ("MTIzNDU2Nzg5MDEyMzQ1Njc4OTA", "x" * 300)],
)
def test_a_made_up_link_does_not_work(client, caseworker, uidb64, token):
    response = client.get(reverse("password_set", kwargs={"uidb64": uidb64, "token": token}))

    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()


def test_the_token_never_appears_in_the_address_of_the_form(client, caseworker, send_link):
    link = send_link(caseworker)
    token = link.rstrip("/").rsplit("/", 1)[1]

    form_url = client.get(link)["Location"]

    assert token not in form_url
