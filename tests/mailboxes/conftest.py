"""A real IMAP server for the mailboxes' tests: Dovecot from Debian's packages, run by the
tests as a server of their own (STACK.md), with a password or with OAuth2 (SASL XOAUTH2)
against a token endpoint the tests serve. Skipped, with the reason, where Dovecot cannot
start (REQUIRE_SERVICES turns the skip into a failure).

And a real SMTP receiver: `smtp_receiver`, an aiosmtpd server on 127.0.0.1 collecting what
it is sent, with Django's email settings pointed at it for the test."""

import email
import email.policy
import itertools
import json
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from imapclient import IMAPClient

from tests.services import _unavailable

PASSWORD = "secret"
_users = itertools.count(1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _config(root: Path, port: int, passdb: str, mechanisms: str) -> str:
    return f"""
base_dir = {root}/run
state_dir = {root}/run
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = {mechanisms}
log_path = {root}/dovecot.log
mail_location = maildir:{root}/mail/%u
default_internal_user = nobody
default_login_user = nobody
{passdb}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"""


class DovecotServer:
    def __init__(self, root: Path, passdb: str, mechanisms: str = "plain login"):
        self.root = root
        self.host = "127.0.0.1"
        self.port = _free_port()
        (root / "run").mkdir(parents=True)
        (root / "mail").mkdir()
        # The mail folder must be reachable and writable by `nobody`.
        os.chmod(root, 0o755)  # noqa: S103
        os.chmod(root / "mail", 0o777)  # noqa: S103
        (root / "dovecot.conf").write_text(_config(root, self.port, passdb, mechanisms))
        self.process = subprocess.Popen(
            [shutil.which("dovecot"), "-c", str(root / "dovecot.conf"), "-F"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode(errors="replace")[:500]
                raise RuntimeError(f"dovecot stopped at once: {error}")
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("dovecot did not start listening within 15 seconds")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@contextmanager
def _started(**kwargs):
    """A Dovecot in a folder of its own under the system's temporary folder (not pytest's,
    which is private to its owner: the mail must be reachable by `nobody`)."""
    if shutil.which("dovecot") is None:
        _unavailable(
            "Dovecot is not installed: scripts/system_packages.sh test installs dovecot-imapd"
        )
    root = Path(tempfile.mkdtemp(prefix="dovecot-"))
    os.chmod(root, 0o755)  # noqa: S103
    try:
        try:
            server = DovecotServer(root / "server", **kwargs)
        except (OSError, RuntimeError) as error:
            _unavailable(f"Dovecot could not start: {error}")
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def dovecot_server():
    with _started(
        passdb=f"passdb {{\n  driver = static\n  args = password={PASSWORD}\n}}"
    ) as server:
        yield server


@dataclass
class DovecotUser:
    """One user's mailbox on a running Dovecot: each test has its own."""

    host: str
    port: int
    user: str
    password: str = PASSWORD
    token: str = ""

    def client(self) -> IMAPClient:
        """A connection signed in as the user; the caller logs out."""
        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=30)
        if self.token:
            client.oauth2_login(self.user, self.token)
        else:
            client.login(self.user, self.password)
        return client

    def append(self, message: bytes, when: datetime | None = None, folder="INBOX") -> None:
        """Deliver one message, with `when` as its arrival time (INTERNALDATE)."""
        self.append_many([(message, when)], folder=folder)

    def append_many(self, messages, folder="INBOX") -> None:
        """Deliver many (message, when) pairs over one connection."""
        client = self.client()
        try:
            for message, when in messages:
                client.append(folder, message, msg_time=when)
        finally:
            client.logout()

    def flags(self, folder="INBOX") -> dict:
        client = self.client()
        try:
            client.select_folder(folder, readonly=True)
            return client.get_flags(client.search("ALL"))
        finally:
            client.logout()


@pytest.fixture
def dovecot(dovecot_server) -> DovecotUser:
    """A running Dovecot and a user of its own for this test (any user signs in with the
    password `secret`): `host`, `port`, `user`, `password`, `append(message, when=...)`."""
    return DovecotUser(dovecot_server.host, dovecot_server.port, f"user{next(_users)}@example.org")


class TokenServer:
    """The OAuth2 endpoints the tests serve: a token endpoint (client credentials, as
    Microsoft's, or a refresh token, as Google's) and the introspection endpoint Dovecot
    asks whether a token is good."""

    def __init__(self):
        self.client_id = "app-123"
        self.client_secret = secrets.token_urlsafe(16)
        self.refresh_token = secrets.token_urlsafe(16)
        self.issued: dict[str, str] = {}  # token -> user
        self.token_requests: list[dict] = []
        self.user = ""
        self.expires_in = 3600
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                if self.path.endswith("/introspect"):
                    user = server.issued.get(form.get("token", ""))
                    if user is None:
                        return self._answer(200, {"active": "false"})
                    return self._answer(200, {"active": "true", "username": user})
                server.token_requests.append(form)
                good = (
                    form.get("client_id") == server.client_id
                    and form.get("client_secret") == server.client_secret
                    and (
                        form.get("grant_type") == "client_credentials"
                        or form.get("refresh_token") == server.refresh_token
                    )
                )
                if not good:
                    return self._answer(
                        401, {"error": "invalid_client", "error_description": "Bad client secret"}
                    )
                token = secrets.token_urlsafe(24)
                server.issued[token] = server.user
                return self._answer(
                    200,
                    {
                        "access_token": token,
                        "token_type": "Bearer",
                        "expires_in": server.expires_in,
                    },
                )

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.http.server_address[1]
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()

    @property
    def token_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/tenant/oauth2/v2.0/token"

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture(scope="session")
def token_server():
    server = TokenServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def dovecot_oauth2_server(token_server):
    root = Path(tempfile.mkdtemp(prefix="dovecot-oauth2-"))
    conf = root / "oauth2.conf"
    conf.write_text(
        "introspection_mode = post\n"
        f"introspection_url = http://127.0.0.1:{token_server.port}/introspect\n"
        "username_attribute = username\n"
        "active_attribute = active\n"
        "active_value = true\n"
    )
    os.chmod(root, 0o755)  # noqa: S103
    os.chmod(conf, 0o644)
    try:
        with _started(
            passdb=f"passdb {{\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = {conf}\n}}",
            mechanisms="plain xoauth2 oauthbearer",
        ) as server:
            yield server
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def dovecot_oauth2(dovecot_oauth2_server, token_server) -> DovecotUser:
    """A Dovecot that signs in only with a token the test's token server issued (XOAUTH2),
    and a user of its own, whose appends sign in with such a token."""
    user = f"user{next(_users)}@example.org"
    token_server.user = user
    token = secrets.token_urlsafe(24)
    token_server.issued[token] = user
    return DovecotUser(dovecot_oauth2_server.host, dovecot_oauth2_server.port, user, token=token)


class SmtpReceiver:
    """An SMTP server on 127.0.0.1: `messages` holds each message it accepted, parsed;
    `stop()` takes it down (a connection is then refused) and `start()` brings it back on
    the same port."""

    host = "127.0.0.1"

    def __init__(self):
        self.port = _free_port()
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self._controller = None

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def smtp_receiving(settings):
    """Start an SMTP receiver and point Django's email at it (SMTP, no TLS); yields it."""
    pytest.importorskip("aiosmtpd", reason="aiosmtpd is not installed (pip install -e '.[dev]')")
    receiver = SmtpReceiver()
    receiver.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = receiver.host
    settings.EMAIL_PORT = receiver.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    try:
        yield receiver
    finally:
        receiver.stop()


@pytest.fixture
def smtp_receiver(settings):
    """A running SMTP receiver, and Django sending to it."""
    yield from smtp_receiving(settings)
