"""Who may read the reports (issue 21, item 6), in one place.

Heads of service and the Chief Executive read the whole organisation's report, or any
service's or team's; a line manager reads their own team's, the staff below them;
caseworkers and administrators read none. The records behind a figure are shown within
the same scope, and only what each record's own page would show to staff.
"""

from django.core.exceptions import PermissionDenied

from contactpolicy.access import Answer
from contactpolicy.roles import Role
from screens.reports.model import Scope

WHOLE_ORGANISATION_ROLES = (Role.HEAD_OF_SERVICE, Role.CHIEF_EXECUTIVE)
REPORT_ROLES = (Role.LINE_MANAGER, *WHOLE_ORGANISATION_ROLES)


def may_read_reports(user) -> Answer:
    if user.is_authenticated and user.has_role(*REPORT_ROLES):
        return Answer(True)
    return Answer(False, "Reports are for line managers, heads of service and the Chief Executive.")


def may_read_whole_organisation(user) -> bool:
    """Any service's or team's report, or the whole organisation's."""
    return user.is_authenticated and user.has_role(*WHOLE_ORGANISATION_ROLES)


def may_read_scope(user, scope: Scope) -> Answer:
    if not may_read_reports(user):
        return may_read_reports(user)
    if may_read_whole_organisation(user) or scope.team_lead_id == user.pk:
        return Answer(True)
    return Answer(False, "A line manager reads the report of their own team only.")


def require_report_reader(user) -> None:
    answer = may_read_reports(user)
    if not answer:
        raise PermissionDenied(answer.reason)


def require_scope(user, scope: Scope) -> None:
    answer = may_read_scope(user, scope)
    if not answer:
        raise PermissionDenied(answer.reason)
