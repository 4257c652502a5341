"""Messages appended to a real Dovecot become contacts, each exactly once (DESIGN.md §9a)."""

import os
import threading
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest
from django.db import connection

from cases.models import Contact
from cases.services import case_open
from contactpolicy.models import Notification
from contactpolicy.roles import Role
from mailboxes.fetch import mailbox_poll
from mailboxes.intake import take_in
from mailboxes.models import InboundEmail
from restrictions.models import CheckOutcome, ContactCheck
from tests.appeals.factories import restricted
from tests.cases.factories import IdentifierFactory
from tests.factories import UserFactory
from tests.mailboxes.helpers import OUR_ADDRESS, mailbox_on, message
from tests.restrictions.factories import person

pytestmark = pytest.mark.django_db

ARRIVED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def officer(db):
    return UserFactory(username="mo", roles=[Role.CASEWORKER])


@pytest.fixture
def mailbox(btpa_active, dovecot, officer):
    return mailbox_on(dovecot, officer=officer)


def only_email() -> InboundEmail:
    [email] = InboundEmail.objects.select_related("contact")
    return email


def test_a_message_becomes_a_contact_received_when_it_reached_the_mailbox(dovecot, mailbox):
    """BTPA §5: "We aim to acknowledge all emails to the general enquiries inbox within 2
    working days": the clock runs from the mailbox's arrival time, not from when it was read."""
    dovecot.append(message(), when=ARRIVED)

    result = mailbox_poll(mailbox.pk)

    assert (result.taken_in, result.error) == (1, "")
    email = only_email()
    contact = email.contact
    assert email.arrived_at == ARRIVED
    assert contact.received_at == ARRIVED
    assert contact.sender == "priya@example.com"
    assert contact.customer is None
    assert contact.channel == "email"
    assert contact.officer == mailbox.officer
    assert contact.logged_by is None
    assert "Bins not collected" in contact.summary
    assert contact.acknowledge_due_at is not None
    assert email.raw.read().startswith(b"From: Priya Sharma")
    assert len(email.raw_sha256) == 64
    mailbox.refresh_from_db()
    assert mailbox.last_uid == 1 and mailbox.last_success_at is not None


def test_the_server_is_only_read(dovecot, mailbox):
    dovecot.append(message(), when=ARRIVED)

    mailbox_poll(mailbox.pk)

    [flags] = dovecot.flags().values()
    assert b"\\Seen" not in flags and b"\\Deleted" not in flags
    assert b"\\Recent" in flags  # EXAMINE leaves even this as it was


def test_polling_twice_makes_one_contact_each(dovecot, mailbox):
    dovecot.append_many([(message(subject=f"Message {n}"), ARRIVED) for n in range(3)])
    mailbox_poll(mailbox.pk)
    dovecot.append(message(subject="Later"), when=ARRIVED)

    second = mailbox_poll(mailbox.pk)

    assert second.taken_in == 1
    assert Contact.objects.count() == 4


def test_a_renumbered_folder_is_read_again_without_taking_anything_in_twice(dovecot, mailbox):
    dovecot.append(message(message_id="<one@example.com>"), when=ARRIVED)
    mailbox_poll(mailbox.pk)
    mailbox.refresh_from_db()
    mailbox.uidvalidity = 1  # as if the server had renumbered the folder since
    mailbox.save()

    again = mailbox_poll(mailbox.pk)

    assert (again.taken_in, again.skipped) == (0, 1)
    assert Contact.objects.count() == 1


def test_the_same_message_offered_twice_is_taken_in_once(mailbox):
    raw = message(message_id="<dup@example.com>")

    first = take_in(mailbox, uidvalidity=7, uid=1, raw=raw, arrived_at=ARRIVED)
    by_uid = take_in(mailbox, uidvalidity=7, uid=1, raw=raw, arrived_at=ARRIVED)
    by_message_id = take_in(mailbox, uidvalidity=7, uid=2, raw=raw, arrived_at=ARRIVED)

    assert first is not None and by_uid is None and by_message_id is None
    assert Contact.objects.count() == 1


