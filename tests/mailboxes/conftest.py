"""Real mail servers for the mailbox tests, started by the tests.

`smtp_receiver`: an aiosmtpd server on 127.0.0.1 collecting what it is sent, with Django's
email settings pointed at it for the test.
"""

import email
import email.policy
import socket

import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
