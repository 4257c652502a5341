"""Signing in with the organisation's identity provider by OpenID Connect (ADR 0029).

mozilla-django-oidc does the protocol (the redirect, the code exchanged for tokens with
PKCE, the ID token's signature checked against the provider's keys, the nonce). The rules
are here:

- **Accounts are invited, never made here.** The person is matched by email address, in
  any case, to one account an administrator made; an unknown address, a switched-off
  account, or an address two accounts share is refused with the reason
  (`SignInRefusal`). Roles are the service's own: nothing the provider says changes them.
- **The address must be the provider's, confirmed.** `email_verified` true (the OpenID
  standard), or Microsoft Entra ID's `xms_edov` true (the address is in a domain the
  organisation's tenant has verified), and the token must come from the configured
  issuer (`OIDC_OP_ISSUER`, one tenant) for the configured client.
- **The second factor.** When the ID token says a second factor was used (an `amr` value
  in `OIDC_SECOND_FACTOR_AMR`, or an `acr` in `OIDC_SECOND_FACTOR_ACR`), the session
  is verified by the person's `ProviderSecondFactor` and the service does not ask for its
  own code; otherwise the service asks for it, as after a password.

A successful sign-in is recorded as every sign-in is, by django-axes's access log (its
path is the callback's, which tells it from a password) and a line in the log naming the
method; a refused one is a warning line with its reason.
"""

import logging
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from contactpolicy.models import ProviderSecondFactor, User

logger = logging.getLogger(__name__)

REFUSAL_ATTRIBUTE = "identity_provider_refusal"


class SignInRefusal(StrEnum):
    UNKNOWN_EMAIL = "unknown_email"
    SWITCHED_OFF = "switched_off"
    SHARED_EMAIL = "shared_email"
    NO_EMAIL = "no_email"
    UNVERIFIED_EMAIL = "unverified_email"
    NOT_COMPLETED = "not_completed"
    STARTED_ELSEWHERE = "started_elsewhere"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class SignInRefused:
    """Why a sign-in through the provider was refused, and the address it was for."""

    reason: SignInRefusal
    email: str = ""


def provider_name() -> str:
    return settings.OIDC_PROVIDER_NAME


def refusal_sentences(refused: SignInRefused) -> list[str]:
    """What the refused person reads: what happened, then what to do about it."""
    email, provider = refused.email, provider_name()
    sentences = {
        SignInRefusal.UNKNOWN_EMAIL: [
            f"There is no account with the email address {email} in this service.",
            "An administrator must invite you before you can sign in. Ask them to create "
            "your account with this email address.",
        ],
        SignInRefusal.SWITCHED_OFF: [
            f"The account with the email address {email} has been switched off.",
            "Ask your administrator if you need to use the service again.",
        ],
        SignInRefusal.SHARED_EMAIL: [
            f"More than one account has the email address {email}, so the service cannot "
            "tell which one is yours.",
            "Ask your administrator to give each account its own email address.",
        ],
        SignInRefusal.NO_EMAIL: [
            f"Signing in with {provider} did not tell the service your email address.",
            "Ask your IT team to let this service read your email address.",
        ],
        SignInRefusal.UNVERIFIED_EMAIL: [
            f"Signing in with {provider} did not confirm that {email} is your email "
            "address, so the service cannot match it to an account.",
            "Ask your IT team to check how this service is set up with them.",
        ],
        SignInRefusal.NOT_COMPLETED: [
            f"Signing in with {provider} was not completed.",
            "Try again. If it keeps happening, ask your IT team.",
        ],
        SignInRefusal.STARTED_ELSEWHERE: [
            "Your sign-in took too long, was started in another window, or could not be checked.",
            "Start again from the sign-in page.",
        ],
        SignInRefusal.UNREACHABLE: [
            f"The service could not reach {provider}.",
            "Try again in a few minutes. If it keeps happening, tell your IT team.",
        ],
    }
    return sentences[refused.reason]


def verified_email(claims: dict) -> SignInRefused | str:
    """The person's email address from the provider's claims, if the provider vouches
    for it: `email_verified` true, or Entra ID's `xms_edov` (domain owner verified)."""
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip():
        return SignInRefused(SignInRefusal.NO_EMAIL)
    email = email.strip()[:254]
    if _true(claims.get("email_verified")) or _true(claims.get("xms_edov")):
        return email
    return SignInRefused(SignInRefusal.UNVERIFIED_EMAIL, email)


