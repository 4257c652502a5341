from .contacts import Contact, ContactReassignment, Direction
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
    "IdentifierKind",
    "Incident",
    "Language",
    "LinkKind",
    "RedactionDecision",
    "RedactionItem",
    "ReferenceSequence",
    "ReportedTo",
    "SensitiveNote",
    "SensitiveNoteView",
    "Severity",
    "SubjectAccessExport",
    "ThirdPartyKind",
    "next_reference",
]
