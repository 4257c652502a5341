"""The customer's timeline as the customer page shows it, composed from each app's sources.

Adding a kind of entry is one line here: the app that owns the rows offers a `Source`
(`cases.timeline`, `restrictions.timeline`), and this tuple lists it.
"""

from dataclasses import replace

from cases.timeline import CONTACTS, INCIDENTS
from restrictions.timeline import DECISIONS

CUSTOMER_TIMELINE = (
    # A contact's check against the restriction (permitted or a breach) shows with it.
    replace(CONTACTS, related=(*CONTACTS.related, "restriction_check")),
    INCIDENTS,
    DECISIONS,
)
