"""What a contact's page shows of email: the customer's message, the emails sent in
answer, the reply form beside the customer's recent contacts."""

from cases.models import Contact
from mailboxes import access as mail_access
from mailboxes import selectors as mail_selectors
from mailboxes.forms import ReplyForm
from mailboxes.models import InboundEmail
from mailboxes.services import reply_subject


def contact_email_context(user, contact: Contact, reply_form: ReplyForm | None = None) -> dict:
    try:
        inbound = contact.inbound_email
    except InboundEmail.DoesNotExist:
        inbound = None
    if inbound is None:
        return {"inbound": None}
    may_reply = mail_access.may_reply(user, contact)
    return {
        "inbound": inbound,
        "emails_sent": mail_selectors.contact_emails(contact),
        "may_reply": may_reply,
        "reply_form": reply_form or ReplyForm(initial={"subject": reply_subject(contact)}),
        "recent_contacts": mail_selectors.customer_recent_contacts(contact),
    }
