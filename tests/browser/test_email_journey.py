"""An email arrives, shows on the dashboard with its clock, and is answered by email from
the contact's page: the reply reaches the customer's mail server threaded to their
message, and the contact is answered."""

import pytest
from playwright.sync_api import Page, expect

from cases.models import Contact
from cases.services import customer_create
from mailboxes.fetch import mailbox_poll
from mailboxes.models import InboundEmail

# The mailbox tests' real servers: Dovecot, and an aiosmtpd receiver.
from tests.mailboxes.conftest import dovecot, dovecot_server, smtp_receiver  # noqa: F401
from tests.mailboxes.helpers import mailbox_on, message

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = "/tmp/email_{}_{}.png"


def email_arrives(dovecot, mailbox, *, subject: str, body: str) -> Contact:  # noqa: F811
    """A customer's email reaches the organisation's mailbox on the IMAP server, and the
    next poll takes it in: logged, checked, and acknowledged by return where the profile
    allows (BTPA's does)."""
    dovecot.append(
        message(
            sender="Margaret Ellison <margaret@example.net>",
            to=mailbox.address,
            subject=subject,
            body=body,
        )
    )
    assert mailbox_poll(mailbox.pk).taken_in == 1
    return InboundEmail.objects.select_related("contact").get(subject=subject).contact


def shoot(page: Page, name: str) -> None:
    for width, label in ((1280, "desktop"), (320, "320")):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SHOTS.format(name, label), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_email_is_answered_by_email_from_the_contact_page(
    sign_in,
    page,
    live_server,
    btpa_active,
    caseworker,
    dovecot,  # noqa: F811
    smtp_receiver,  # noqa: F811
    assert_accessible,
):
    customer = customer_create(
        created_by=caseworker,
        name="Margaret Ellison",
        identifiers=[("email", "margaret@example.net", "")],
    )
    mailbox = mailbox_on(dovecot, officer=caseworker, address="enquiries@btpa.example.org")
    contact = email_arrives(
        dovecot,
        mailbox,
        subject="Lighting at the station",
        body="The lights on platform 2 have been out for a week.",
    )
    assert contact.customer == customer
    [acknowledgement] = smtp_receiver.messages
    assert acknowledgement["In-Reply-To"] == contact.inbound_email.message_id

    sign_in(caseworker)
    page.goto(f"{live_server.url}/")
    row = page.get_by_role("row").filter(has_text=contact.reference)
    expect(row).to_be_visible()
    expect(row.locator(".govuk-tag")).not_to_have_count(0)
    assert_accessible(page)

    row.get_by_role("link", name=contact.reference).click()
    expect(page.get_by_role("heading", name="Reply by email")).to_be_visible()
    expect(page.get_by_label("Subject")).to_have_value(
        f"Re: Lighting at the station [{contact.reference}]"
    )
    expect(page.get_by_role("complementary")).to_contain_text("recent contacts")
    assert_accessible(page)
    shoot(page, "reply_form")

    page.get_by_role("button", name="Send reply").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the reply")
    assert_accessible(page)
    shoot(page, "reply_error")

    page.get_by_label("Your reply").fill("Thank you: the lights were mended this morning.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Email sent to margaret@example.net"
    )
    expect(page.locator("#emails-sent")).to_be_visible()
    assert_accessible(page)
    shoot(page, "reply_sent")

    reply = smtp_receiver.messages[-1]
    assert len(smtp_receiver.messages) == 2
    assert reply["In-Reply-To"] == contact.inbound_email.message_id
    assert contact.inbound_email.message_id in reply["References"]
    assert reply["From"] == "enquiries@btpa.example.org"
    assert "the lights were mended" in reply.get_content()
    contact.refresh_from_db()
    assert contact.responded_at is not None
