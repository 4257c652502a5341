"""What appeals adds to a customer's timeline: each appeal, dated when it was recorded."""

from appeals.models import Appeal
from cases.timeline import Source

APPEALS = Source(
    kind="appeal",
    rows=lambda customer: Appeal.objects.filter(customer=customer),
    moment="recorded_at",
    template="appeals/timeline/_appeal.html",
    related=("decision",),
)
