from .audit import AuditEvent, AuditEventType
from .decisions import (
    EXCEPTIONAL_CIRCUMSTANCES,
    Approval,
    ApprovalOutcome,
    Decision,
    DecisionStatus,
)
from .lifecycle import RESTRICTING_STATES, RestrictionCase, Scope, Stage
from .referrals import Referral, ReferralKind
from .sanctions import CheckOutcome, ContactCheck, Sanction, SanctionStatus

__all__ = [
    "EXCEPTIONAL_CIRCUMSTANCES",
    "RESTRICTING_STATES",
    "Approval",
    "ApprovalOutcome",
    "AuditEvent",
    "AuditEventType",
    "CheckOutcome",
    "ContactCheck",
    "Decision",
    "DecisionStatus",
    "Referral",
    "ReferralKind",
    "RestrictionCase",
    "Sanction",
    "SanctionStatus",
    "Scope",
    "Stage",
]
