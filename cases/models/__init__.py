from .contacts import Contact, Direction
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
from .matters import Case, CaseStatus
from .references import ReferenceSequence, next_reference

__all__ = [
    "AccessibilityFormat",
    "Case",
    "CaseStatus",
    "Contact",
    "Customer",
    "CustomerIdentifier",
    "CustomerKind",
    "CustomerLink",
    "Direction",
    "IdentifierKind",
    "Language",
    "LinkKind",
    "ReferenceSequence",
    "SensitiveNote",
    "SensitiveNoteView",
    "next_reference",
]
