"""The real PostgreSQL and Redis servers some tests need.

A test that needs a server it cannot reach is skipped with the reason, unless
REQUIRE_SERVICES is set (CI sets it), in which case it fails.
"""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.db import connection

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


def _unavailable(reason: str):
    if os.environ.get("REQUIRE_SERVICES", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{reason} (REQUIRE_SERVICES is set)")
    pytest.skip(reason)


def _reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def redis_url() -> str:
    """REDIS_URL, or a scratch database on the local server; skips when there is none."""
    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    if not _reachable(url):
        _unavailable(f"no Redis server answers at {url}")
    return url


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        _unavailable("needs PostgreSQL: set DATABASE_URL=postgres://... to run it")
