"""What restrictions adds to a customer's timeline: the decisions taken about them, and
for managers the audit record of how they were taken.

A screen composes the timeline from the sources of each app (`screens.timeline`). A draft
is nobody's business but its author's, so it never shows. The audit record (ADR 0005)
names who acted and why, and decisions record health and distress, so it is shown to
managers only: whoever assembles a timeline passes `AUDIT` in for a manager and leaves it
out for anyone else (`may_see_audit`).
"""

from cases.timeline import Source
from restrictions import access
from restrictions.models import AuditEvent, Decision, DecisionStatus

DECISIONS = Source(
    kind="decision",
    rows=lambda customer: Decision.objects.filter(restriction_case__customer=customer).exclude(
        status=DecisionStatus.DRAFT
    ),
    moment="created_at",
    template="restrictions/timeline/_decision.html",
    related=("proposed_by", "restriction_case"),
)

# One entry per audit event about the customer, found by the `audit_by_customer` index.
AUDIT = Source(
    kind="audit",
    rows=lambda customer: AuditEvent.objects.filter(customer=customer),
    moment="occurred_at",
    template="restrictions/timeline/_audit.html",
    related=("actor", "decision", "sanction__sanction_type"),
)


def may_see_audit(user) -> bool:
    """Whether `user`'s view of a customer's timeline includes the audit record."""
    return access.may_see_decisions(user)
