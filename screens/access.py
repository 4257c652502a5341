"""Who may read the pages that combine several apps: the logs and the exports.

The logs the policies name are for managers (issue 21): heads of service and the Chief
Executive read the whole organisation's, a line manager their own team's (everyone below
them in the line-manager tree, and their own records), a caseworker none.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from contactpolicy.access import Answer
from contactpolicy.roles import MANAGER_ROLES, Role, roles_at_least

ORGANISATION_WIDE_LOG_ROLES = roles_at_least(Role.HEAD_OF_SERVICE)
# Who took which export: the people who answer for what leaves the organisation.
EXPORTS_READER_ROLES = (*roles_at_least(Role.HEAD_OF_SERVICE), Role.ADMINISTRATOR)


def may_read_logs(user) -> Answer:
    if user.is_authenticated and user.has_role(*MANAGER_ROLES):
        return Answer(True)
    return Answer(False, "Only managers can read the logs.")


def logs_team_lead(user):
    """Whose team's records the user reads in a log: None for the whole organisation,
    else the user themself, a line manager. Refused for anyone who may not read logs."""
    answer = may_read_logs(user)
    if not answer:
        raise PermissionDenied(answer.reason)
    return None if user.has_role(*ORGANISATION_WIDE_LOG_ROLES) else user


def may_read_exports(user) -> Answer:
    if user.is_authenticated and user.has_role(*EXPORTS_READER_ROLES):
        return Answer(True)
    return Answer(
        False, "Only heads of service, the Chief Executive and administrators see the exports."
    )


def require_exports_reader(user) -> None:
    answer = may_read_exports(user)
    if not answer:
        raise PermissionDenied(answer.reason)
