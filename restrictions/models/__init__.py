from .audit import AuditEvent, AuditEventType, event_types_register
from .decisions import (
    EXCEPTIONAL_CIRCUMSTANCES,
    Approval,
    ApprovalOutcome,
    Decision,
    DecisionStatus,
)
from .injunctions import InjunctionDecision
from .lifecycle import RESTRICTING_STATES, RestrictionCase, Scope, Stage
from .referrals import Referral, ReferralKind
from .reviews import (
    OPEN_REVIEW_STATES,
    WAITING_REVIEW_STATES,
    Representation,
    RequestedBy,
    Review,
    ReviewState,
)
from .sanctions import CheckOutcome, ContactCheck, Sanction, SanctionStatus

__all__ = [
    "EXCEPTIONAL_CIRCUMSTANCES",
    "OPEN_REVIEW_STATES",
    "RESTRICTING_STATES",
    "WAITING_REVIEW_STATES",
    "Approval",
    "ApprovalOutcome",
    "AuditEvent",
    "AuditEventType",
    "CheckOutcome",
    "ContactCheck",
    "Decision",
    "DecisionStatus",
    "InjunctionDecision",
    "Referral",
    "ReferralKind",
    "Representation",
    "RequestedBy",
    "RestrictionCase",
    "Review",
    "ReviewState",
    "Sanction",
    "SanctionStatus",
    "Scope",
    "Stage",
    "event_types_register",
]
