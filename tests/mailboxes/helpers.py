"""Messages and mailboxes for the mailboxes' tests."""

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from mailboxes.models import Mailbox, SignIn
from mailboxes.signin import mailbox_secrets_set

OUR_ADDRESS = "help@council.example"


def message(
    *,
    sender="Priya Sharma <priya@example.com>",
    to=OUR_ADDRESS,
    cc="",
    subject="Bins not collected",
    body="My bins have not been collected for three weeks.",
    html="",
    headers=None,
    message_id=None,
    when: datetime | None = None,
) -> bytes:
    mail = EmailMessage()
    if sender:
        mail["From"] = sender
    mail["To"] = to
    if cc:
        mail["Cc"] = cc
    mail["Subject"] = subject
    mail["Message-ID"] = message_id or make_msgid(domain="example.com")
    if when is not None:
        mail["Date"] = format_datetime(when)
    for name, value in (headers or {}).items():
        mail[name] = value
    if html and not body:
        mail.set_content(html, subtype="html")
    else:
        mail.set_content(body)
        if html:
            mail.add_alternative(html, subtype="html")
    return bytes(mail)


def mailbox_on(server, *, name="Customer services", officer=None, **fields) -> Mailbox:
    """A mailbox reading the test's Dovecot user with its password."""
    mailbox = Mailbox(
        name=name,
        address=fields.pop("address", OUR_ADDRESS),
        host=server.host,
        port=server.port,
        use_tls=False,
        username=server.user,
        sign_in=fields.pop("sign_in", SignIn.PASSWORD),
        officer=officer,
        **fields,
    )
    mailbox_secrets_set(mailbox, secret=server.password)
    mailbox.save()
    return mailbox
