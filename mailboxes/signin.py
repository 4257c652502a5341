"""Signing in to a mailbox's IMAP server: a password, or an OAuth2 access token (SASL
XOAUTH2) that Microsoft 365 and Google require, fetched and renewed before it expires."""

import json
import ssl
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from imapclient import IMAPClient

from contactpolicy.encryption import decrypt, encrypt
from mailboxes.models import Mailbox, SignIn

MICROSOFT_TOKEN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"  # noqa: S105
MICROSOFT_SCOPE = "https://outlook.office365.com/.default"
GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token"  # noqa: S105
GOOGLE_SCOPE = "https://mail.google.com/"
# A token is renewed this long before it expires, so a poll never signs in with a stale one.
RENEW_EARLY = timedelta(minutes=5)
TIMEOUT = 20


class SignInError(Exception):
    """Why the service could not sign in, in words an administrator can act on."""


def mailbox_secrets_set(mailbox: Mailbox, *, secret: str = "", client_secret: str = "") -> None:
    """Store a new password or refresh token, or client secret, encrypted (each left as it
    is when not given); a kept access token is forgotten."""
    if secret:
        mailbox.secret_encrypted = encrypt(secret)
    if client_secret:
        mailbox.client_secret_encrypted = encrypt(client_secret)
    mailbox.access_token_encrypted = ""
    mailbox.access_token_expires_at = None


def token_endpoint(mailbox: Mailbox) -> tuple[str, dict[str, str]]:
    """Where to ask for an access token, and what to send."""
    client_secret = decrypt(mailbox.client_secret_encrypted)
    if mailbox.sign_in == SignIn.MICROSOFT:
        url = mailbox.token_url or MICROSOFT_TOKEN_URL.format(
            tenant=urllib.parse.quote(mailbox.tenant, safe="")
        )
        return url, {
            "grant_type": "client_credentials",
            "client_id": mailbox.client_id,
            "client_secret": client_secret,
            "scope": MICROSOFT_SCOPE,
        }
    return mailbox.token_url or GOOGLE_TOKEN_URL, {
        "grant_type": "refresh_token",
        "client_id": mailbox.client_id,
        "client_secret": client_secret,
        "refresh_token": decrypt(mailbox.secret_encrypted),
        "scope": GOOGLE_SCOPE,
    }


def _token_fetch(mailbox: Mailbox) -> tuple[str, int]:
    url, form = token_endpoint(mailbox)
    if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise SignInError("The token address must start with https://")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, data=urllib.parse.urlencode(form).encode(), method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            answer = json.loads(response.read(100_000))
    except urllib.error.HTTPError as error:
        try:
            said = json.loads(error.read(10_000))
            reason = said.get("error_description") or said.get("error") or ""
        except ValueError:
            reason = ""
        raise SignInError(
            f"The sign-in service refused the app's credentials ({error.code}"
            f"{': ' + str(reason)[:200] if reason else ''})"
        ) from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise SignInError(f"The sign-in service could not be reached: {error}") from error
    token = answer.get("access_token") if isinstance(answer, dict) else None
    if not token:
        raise SignInError("The sign-in service answered without an access token")
    try:
        lifetime = int(answer.get("expires_in", 3600))
    except (TypeError, ValueError):
        lifetime = 3600
    return str(token), lifetime


def access_token(mailbox: Mailbox, *, now=None) -> str:
    """A current access token: the one kept (encrypted) until 5 minutes before it expires,
    then a new one from the provider, kept in its place."""
    now = now or timezone.now()
    expires = mailbox.access_token_expires_at
    if mailbox.access_token_encrypted and expires and expires - RENEW_EARLY > now:
        return decrypt(mailbox.access_token_encrypted)
    token, lifetime = _token_fetch(mailbox)
    mailbox.access_token_encrypted = encrypt(token)
    mailbox.access_token_expires_at = now + timedelta(seconds=lifetime)
    with transaction.atomic():
        Mailbox.objects.filter(pk=mailbox.pk).update(
            access_token_encrypted=mailbox.access_token_encrypted,
            access_token_expires_at=mailbox.access_token_expires_at,
        )
    return token


def connect(mailbox: Mailbox) -> IMAPClient:
    """An IMAP connection signed in to the mailbox; the caller logs out."""
    context = ssl.create_default_context() if mailbox.use_tls else None
    try:
        client = IMAPClient(
            mailbox.host,
            port=mailbox.port,
            ssl=mailbox.use_tls,
            ssl_context=context,
            timeout=TIMEOUT,
        )
    except (OSError, ssl.SSLError) as error:
        raise SignInError(
            f"Could not connect to {mailbox.host} on port {mailbox.port}: {error}"
        ) from error
    # INTERNALDATE as the server gave it, with its offset, not in this machine's local time.
    client.normalise_times = False
    try:
        if mailbox.sign_in == SignIn.PASSWORD:
            client.login(mailbox.username, decrypt(mailbox.secret_encrypted))
        else:
            client.oauth2_login(mailbox.username, access_token(mailbox))
    except SignInError:
        client.shutdown()
        raise
    except Exception as error:  # imaplib's and IMAPClient's errors both mean "refused"
        client.shutdown()
        raise SignInError(f"The server refused the sign-in: {_said(error)}") from error
    return client


def _said(error: Exception) -> str:
    text = error.args[0] if error.args else str(error)
    if isinstance(text, bytes):
        text = text.decode(errors="replace")
    return str(text)[:200]
