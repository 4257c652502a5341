"""The customer's timeline as the customer page shows it, composed from each app's sources.

Adding a kind of entry is one line here: the app that owns the rows offers a `Source`
(`cases.timeline`, `restrictions.timeline`, `notices.timeline`), and this module lists it.
"""

from dataclasses import replace

from appeals.timeline import APPEALS
from cases.timeline import CONTACTS, INCIDENTS, Source
from notices.timeline import NOTICES
from restrictions.timeline import AUDIT, DECISIONS, may_see_audit

CUSTOMER_TIMELINE = (
    # A contact's check against the restriction (permitted or a breach) shows with it.
    replace(CONTACTS, related=(*CONTACTS.related, "restriction_check")),
    INCIDENTS,
    DECISIONS,
    NOTICES,
    APPEALS,
)


def customer_timeline_for(user) -> tuple[Source, ...]:
    """What `user` sees of a customer's history: managers also see the audit record."""
    if may_see_audit(user):
        return (*CUSTOMER_TIMELINE, AUDIT)
    return CUSTOMER_TIMELINE
