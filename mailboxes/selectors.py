"""Reads for the email parts of a contact's page."""

from django.db.models import Prefetch

from cases.models import Contact
from mailboxes.models import OutboundEmail

RECENT_CONTACTS = 5


def contact_emails(contact: Contact) -> list[OutboundEmail]:
    """The emails sent to the sender of `contact`, oldest first (one query)."""
    return list(contact.outbound_emails.select_related("created_by"))


def customer_recent_contacts(contact: Contact, *, limit: int = RECENT_CONTACTS) -> list[Contact]:
    """The customer's latest other contacts, newest first, with the email each came as and
    the replies sent to it: the history a reply is written beside (two queries)."""
    if contact.customer_id is None:
        return []
    return list(
        Contact.objects.filter(customer_id=contact.customer_id)
        .exclude(pk=contact.pk)
        .select_related("inbound_email")
        .prefetch_related(
            Prefetch(
                "outbound_emails",
                queryset=OutboundEmail.objects.filter(kind="reply"),
                to_attr="replies",
            )
        )
        .order_by("-received_at", "-pk")[:limit]
    )
