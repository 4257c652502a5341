"""Signing in with the organisation's identity provider, against a real OpenID Connect
provider (django-oidc-provider, tests/oidc_provider/) started for this module: the whole
redirect dance with a real HTTP client, the live service and the provider, nothing stubbed.

The provider knows `invited` and `invited-mfa` (whose ID token says `amr: ["pwd", "mfa"]`),
`stranger`, and `unverified` (whose address it does not confirm).
"""

import re
from urllib.parse import parse_qs, urlparse

import hypothesis
import pytest
import requests
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django.urls import reverse
from hypothesis import strategies as st

from contactpolicy.identity_provider import (
    IdentityProviderBackend,
    second_factor_asserted,
    verified_email,
)
from contactpolicy.models import ProviderSecondFactor
from contactpolicy.roles import Role
from tests.contactpolicy.second_factor_helpers import app_for, code_now
from tests.factories import PASSWORD, UserFactory
from tests.oidc_provider.running import NAME
from tests.test_fuzzed_input import JUNK

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NOTHING_LISTENS = "http://127.0.0.1:9"  # the discard port: refused at once


def sign_in_through_provider(service_url: str, username: str) -> requests.Response:
    """Press "Sign in with …" and sign in at the provider, following every redirect."""
    browser = requests.Session()
    sign_in_page = browser.get(f"{service_url}/sign-in/", timeout=10)
    assert f"Sign in with {NAME}" in sign_in_page.text
    login = browser.get(f"{service_url}/oidc/authenticate/", timeout=10)
    assert login.url.startswith("http://127.0.0.1:"), login.url  # the provider's page
    answer = browser.post(
        login.url,
        data={
            "csrfmiddlewaretoken": CSRF.search(login.text).group(1),
            "username": username,
            "password": "provider-password",
            "next": parse_qs(urlparse(login.url).query)["next"][0],
        },
        timeout=10,
    )
    answer.browser = browser
    return answer


@pytest.fixture
def head_of_service_with_app(transactional_db):
    """Invited as invited@… (the address in another case), needing the second factor."""
    person = UserFactory(
        username="hector", email="Invited@Example.gov.uk", roles=[Role.HEAD_OF_SERVICE]
    )
    app_for(person)
    return person


def test_the_provider_s_second_factor_lets_an_invited_person_straight_in(
    live_server, signed_up_to_provider
):
    person = UserFactory(
        username="chloe", email="invited-mfa@example.gov.uk", roles=[Role.CHIEF_EXECUTIVE]
    )
    app_for(person)

    answer = sign_in_through_provider(live_server.url, "invited-mfa")

    assert answer.status_code == 200
    assert answer.url == f"{live_server.url}{reverse('screens:dashboard')}"
    device = ProviderSecondFactor.objects.get(user=person)
    assert device.last_used_at is not None
    # Recorded as every sign-in is, the callback's path telling the method.
    assert AccessLog.objects.filter(username="chloe", path_info="/oidc/callback/").exists()


def test_without_the_provider_s_second_factor_the_service_asks_for_its_own(
    live_server, signed_up_to_provider, head_of_service_with_app
):
    answer = sign_in_through_provider(live_server.url, "invited")

    assert answer.url.startswith(f"{live_server.url}{reverse('second_factor_verify')}")
    assert "Enter the 6-digit code" in answer.text
    dashboard = answer.browser.get(f"{live_server.url}{reverse('screens:dashboard')}")
    assert dashboard.url.startswith(f"{live_server.url}{reverse('second_factor_verify')}")

    code_page = answer.browser.post(
        answer.url,
        data={
            "csrfmiddlewaretoken": CSRF.search(answer.text).group(1),
            "code": code_now(head_of_service_with_app.totpdevice_set.get()),
        },
        headers={"Referer": answer.url},
        timeout=10,
    )
    assert code_page.url == f"{live_server.url}{reverse('screens:dashboard')}"
    assert not ProviderSecondFactor.objects.exists()


@pytest.mark.parametrize(
    ("provider_user", "accounts", "sentence"),
    [
        ("stranger", [], "There is no account with the email address stranger@example.org"),
        (
            "invited",
            [{"email": "invited@example.gov.uk", "is_active": False}],
            "The account with the email address invited@example.gov.uk has been switched off",
        ),
        (
            "invited",
            [{"email": "invited@example.gov.uk"}, {"email": "INVITED@example.gov.uk"}],
            "More than one account has the email address invited@example.gov.uk",
        ),
        (
            "unverified",
            [{"email": "unverified@example.gov.uk"}],
            "did not confirm that unverified@example.gov.uk is your email address",
        ),
    ],
    ids=["unknown", "switched-off", "two-accounts", "unconfirmed"],
)
def test_a_person_without_one_invited_account_is_refused_saying_why(
    live_server, signed_up_to_provider, provider_user, accounts, sentence
):
    for number, account in enumerate(accounts):
        UserFactory(username=f"person{number}", roles=[Role.CASEWORKER], **account)

    answer = sign_in_through_provider(live_server.url, provider_user)

    assert answer.status_code == 403
    assert answer.url.startswith(f"{live_server.url}/oidc/callback/")
    assert f"You cannot sign in with {NAME}" in answer.text
    assert sentence in answer.text.replace("\n", " ")
    signed_out = answer.browser.get(f"{live_server.url}/", allow_redirects=False)
    assert signed_out.headers["Location"].startswith(reverse("login"))
    assert not AccessLog.objects.exists()
    # Not a guessed password: nothing counted against anyone.
    assert not AccessAttempt.objects.exists()


# -- Without the provider -----------------------------------------------------------------


