"""What notices add to a customer's timeline: each letter issued to them, and how it went."""

from cases.timeline import Source
from notices.models import Notice, NoticeState

NOTICES = Source(
    kind="notice",
    rows=lambda customer: Notice.objects.filter(
        customer=customer, state__in=[NoticeState.ISSUED, NoticeState.SENT]
    ),
    moment="issued_at",
    template="notices/timeline/_notice.html",
    related=("decision", "issued_by"),
)
