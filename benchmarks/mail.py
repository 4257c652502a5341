"""Minutes to take in 1,000 messages from a mailbox (target: within 2 minutes).

    DATABASE_URL=postgres://.../<a scratch database> .venv/bin/python -m benchmarks.mail [--messages 1000]

Starts a Dovecot of its own (as the tests do; Debian's dovecot-imapd), appends the messages
over one connection (not timed), connects a mailbox to it and times one poll taking them
all in: reading them from the server, keeping each raw message, recognising the sender,
logging the contact with its clocks. A tenth come from a customer's known address, a tenth
are HTML only, a tenth carry a small PDF. A second poll, which must take in nothing, is
timed too. The database needs migrating first; the BTPA profile is loaded when none is active.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contactpolicy.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

django.setup()

TARGET_SECONDS = 120.0


def _messages(count: int, known: str) -> list[tuple[bytes, datetime]]:
    from email.message import EmailMessage

    start = datetime.now(UTC) - timedelta(hours=2)
    out = []
    for n in range(count):
        mail = EmailMessage()
        mail["From"] = known if n % 10 == 0 else f"Sender {n} <sender{n}@example.com>"
        mail["To"] = "bench@council.example"
        mail["Subject"] = f"Benchmark message {n}"
        mail["Message-ID"] = f"<bench-{n}-{time.time_ns()}@example.com>"
        if n % 10 == 1:
            mail.set_content(f"<p>Message <b>{n}</b></p><script>x()</script>", subtype="html")
        else:
            mail.set_content(f"Message {n}. " + "Some words about the matter. " * 20)
        if n % 10 == 2:
            mail.add_attachment(
                b"%PDF-1.4\n" + b"0" * 20_000, "application", "pdf", filename="a.pdf"
            )
        out.append((bytes(mail), start + timedelta(seconds=n)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    options = parser.parse_args()

    from django.conf import settings
    from django.core.management import call_command

    from cases.models import Contact, Customer
    from cases.services import customer_create
    from contactpolicy.models import PolicyProfile, User
    from contactpolicy.services import profile_activate
    from mailboxes.fetch import mailbox_poll
    from mailboxes.models import InboundEmail, Mailbox
    from mailboxes.signin import mailbox_secrets_set
    from tests.mailboxes.conftest import PASSWORD, DovecotUser, _started

    if not PolicyProfile.objects.filter(is_active=True).exists():
        call_command(
            "loaddata", str(settings.BASE_DIR / "fixtures/profiles/btpa.json"), verbosity=0
        )
        profile_activate(slug="btpa")
    known = "known.customer@example.com"
    if not Customer.objects.filter(identifiers__normalised=known).exists():
        officer, _ = User.objects.get_or_create(username="mail-benchmark")
        customer_create(
            created_by=officer, name="Known Customer", identifiers=[("email", known, "")]
        )
    passdb = f"passdb {{\n  driver = static\n  args = password={PASSWORD}\n}}"
    with _started(passdb=passdb) as server:
        user = DovecotUser(server.host, server.port, f"bench{time.time_ns()}@example.org")
        messages = _messages(options.messages, known)
        began = time.perf_counter()
        user.append_many(messages)
        appended = time.perf_counter() - began
        Mailbox.objects.filter(name="Benchmark mailbox").update(
            is_active=False,
            name=f"Old {time.time_ns()}",
            address=f"old{time.time_ns()}@council.example",
        )
        mailbox = Mailbox(
            name="Benchmark mailbox",
            address="bench@council.example",
            host=server.host,
            port=server.port,
            use_tls=False,
            username=user.user,
        )
        mailbox_secrets_set(mailbox, secret=PASSWORD)
        mailbox.save()
        contacts_before = Contact.objects.count()
        load_before = os.getloadavg()
        began = time.perf_counter()
        result = mailbox_poll(mailbox.pk)
        took = time.perf_counter() - began
        load_after = os.getloadavg()
        Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=None)
        began = time.perf_counter()
        again = mailbox_poll(mailbox.pk)
        second = time.perf_counter() - began
    taken = InboundEmail.objects.filter(mailbox=mailbox).count()
    made = Contact.objects.count() - contacts_before
    print(f"database: {django.db.connection.vendor}")
    print(f"appended {len(messages)} messages in {appended:.1f} s (one IMAP connection)")
    print(
        f"first poll: {result.taken_in} taken in, error {result.error!r}, {took:.1f} s "
        f"({result.taken_in / took:.1f} messages/s)"
    )
    print(f"second poll: {again.taken_in} taken in, {again.skipped} skipped, {second:.2f} s")
    print(f"emails stored {taken}, contacts made {made}")
    print("load average before: " + " ".join(f"{x:.2f}" for x in load_before))
    print("load average after:  " + " ".join(f"{x:.2f}" for x in load_after))
    ok = result.taken_in == len(messages) == taken == made and took <= TARGET_SECONDS
    print(f"target {TARGET_SECONDS:.0f} s: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
