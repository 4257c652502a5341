"""The test identity provider as a running server, and the service set up to use it.

`identity_provider` starts `tests.oidc_provider.serve` once per test module, on a free
port, with its own SQLite database, its client registered for the live server's
callback; it is skipped with the reason if it does not start (a failure when
REQUIRE_SERVICES is set). `signed_up_to_provider` points the service's settings at it.
"""

import os
import select
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.oidc_provider.serve import CLIENT_ID, CLIENT_SECRET, PASSWORD
from tests.services import _unavailable

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30  # seconds; it is ready in two or three on a loaded machine
NAME = "Test provider"


@dataclass(frozen=True)
class Provider:
    url: str  # the issuer: http://127.0.0.1:<port>/openid
    password: str = PASSWORD

    def endpoint(self, name: str) -> str:
        return f"{self.url}/{name}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def identity_provider(live_server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("provider")
    port = _free_port()
    log = (folder / "provider.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.oidc_provider.serve",
            str(port),
            f"{live_server.url}/oidc/callback/",
        ],
        cwd=ROOT,
        env={**os.environ, "PROVIDER_DB": str(folder / "provider.sqlite3")},
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    try:
        # The server is listening when it says READY: its socket is bound before.
        answered, _, _ = select.select([process.stdout], [], [], START_TIMEOUT)
        if not answered or process.stdout.readline().strip() != "READY":
            log.flush()
            _unavailable(
                "the test OpenID Connect provider did not start: "
                + (folder / "provider.log").read_text()[-2000:]
            )
        url = f"http://127.0.0.1:{port}/openid"
        yield Provider(url=url)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def signed_up_to_provider(identity_provider, settings):
    """The service configured for the test provider, as the README configures Entra ID."""
    settings.OIDC_ENABLED = True
    settings.OIDC_PROVIDER_NAME = NAME
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_ISSUER = identity_provider.url
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = identity_provider.endpoint("authorize")
    settings.OIDC_OP_TOKEN_ENDPOINT = identity_provider.endpoint("token")
    settings.OIDC_OP_USER_ENDPOINT = identity_provider.endpoint("userinfo")
    settings.OIDC_OP_JWKS_ENDPOINT = identity_provider.endpoint("jwks")
    return identity_provider