@pytest.fixture
def configured(settings):
    """Configured for a provider whose every address refuses connections."""
    settings.OIDC_ENABLED = True
    settings.OIDC_PROVIDER_NAME = "Microsoft"
    settings.OIDC_RP_CLIENT_ID = "client"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_ISSUER = NOTHING_LISTENS
    for name in ("AUTHORIZATION", "TOKEN", "USER", "JWKS"):
        setattr(settings, f"OIDC_OP_{name}_ENDPOINT", f"{NOTHING_LISTENS}/{name.lower()}")
    return settings


@pytest.mark.django_db
def test_the_sign_in_page_offers_the_provider_only_when_one_is_configured(settings):
    page = Client().get(reverse("login"))
    assert "Sign in with Microsoft" not in page.text
    assert 'name="password"' in page.text

    settings.OIDC_ENABLED = True
    settings.OIDC_PROVIDER_NAME = "Microsoft"
    page = Client().get(f"{reverse('login')}?next=/reviews/")
    assert "Sign in with Microsoft" in page.text
    assert f"{reverse('oidc_authentication_init')}?next=/reviews/" in page.text
    assert 'name="password"' in page.text


@pytest.mark.django_db
def test_password_sign_in_switched_off_leaves_only_the_provider(configured, caseworker):
    configured.PASSWORD_SIGN_IN = False
    client = Client()
    page = client.get(reverse("login"))
    assert "Sign in with Microsoft" in page.text
    assert 'name="password"' not in page.text
    assert "Forgotten your password?" not in page.text
    refused = client.post(reverse("login"), {"username": "casey", "password": PASSWORD})
    assert refused.status_code == 405
    # Everywhere, the admin site's own sign-in included.
    request = RequestFactory().post("/admin/login/")
    assert authenticate(request, username="casey", password=PASSWORD) is None


@pytest.mark.django_db
def test_the_start_sends_the_browser_to_the_provider_with_pkce(configured):
    response = Client().get(f"{reverse('oidc_authentication_init')}?next=/reviews/")
    assert response.status_code == 302
    location = urlparse(response["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        f"{NOTHING_LISTENS}/authorization"
    )
    assert query["scope"] == ["openid email profile"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == ["http://testserver/oidc/callback/"]


@pytest.mark.django_db
def test_a_provider_that_does_not_answer_is_a_page_saying_so(configured):
    client = Client()
    start = client.get(reverse("oidc_authentication_init"))
    state = parse_qs(urlparse(start["Location"]).query)["state"][0]
    response = client.get(reverse("oidc_authentication_callback"), {"code": "x", "state": state})
    assert response.status_code == 502
    assert "The service could not reach Microsoft" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ({"code": "x", "state": "never-issued"}, "Your sign-in took too long"),
        ({}, "Your sign-in took too long"),
        ({"error": "access_denied", "state": "x"}, "Signing in with Microsoft was not completed"),
    ],
)
def test_a_callback_that_does_not_follow_a_start_is_a_page_not_an_error(
    configured, query, sentence
):
    response = Client().get(reverse("oidc_authentication_callback"), query)
    assert response.status_code == 400
    assert "Signing in with Microsoft did not work" in response.text
    assert sentence in response.text


@pytest.mark.django_db
def test_a_password_form_posted_with_a_code_never_reaches_the_provider(configured, caseworker):
    response = Client().post(
        f"{reverse('login')}?code=x&state=y", {"username": "casey", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.text


@pytest.mark.parametrize(
    ("claims", "asserted"),
    [
        ({"amr": ["pwd", "mfa"]}, True),
        ({"amr": ["pwd", "otp"]}, True),
        ({"amr": ["hwk", "user"]}, True),
        ({"amr": "mfa"}, True),
        ({"amr": ["pwd"]}, False),
        ({"amr": ["pwd", "kba"]}, False),
        ({"amr": [{"mfa": True}]}, False),
        ({}, False),
        ({"acr": "gold"}, True),
        ({"acr": "bronze"}, False),
        ({"acr": ["gold"]}, False),
    ],
)
def test_which_id_tokens_assert_a_second_factor(settings, claims, asserted):
    settings.OIDC_SECOND_FACTOR_ACR = ["gold"]
    assert second_factor_asserted(claims) is asserted


@pytest.mark.parametrize(
    ("claims", "email"),
    [
        ({"email": "a@example.org", "email_verified": True}, "a@example.org"),
        ({"email": " a@example.org ", "email_verified": "true"}, "a@example.org"),
        ({"email": "a@example.org", "xms_edov": True}, "a@example.org"),
        ({"email": "a@example.org"}, None),
        ({"email": "a@example.org", "email_verified": False}, None),
        ({"email": "a@example.org", "email_verified": "yes"}, None),
        ({"email_verified": True}, None),
        ({"email": ["a@example.org"], "email_verified": True}, None),
    ],
)
def test_only_an_address_the_provider_confirms_is_matched(claims, email):
    found = verified_email(claims)
    assert (found if isinstance(found, str) else None) == email


@pytest.mark.django_db
def test_switching_an_account_off_ends_its_provider_sessions(configured, caseworker):
    backend = IdentityProviderBackend()
    assert backend.get_user(caseworker.pk) == caseworker
    caseworker.is_active = False
    caseworker.save()
    assert backend.get_user(caseworker.pk) is None


@pytest.mark.django_db
def test_no_callback_address_is_a_server_error(configured):
    client = Client()
    client.get(reverse("oidc_authentication_init"))  # a state in the session, never matched

    @hypothesis.settings(
        max_examples=20,
        deadline=None,
        derandomize=True,
        suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
    )
    @hypothesis.given(query=st.dictionaries(st.sampled_from(["code", "state", "error"]), JUNK))
    def check(query):
        response = client.get(reverse("oidc_authentication_callback"), query)
        assert response.status_code == 400, (query, response.status_code)

    check()
