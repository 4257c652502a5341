from .contacts import Contact, ContactReassignment, Direction, SenderConsent
from .customers import (
    AccessibilityFormat,
    Customer,
    CustomerIdentifier,
    CustomerKind,
    CustomerLink,
    IdentifierKind,
    Language,
    LinkKind,
    SensitiveNote,
    SensitiveNoteView,
)
from .holds import Forgetting, LegalHold
from .incidents import Incident, ReportedTo, Severity
from .matters import Case, CaseStatus
from .references import ReferenceSequence, next_reference
from .subject_access import (
    ExportState,
    RedactionDecision,
    RedactionItem,
    SubjectAccessExport,
    ThirdPartyKind,
)

__all__ = [
    "AccessibilityFormat",
    "Case",
    "CaseStatus",
    "Contact",
    "ContactReassignment",
    "Customer",
    "CustomerIdentifier",
    "CustomerKind",
    "CustomerLink",
    "Direction",
    "ExportState",
    "Forgetting",
    "IdentifierKind",
    "Incident",
    "Language",
    "LegalHold",
    "LinkKind",
    "RedactionDecision",
    "RedactionItem",
    "ReferenceSequence",
    "ReportedTo",
    "SenderConsent",
    "SensitiveNote",
    "SensitiveNoteView",
    "Severity",
    "SubjectAccessExport",
    "ThirdPartyKind",
    "next_reference",
]
