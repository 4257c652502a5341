"""A few demonstration customers and contacts for `make run`, dated relative to today."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cases.models import Customer, CustomerLink, LinkKind
from cases.services import (
    ContactDetails,
    contact_log,
    contact_respond,
    customer_create,
    sensitive_note_add,
)

CUSTOMERS = [
    # name, kind, language, formats, identifiers
    ("Margaret Ellison", "individual", "en", ["large_print"],
     [("email", "m.ellison@example.org", ""), ("phone", "07700 900461", ""), ("address", "14 Station Road, Tamworth", "B79 7AB")]),
    ("Dafydd ap Rhys", "individual", "cy", [],
     [("email", "dafydd.rhys@example.cymru", ""), ("address", "3 Heol y Castell, Caerdydd", "CF10 1BS")]),
    ("Northgate Planning Ltd", "agent", "en", [],
     [("email", "enquiries@northgate-planning.example", ""), ("phone", "020 7946 0321", "")]),
    ("Priya Sharma", "individual", "en", ["interpreter"],
     [("phone", "+44 7700 900982", ""), ("social", "@priya_s_example", ""),
      ("address", "Flat 2, 41 Granby Street, Leicester", "LE1 6FB")]),
    ("Thomas Whitfield", "site_owner", "en", [],
     [("address", "Lower Farm, Hopwas", "B78 3AQ"), ("phone", "01827 960 118", "")]),
    ("Rail Users Forum", "independent_organisation", "en", [],
     [("email", "secretary@railusers.example", "")]),
]  # fmt: skip

CONTACTS = [
    # customer index, channel, kind, hours ago, summary, officer username, answered
    (0, "letter", "general", 24 * 13, "Asks why her complaint about station lighting has not been answered.", "caseworker", False),
    (0, "email", "general", 2, "Chases the reply to her letter and asks for large print.", "caseworker", False),
    (1, "letter", "general", 24 * 4, "Writes in Welsh about the consultation on policing priorities.", "caseworker", False),
    (2, "email", "general", 24 * 3, "Asks for the minutes of the last Authority meeting for a client.", "manager", False),
    (3, "telephone", "general", 5, "Called about a lost property claim; call ended after repeated abuse.", "caseworker", True),
    (4, "email", "general", 24 * 20, "Asked about access to a site; answered.", "caseworker", True),
    (5, "email", "general", 26, "Forum newsletter copied to the general inbox.", "manager", False),
]  # fmt: skip


@transaction.atomic
def create_demo_casework(users: dict) -> int:
    """Customers and contacts to look at; none when the database already holds customers."""
    if Customer.objects.exists():
        return 0
    caseworker = users["caseworker"]
    customers = []
    for name, kind, language, formats, identifiers in CUSTOMERS:
        customers.append(
            customer_create(
                created_by=caseworker,
                name=name,
                kind=kind,
                preferred_language=language,
                accessibility_formats=formats,
                identifiers=identifiers,
            )
        )
    CustomerLink.objects.create(
        customer=customers[2], other=customers[4], kind=LinkKind.AGENT_FOR, note="Planning agent"
    )
    sensitive_note_add(
        customer=customers[0],
        author=users["manager"],
        text="Recently bereaved; has said she finds telephone calls distressing.",
    )
    now = timezone.now()
    for index, channel, kind, hours_ago, summary, officer, answered in CONTACTS:
        contact = contact_log(
            logged_by=users[officer],
            customer=customers[index],
            details=ContactDetails(
                channel=channel,
                kind=kind,
                received_at=now - timedelta(hours=hours_ago),
                summary=summary,
                language=customers[index].preferred_language,
                copied_for_information="copied" in summary,
                duration_minutes=9 if channel == "telephone" else None,
                ended_by_staff=channel == "telephone",
                ended_reason="Abusive language continued after a warning"
                if channel == "telephone"
                else "",
            ),
        )
        if answered:
            contact_respond(contact=contact)
    return len(CONTACTS)
