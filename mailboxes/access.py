"""Who may send email from a contact: whoever may mark it answered (`cases.access`)."""

from django.shortcuts import get_object_or_404

from cases import access as case_access
from cases.models import Contact
from mailboxes.models import OutboundEmail


def contact_get_to_reply(user, reference: str) -> Contact:
    """The contact the user means to answer by email; refused unless they may answer it."""
    return case_access.contact_get_to_work_on(user, reference)


def may_reply(user, contact: Contact) -> bool:
    return case_access.may_work_on_contact(user, contact)


def outbound_get_to_retry(user, reference: str, pk: int) -> OutboundEmail:
    """An email of the contact the user may answer, to try sending again."""
    contact = contact_get_to_reply(user, reference)
    return get_object_or_404(
        OutboundEmail.objects.select_related("contact"), pk=pk, contact=contact
    )