def test_a_poll_another_worker_is_running_is_left_to_it(dovecot, mailbox):
    dovecot.append(message(), when=ARRIVED)
    mailbox.poll_claimed_until = datetime.now(UTC) + timedelta(minutes=5)
    mailbox.save()

    assert mailbox_poll(mailbox.pk).busy
    assert Contact.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_workers_polling_at_once_make_one_contact_each(btpa_active, dovecot):
    """Two threads, each with its own database connection, poll the same mailbox at once.
    On PostgreSQL this is real concurrency; on SQLite the writes take turns."""
    mailbox = mailbox_on(dovecot)
    dovecot.append_many([(message(subject=f"Message {n}"), ARRIVED) for n in range(20)])
    start = threading.Barrier(2)
    results = []

    def poll():
        try:
            start.wait()
            results.append(mailbox_poll(mailbox.pk))
        finally:
            connection.close()

    workers = [threading.Thread(target=poll) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert sum(r.taken_in for r in results) == 20
    assert InboundEmail.objects.count() == 20
    assert Contact.objects.count() == 20


def test_a_message_from_a_known_address_is_the_customers(dovecot, mailbox):
    identifier = IdentifierFactory(value="Priya@Example.com")
    dovecot.append(message(), when=ARRIVED)

    mailbox_poll(mailbox.pk)

    assert only_email().contact.customer == identifier.customer


def test_a_restricted_customers_email_is_checked_on_arrival_and_the_officer_told(
    dovecot, mailbox, officer
):
    """BTPA §8 (one method of contact): written contact by a method the restriction rules
    out is a breach, recorded as Log a contact records it; the contact's officer is told."""
    identifier = IdentifierFactory(value="priya@example.com")
    restricted(
        "one_method",
        customer=identifier.customer,
        channel="letter",
        approvers=[person(Role.CHIEF_EXECUTIVE)],
    )
    dovecot.append(message(), when=datetime.now(UTC))

    mailbox_poll(mailbox.pk)

    contact = only_email().contact
    check = ContactCheck.objects.get(contact=contact)
    assert contact.customer == identifier.customer
    assert check.outcome == CheckOutcome.BREACH
    told = Notification.objects.filter(recipient=contact.officer).get()
    assert "Breach recorded" in told.message
    assert contact.reference in told.message


def test_an_unverified_sender_is_never_a_breach_on_that_alone(dovecot, mailbox, officer):
    identifier = IdentifierFactory(value="priya@example.com")
    restricted(
        "one_method",
        customer=identifier.customer,
        channel="letter",
        approvers=[person(Role.CHIEF_EXECUTIVE)],
    )
    forged = message(
        headers={
            "Authentication-Results": "mx.council.example; spf=fail smtp.mailfrom=example.com; "
            "dkim=none; dmarc=fail header.from=example.com"
        }
    )
    dovecot.append(forged, when=datetime.now(UTC))

    mailbox_poll(mailbox.pk)

    email = only_email()
    assert email.sender_verified is False
    assert email.contact.customer is None
    assert not ContactCheck.objects.exists()
    assert "Sender not verified" in email.contact.summary
    told = Notification.objects.get(recipient=officer)
    assert "not verified" in told.message and identifier.customer.name in told.message


def test_a_verified_sender_is_marked_so(dovecot, mailbox):
    dovecot.append(
        message(headers={"Authentication-Results": "mx.council.example; dkim=pass; dmarc=pass"}),
        when=ARRIVED,
    )

    mailbox_poll(mailbox.pk)

    assert only_email().sender_verified is True


def test_an_email_copied_for_information_starts_no_clock(dovecot, mailbox):
    """BTPA §5: "The Authority may not reply if the email was copied for information (cc)"."""
    dovecot.append(message(to="someone@elsewhere.example", cc=OUR_ADDRESS), when=ARRIVED)

    mailbox_poll(mailbox.pk)

    email = only_email()
    assert email.copied_for_information and email.contact.copied_for_information
    assert email.contact.acknowledge_due_at is None and email.contact.respond_due_at is None


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"X-Autoreply": "yes"},
        {"Precedence": "auto_reply"},
        {"Subject": "Automatic reply: Bins"},
    ],
)
def test_an_automatic_reply_starts_no_clock(dovecot, mailbox, headers):
    subject = headers.pop("Subject", "Bins")
    dovecot.append(message(subject=subject, headers=headers), when=ARRIVED)

    mailbox_poll(mailbox.pk)

    email = only_email()
    assert email.auto_reply
    assert email.contact.next_due_at is None and not email.contact.reply_expected


def test_a_reply_joins_the_matter_of_the_message_it_answers(dovecot, mailbox):
    identifier = IdentifierFactory(value="priya@example.com")
    dovecot.append(message(message_id="<first@example.com>"), when=ARRIVED)
    mailbox_poll(mailbox.pk)
    first = only_email().contact
    case = case_open(customer=identifier.customer, subject="Bins")
    Contact.objects.filter(pk=first.pk).update(case=case)
    dovecot.append(
        message(subject="Re: Bins", headers={"In-Reply-To": "<first@example.com>"}), when=ARRIVED
    )
    dovecot.append(message(subject=f"About {first.reference}"), when=ARRIVED)

    mailbox_poll(mailbox.pk)

    replies = Contact.objects.exclude(pk=first.pk)
    assert [c.case for c in replies] == [case, case]


