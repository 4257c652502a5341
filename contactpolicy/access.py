"""Who may do what: the role checks every view and service relies on.

Every member of staff holds at least one casework role; a signed-in account without one
sees only its dashboard. Views use `role_required`; object access goes through the
`<object>_get_for_user` helpers of each app, which call these.
"""

from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied

from contactpolicy.roles import MANAGER_ROLES, Role

STAFF_ROLES = (Role.CASEWORKER, Role.LINE_MANAGER, Role.HEAD_OF_SERVICE, Role.CHIEF_EXECUTIVE)


@dataclass(frozen=True)
class Answer:
    """An access module's answer to "may this person do this?": truthy when allowed, else
    the reason in plain words; `role`, where it matters, the role that allowed it. Asked
    by every app's `may_*` predicates and `available_actions`."""

    allowed: bool
    reason: str = ""
    role: str = ""

    def __bool__(self) -> bool:
        return self.allowed


def require_role(user, *roles: str) -> None:
    if not user.is_authenticated or not user.has_role(*roles):
        raise PermissionDenied("Your role does not allow this.")


def require_staff(user) -> None:
    require_role(user, *STAFF_ROLES)


def require_manager(user) -> None:
    require_role(user, *MANAGER_ROLES)


def role_required(*roles: str):
    """View decorator: 403 unless the user holds one of `roles` (default: any casework role)."""
    wanted = roles or STAFF_ROLES

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require_role(request.user, *wanted)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Administrators keep the organisation's letterhead, as they keep its notice templates.
LETTERHEAD_EDITOR_ROLES = (Role.ADMINISTRATOR,)


def may_edit_letterhead(user) -> Answer:
    if user.is_authenticated and user.has_role(*LETTERHEAD_EDITOR_ROLES):
        return Answer(True)
    return Answer(False, "Only an administrator can change the letterhead.")


# The records of processing are the administrators' to keep, with the letterhead.
PRIVACY_ROLES = (Role.ADMINISTRATOR,)


# The profile editor is the administrators', as the letterhead is; the first run is a
# superuser's, who sets up the first administrator.
PROFILE_EDITOR_ROLES = (Role.ADMINISTRATOR,)


def may_edit_profile(user) -> Answer:
    if user.is_authenticated and user.has_role(*PROFILE_EDITOR_ROLES):
        return Answer(True)
    return Answer(False, "Only an administrator can change the policy profile.")


def may_run_first_run(user) -> Answer:
    if user.is_authenticated and user.is_superuser:
        return Answer(True)
    return Answer(False, "Only a superuser sets up the organisation.")