def _true(value) -> bool:
    # Some providers send booleans as strings ("true"), which the standard does not allow
    # but Entra ID and others have done.
    return value is True or (isinstance(value, str) and value.lower() == "true")


def account_for(email: str) -> SignInRefused | User:
    """The one account an administrator made with `email` (in any case), or why not."""
    accounts = list(User.objects.filter(email__iexact=email)[:2])
    if not accounts:
        return SignInRefused(SignInRefusal.UNKNOWN_EMAIL, email)
    if len(accounts) > 1:
        return SignInRefused(SignInRefusal.SHARED_EMAIL, email)
    if not accounts[0].is_active:
        return SignInRefused(SignInRefusal.SWITCHED_OFF, email)
    return accounts[0]


def second_factor_asserted(id_token: dict) -> bool:
    """Whether the signed ID token says the person gave the provider a second factor:
    an authentication method (`amr`, RFC 8176) in OIDC_SECOND_FACTOR_AMR, or an
    authentication context (`acr`) in OIDC_SECOND_FACTOR_ACR."""
    methods = id_token.get("amr")
    if isinstance(methods, str):
        methods = [methods]
    if isinstance(methods, list) and set(settings.OIDC_SECOND_FACTOR_AMR) & {
        m for m in methods if isinstance(m, str)
    }:
        return True
    acr = id_token.get("acr")
    return isinstance(acr, str) and acr in settings.OIDC_SECOND_FACTOR_ACR


def provider_second_factor(user: User) -> ProviderSecondFactor:
    """The person's device standing for the provider's second factor, used now."""
    device, _ = ProviderSecondFactor.objects.get_or_create(
        user=user, defaults={"name": "Second factor given to the identity provider"}
    )
    device.set_last_used_timestamp(commit=False)
    device.save(update_fields=["last_used_at"])
    return device


def not_a_password_attempt(request, credentials) -> bool:
    """django-axes's whitelist: the provider's callback is not a password attempt."""
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name == "oidc_authentication_callback"


class PasswordBackend(ModelBackend):
    """Django's username and password, unless PASSWORD_SIGN_IN is off (everywhere,
    the admin site's sign-in included)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.PASSWORD_SIGN_IN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class IdentityProviderBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with the service's rules (see the module docstring).

    Answers only the callback's request (which passes the nonce), so a password form
    posted with `code` and `state` in its address never reaches the provider.
    """

    def __init__(self, *args, **kwargs):
        if settings.OIDC_ENABLED:
            super().__init__(*args, **kwargs)
        else:
            self.UserModel = User

    def authenticate(self, request, **kwargs):
        if not settings.OIDC_ENABLED or request is None or "nonce" not in kwargs:
            return None
        if "username" in kwargs or "password" in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        """The library checks the signature and the nonce; the issuer and the audience
        are checked here, so a token made for another client or tenant is refused."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("The ID token is from another issuer.")
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is for another client.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        """The invited account for the person, or None with the reason on the request.

        The user info endpoint's claims are read with the ID token's over them; whether a
        second factor was used is read from the signed ID token only.
        """
        userinfo = self.get_userinfo(access_token, id_token, payload)
        claims = {**(userinfo if isinstance(userinfo, dict) else {}), **payload}
        found = verified_email(claims)
        if isinstance(found, str):
            found = account_for(found)
        if isinstance(found, SignInRefused):
            setattr(self.request, REFUSAL_ATTRIBUTE, found)
            logger.warning(
                "Sign-in with the identity provider refused (%s) for %s",
                found.reason,
                found.email or "no address",
            )
            return None
        user = found
        asserted = second_factor_asserted(payload)
        if asserted:
            # django-otp verifies the session with this device when the person is signed
            # in (its user_logged_in handler reads `otp_device`).
            user.otp_device = provider_second_factor(user)
        logger.info(
            "%s signed in with the identity provider (%s)",
            user.username,
            "second factor given to the provider"
            if asserted
            else "no second factor asserted by the provider",
        )
        return user

    def get_user(self, user_id):
        # The library's would return a switched-off account, keeping its sessions alive.
        return ModelBackend.get_user(self, user_id)