def test_html_only_is_kept_as_text_without_its_script(dovecot, mailbox):
    html = (
        "<html><body><p>Please <b>call</b> me &amp; soon.</p>"
        "<script>alert('x')</script><img src=x onerror=alert(1)></body></html>"
    )
    dovecot.append(message(body="", html=html), when=ARRIVED)

    mailbox_poll(mailbox.pk)

    email = only_email()
    assert email.body_text == "Please call me & soon."
    assert "alert" not in email.contact.summary and "<" not in email.contact.summary


def test_a_message_with_no_sender_is_still_taken_in(dovecot, mailbox):
    dovecot.append(message(sender=""), when=ARRIVED)

    assert mailbox_poll(mailbox.pk).taken_in == 1

    email = only_email()
    assert email.from_address == ""
    assert email.problem == "The message gives no sender's address"
    assert email.contact.sender == "Unknown sender"


def test_a_malformed_message_is_kept_and_becomes_a_contact_that_says_so(dovecot, mailbox):
    broken = (
        b"From: \xff\xfe broken <<@@>\r\n"
        b"Subject: =?utf-8?B?not base64!!?=\r\n"
        b'Content-Type: multipart/mixed; boundary="never-closed"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n"
        b"--never-closed\r\nContent-Type: text/plain; charset=klingon\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n%%%% not base64 %%%%\r\n"
    )
    dovecot.append(broken, when=ARRIVED)
    dovecot.append(message(subject="After the broken one"), when=ARRIVED)

    result = mailbox_poll(mailbox.pk)

    assert (result.taken_in, result.error) == (2, "")
    broken_email = InboundEmail.objects.get(uid=1)
    assert broken_email.problem
    assert broken_email.raw.read().startswith(b"From: \xff\xfe")
    assert broken_email.contact is not None


def test_a_20mb_attachment_is_refused_and_the_message_still_taken_in(dovecot, mailbox):
    mail = EmailMessage()
    mail["From"] = "priya@example.com"
    mail["To"] = OUR_ADDRESS
    mail["Subject"] = "Photos"
    mail.set_content("Attached.")
    mail.add_attachment(b"%PDF-1.4\n" + os.urandom(20 * 1024 * 1024), "application", "pdf",
                        filename="huge.pdf")  # fmt: skip
    mail.add_attachment(b"%PDF-1.4\n small", "application", "pdf", filename="letter.pdf")
    mail.add_attachment(b"MZ\x90\x00 not a pdf", "application", "pdf", filename="trick.pdf")
    dovecot.append(bytes(mail), when=ARRIVED)

    assert mailbox_poll(mailbox.pk).taken_in == 1

    huge, letter, trick = only_email().attachments.all()
    assert huge.refused_reason.startswith("Not kept: larger than 10MB") and not huge.file
    assert huge.size > 20 * 1024 * 1024
    assert letter.refused_reason == "" and letter.file.read() == b"%PDF-1.4\n small"
    assert "is not the kind of file its name says it is" in trick.refused_reason


def test_a_hundred_messages_at_once_are_all_taken_in(dovecot, mailbox):
    """The benchmark (benchmarks/mail.py) takes in 1,000 and measures it."""
    dovecot.append_many([(message(subject=f"Message {n}"), ARRIVED) for n in range(100)])

    result = mailbox_poll(mailbox.pk)

    assert (result.taken_in, result.error) == (100, "")
    assert Contact.objects.count() == 100
    assert sorted(InboundEmail.objects.values_list("uid", flat=True)) == list(range(1, 101))


def test_an_email_taken_in_is_acknowledged_by_return_from_its_mailbox(
    dovecot, mailbox, smtp_receiver, django_capture_on_commit_callbacks
):
    """BTPA §5: "We aim to acknowledge all emails to the general enquiries inbox within 2
    working days": the message fetched from the mailbox is acknowledged by return, threaded
    to it, and its acknowledgement clock is met."""
    dovecot.append(message(), when=ARRIVED)

    with django_capture_on_commit_callbacks(execute=True):
        assert mailbox_poll(mailbox.pk).taken_in == 1

    email = only_email()
    [sent] = smtp_receiver.messages
    assert sent["In-Reply-To"] == email.message_id
    assert sent["From"] == mailbox.address
    assert sent["To"] == "priya@example.com"
    email.contact.refresh_from_db()
    assert email.contact.acknowledged_at is not None
