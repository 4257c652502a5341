"""Log a contact and check it against the restriction: the use case behind *Log a contact*.

The contact, a customer first met in it, its check against the restriction in force and
its stopped clocks are saved together or not at all.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from cases import services as case_services
from cases.models import Contact, Customer
from cases.services import ContactDetails
from restrictions.banner import Banner, CheckSummary
from restrictions.contact_services import contact_enforcement_record, transfer_to


@dataclass(frozen=True)
class NewCustomer:
    """A customer first met in the contact being logged, added with it."""

    name: str
    kind: str = "individual"
    preferred_language: str = "en"
    identifiers: Sequence[tuple[str, str, str]] = ()
    title: str = ""
    surname: str = ""
    contact_name: str = ""


@transaction.atomic
def contact_log_checked(
    *,
    actor,
    details: ContactDetails,
    customer: Customer | None,
    new_customer: NewCustomer | None = None,
    restriction: Banner | None = None,
    instruction_followed: bool = False,
    different_topic: bool = False,
    new_information: bool = False,
    profile=None,
    officer=None,
) -> tuple[Contact, CheckSummary | None]:
    """Log a contact and, for a restricted customer, its check against the restriction.

    One transaction: a customer added with the contact, the contact, its check and its
    stopped clocks are saved together or not at all. `restriction` is the banner staff
    saw, given only when this contact is checked against it, with the answers staff gave
    about how they handled the contact; the assessment is worked out again here from what
    was submitted, and a contact the named officer must handle is given to them (BTPA §8:
    "automatically transferred"), else to `officer` (by default the actor). Returns the
    contact and, when it was checked, how it stood against the restriction.
    """
    if new_customer is not None:
        customer = case_services.customer_create(
            created_by=actor,
            name=new_customer.name,
            kind=new_customer.kind,
            preferred_language=new_customer.preferred_language,
            identifiers=new_customer.identifiers,
            title=new_customer.title,
            surname=new_customer.surname,
            contact_name=new_customer.contact_name,
        )
    assessment = None
    if restriction is not None:
        assessment = restriction.assess(
            channel=details.channel,
            moment=details.received_at,
            officer=actor,
            contact_case=details.case,
            sender=details.sender,
            different_topic=different_topic,
            duration_minutes=details.duration_minutes,
        )
    contact = case_services.contact_log(
        logged_by=actor,
        details=details,
        customer=customer,
        officer=(transfer_to(assessment) if assessment is not None else None) or officer,
        profile=profile,
    )
    if assessment is None:
        return contact, None
    check = contact_enforcement_record(
        contact=contact,
        assessment=assessment,
        actor=actor,
        instruction_followed=instruction_followed,
        different_topic=different_topic,
        new_information=new_information,
    )
    return contact, CheckSummary(check, [f.sanction for f in assessment.findings if f.sanction])
