"""Who may read the pages that combine several apps: the reports, the logs and the exports.

Reports and logs are for managers (issue 21, item 6): heads of service and the Chief
Executive read the whole organisation's, or any service's or team's; a line manager their
own team's (everyone below them in the line-manager tree, and their own records);
caseworkers and administrators none. The records behind a report's figure are shown
within the same scope, and only what each record's own page would show to staff.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from contactpolicy.access import Answer
from contactpolicy.roles import MANAGER_ROLES, Role, roles_at_least
from screens.reports.model import Scope

WHOLE_ORGANISATION_ROLES = roles_at_least(Role.HEAD_OF_SERVICE)
# Who took which export: the people who answer for what leaves the organisation.
EXPORTS_READER_ROLES = (*WHOLE_ORGANISATION_ROLES, Role.ADMINISTRATOR)


def _require(answer: Answer) -> None:
    if not answer:
        raise PermissionDenied(answer.reason)


def may_read_reports(user) -> Answer:
    if user.is_authenticated and user.has_role(*MANAGER_ROLES):
        return Answer(True)
    return Answer(False, "Reports are for line managers, heads of service and the Chief Executive.")


def may_read_whole_organisation(user) -> bool:
    """Any service's or team's report or log, or the whole organisation's."""
    return user.is_authenticated and user.has_role(*WHOLE_ORGANISATION_ROLES)


def may_read_scope(user, scope: Scope) -> Answer:
    answer = may_read_reports(user)
    if not answer:
        return answer
    if may_read_whole_organisation(user) or scope.team_lead_id == user.pk:
        return Answer(True)
    return Answer(False, "A line manager reads the report of their own team only.")


def require_report_reader(user) -> None:
    _require(may_read_reports(user))


def require_scope(user, scope: Scope) -> None:
    _require(may_read_scope(user, scope))


def may_read_logs(user) -> Answer:
    if user.is_authenticated and user.has_role(*MANAGER_ROLES):
        return Answer(True)
    return Answer(False, "Only managers can read the logs.")


def logs_team_lead(user):
    """Whose team's records the user reads in a log: None for the whole organisation,
    else the user themself, a line manager. Refused for anyone who may not read logs."""
    _require(may_read_logs(user))
    return None if may_read_whole_organisation(user) else user


def may_read_exports(user) -> Answer:
    if user.is_authenticated and user.has_role(*EXPORTS_READER_ROLES):
        return Answer(True)
    return Answer(
        False, "Only heads of service, the Chief Executive and administrators see the exports."
    )


def require_exports_reader(user) -> None:
    _require(may_read_exports(user))


# The audit log (ADR 0028): the administrators who keep the accounts and the profile, and
# the Chief Executive who answers for the organisation. The product has no auditor role.
AUDIT_LOG_ROLES = (Role.ADMINISTRATOR, Role.CHIEF_EXECUTIVE)


def may_read_audit_log(user) -> Answer:
    if user.is_authenticated and user.has_role(*AUDIT_LOG_ROLES):
        return Answer(True)
    return Answer(False, "Only administrators and the Chief Executive read the audit log.")


def require_audit_log_reader(user) -> None:
    _require(may_read_audit_log(user))
