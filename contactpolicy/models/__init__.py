from .notifications import Notification, NotificationSettings, Reminder, ReminderStage
from .profiles import (
    BehaviourCategory,
    ChecklistItem,
    ClosureDay,
    DecisionRule,
    NoReplyException,
    OfficeHours,
    PolicyProfile,
    SanctionType,
    ServiceStandard,
)
from .submissions import FormSubmission
from .users import User

__all__ = [
    "BehaviourCategory",
    "ChecklistItem",
    "ClosureDay",
    "DecisionRule",
    "FormSubmission",
    "NoReplyException",
    "Notification",
    "NotificationSettings",
    "OfficeHours",
    "PolicyProfile",
    "Reminder",
    "ReminderStage",
    "SanctionType",
    "ServiceStandard",
    "User",
]
