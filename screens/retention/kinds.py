"""What each kind of record in the retention schedule is made of: one table, read by the
sweep, so a kind's rows, files and history are named in one place.

Each `Part` is a model and the lookup from it to its customer. The sweep overwrites every
free-text field of a part (a text field without choices, outside `KEPT`) with `MARKER`,
empties its JSON and deletes its files, in the live rows and in their history rows, and
leaves everything else: dates, channel, kind, category, state, outcome, service and the
links between rows, which are what the reports count.
"""

from dataclasses import dataclass

from django.db import models

from appeals.models import Appeal, AppealDocument
from cases.models import (
    Case,
    Contact,
    ContactReassignment,
    Customer,
    CustomerIdentifier,
    CustomerLink,
    Incident,
    RedactionItem,
    SensitiveNote,
    SubjectAccessExport,
)
from contactpolicy.models import RetentionKind
from mailboxes.models import InboundAttachment, InboundEmail, OutboundEmail
from notices.models import Notice, NoticeCopy, PostBatch, PostReprint, ProductionRequest
from restrictions.models import (
    Approval,
    AuditEvent,
    ContactCheck,
    Decision,
    Referral,
    Representation,
    RestrictionCase,
    Review,
    Sanction,
)
from restrictions.models.injunctions import InjunctionDecision

MARKER = "[removed]"

# Text fields without choices that name a category, not a person: what reports count.
KEPT = {
    "reference",
    "role",
    "term",
    "event_type",
    "language",
    "content_type",
    "weekdays",
    # A message's identity, kept so a forgotten email is not taken in again from the server.
    "message_id",
}


@dataclass(frozen=True)
class Part:
    model: type[models.Model]
    to_customer: str

    def personal_fields(self) -> list[models.Field]:
        return [
            f
            for f in self.model._meta.concrete_fields
            if not f.is_relation
            and not f.primary_key
            and not f.choices
            and f.name not in KEPT
            and isinstance(
                f, models.CharField | models.TextField | models.JSONField | models.FileField
            )
        ]

    def file_fields(self) -> list[models.FileField]:
        return [f for f in self.personal_fields() if isinstance(f, models.FileField)]

    @property
    def history_model(self) -> type[models.Model] | None:
        history = getattr(self.model, "history", None)
        return history.model if history is not None else None


KINDS: dict[RetentionKind, tuple[Part, ...]] = {
    RetentionKind.CONTACTS: (
        Part(Contact, "customer"),
        Part(ContactReassignment, "contact__customer"),
        Part(ContactCheck, "contact__customer"),
        # An email goes with the contact it became: its raw message and attachments too.
        Part(InboundEmail, "contact__customer"),
        Part(InboundAttachment, "email__contact__customer"),
        Part(OutboundEmail, "contact__customer"),
    ),
    RetentionKind.INCIDENTS: (Part(Incident, "customer"),),
    RetentionKind.MATTERS: (Part(Case, "customer"),),
    RetentionKind.RESTRICTION_CASES: (
        Part(RestrictionCase, "customer"),
        Part(Decision, "restriction_case__customer"),
        Part(Approval, "decision__restriction_case__customer"),
        Part(Sanction, "restriction_case__customer"),
        Part(InjunctionDecision, "sanction__restriction_case__customer"),
        Part(AuditEvent, "customer"),
    ),
    RetentionKind.REVIEWS: (
        Part(Review, "restriction_case__customer"),
        Part(Representation, "review__restriction_case__customer"),
    ),
    RetentionKind.REFERRALS: (Part(Referral, "customer"),),
    RetentionKind.NOTICES: (
        Part(Notice, "customer"),
        Part(ProductionRequest, "notice__customer"),
        Part(NoticeCopy, "notice__customer"),
        Part(PostReprint, "notice__customer"),
        # The day's post joins notices into one PDF: it goes with any notice it holds.
        Part(PostBatch, "rows__notice__customer"),
    ),
    RetentionKind.APPEALS: (
        Part(Appeal, "customer"),
        Part(AppealDocument, "appeal__customer"),
    ),
    RetentionKind.CUSTOMERS: (
        Part(Customer, "pk"),
        Part(CustomerIdentifier, "customer"),
        Part(CustomerLink, "customer"),
        Part(CustomerLink, "other"),
        Part(SensitiveNote, "customer"),
        # A subject access export copies everything held: it goes with the customer.
        Part(SubjectAccessExport, "customer"),
        Part(RedactionItem, "export__customer"),
    ),
}
