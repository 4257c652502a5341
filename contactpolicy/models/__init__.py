from .exports import Export
from .notifications import Notification, NotificationSettings, Reminder, ReminderStage
from .operations import RetentionRun, TaskSuccess
from .privacy import LawfulBasis
from .profiles import (
    BehaviourCategory,
    ChecklistItem,
    ClosureDay,
    DecisionRule,
    NoReplyException,
    OfficeHours,
    PolicyProfile,
    ProfileRevision,
    RetentionKind,
    RetentionPeriod,
    RetentionTrigger,
    SanctionType,
    Service,
    ServiceStandard,
)
from .sign_in import ProviderSecondFactor
from .submissions import FormSubmission
from .users import User

__all__ = [
    "BehaviourCategory",
    "ChecklistItem",
    "ClosureDay",
    "DecisionRule",
    "Export",
    "FormSubmission",
    "LawfulBasis",
    "NoReplyException",
    "Notification",
    "NotificationSettings",
    "OfficeHours",
    "PolicyProfile",
    "ProfileRevision",
    "ProviderSecondFactor",
    "Reminder",
    "ReminderStage",
    "RetentionKind",
    "RetentionPeriod",
    "RetentionRun",
    "RetentionTrigger",
    "SanctionType",
    "Service",
    "ServiceStandard",
    "TaskSuccess",
    "User",
]
