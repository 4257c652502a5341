"""Secrets the service must read back (a mailbox's password, client secret or refresh token,
and the access tokens it is given), encrypted at rest.

Fernet (AES-128-CBC with an HMAC) from `cryptography`, with keys derived by HKDF from
SECRET_KEY, so a copy of the database alone reveals nothing. To rotate: set the new
SECRET_KEY and keep the old one in SECRET_KEY_FALLBACKS; what was encrypted under it is
still read, and `manage.py reencrypt_secrets` writes every secret again under the new key.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

INFO = b"contactpolicy stored secrets"


class SecretUnreadable(Exception):
    """The secret was encrypted under a key no longer configured: enter it again."""


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def _keys() -> MultiFernet:
    fallbacks = getattr(settings, "SECRET_KEY_FALLBACKS", [])
    return MultiFernet([_fernet(settings.SECRET_KEY), *(_fernet(k) for k in fallbacks)])


def encrypt(plain: str) -> str:
    """The text encrypted under the current key; "" stays "" (no secret stored)."""
    if not plain:
        return ""
    return _keys().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    """The text back, under the current key or a fallback; "" for no secret."""
    if not token:
        return ""
    try:
        return _keys().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise SecretUnreadable(
            "The stored secret cannot be read with the configured keys: enter it again"
        ) from error


def reencrypt(token: str) -> str:
    """The same secret encrypted under the current key (after SECRET_KEY is rotated)."""
    if not token:
        return ""
    return _keys().rotate(token.encode()).decode()
