"""What restrictions adds to a customer's timeline: the decisions taken about them.

A screen composes the timeline from the sources of each app (`screens.timeline`); a
draft is nobody's business but its author's, so it never shows.
"""

from cases.timeline import Source
from restrictions.models import Decision, DecisionStatus

DECISIONS = Source(
    kind="decision",
    rows=lambda customer: Decision.objects.filter(restriction_case__customer=customer).exclude(
        status=DecisionStatus.DRAFT
    ),
    moment="created_at",
    template="restrictions/timeline/_decision.html",
    related=("proposed_by", "restriction_case"),
)
