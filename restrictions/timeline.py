"""What the restrictions app adds to the customer's timeline (`cases.timeline`).

`audit_source()` is the audit record of decision-making (ADR 0005): one entry per
`AuditEvent` about the customer. It names who acted and why, and decisions record health
and distress, so it is shown to managers only: whoever assembles a customer's timeline
passes it in for a manager and leaves it out for anyone else (`may_see_audit`).
"""

from cases.timeline import Source
from restrictions import access
from restrictions.models import AuditEvent


def audit_rows(customer):
    """The audit events about `customer`, by the `audit_by_customer` index."""
    return AuditEvent.objects.filter(customer=customer)


def audit_source() -> Source:
    return Source(
        kind="audit",
        rows=audit_rows,
        moment="occurred_at",
        template="restrictions/timeline/_audit.html",
        related=("actor", "decision", "sanction__sanction_type"),
    )


def may_see_audit(user) -> bool:
    """Whether `user`'s view of a customer's timeline includes the audit source."""
    return access.may_see_decisions(user)
