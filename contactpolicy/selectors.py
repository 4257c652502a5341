"""Reads of the policy profile: the one way the rest of the product learns the rules."""

import threading

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from contactpolicy.models import ClosureDay, PolicyProfile, ProfileRevision, Service, User
from contactpolicy.workcalendar import WorkCalendar

# Everything a screen or a service reads from a profile, fetched in one query each.
PROFILE_PREFETCH = (
    "office_hours",
    "service_standards",
    "no_reply_exceptions",
    "behaviour_categories",
    "sanction_types",
    "decision_rules",
    "checklist_items",
)


class NoActiveProfile(LookupError):
    """No policy profile is active, so the application does not know the rules it follows."""

    def __init__(
        self,
        message: str = ("No policy profile is active. Run: manage.py activate_profile <slug>"),
    ) -> None:
        super().__init__(message)


# The active profile and the closure days, kept per process under the revision token read
# with them. Every request pays one query by primary key for the token instead of eight for
# the rules. Not a shared cache with a time to live: that would serve the old rules to
# every process until it expired, whereas the token, changed in the same transaction as
# the rules (contactpolicy.apps), makes a change visible to the very next request.
_active: dict[str, tuple[str, PolicyProfile, tuple]] = {}
_active_lock = threading.Lock()


def profile_get_active() -> PolicyProfile:
    """The active profile with all its rules prefetched: one query while nothing changed,
    1 + 1 + 7 the first time after a change (the token, the profile, its rules).

    The profile is shared by every request of this process: read it, never change it.
    Raises NoActiveProfile when none is active.
    """
    token = ProfileRevision.current()
    cached = _active.get("profile")
    if cached is not None and cached[0] == token:
        return cached[1]
    try:
        profile = PolicyProfile.objects.prefetch_related(*PROFILE_PREFETCH).get(is_active=True)
    except PolicyProfile.DoesNotExist:
        raise NoActiveProfile() from None
    profile._closure_days = tuple(ClosureDay.objects.values_list("date", flat=True))
    with _active_lock:
        _active["profile"] = (token, profile, profile._closure_days)
    return profile


def profile_forget_active() -> None:
    """Drop this process's copy of the active profile (the next read loads it again)."""
    with _active_lock:
        _active.clear()


def profile_list() -> list[PolicyProfile]:
    """Every loaded profile, by slug."""
    return list(PolicyProfile.objects.order_by("slug"))


def profile_calendar(profile: PolicyProfile) -> WorkCalendar:
    """The profile's calendar with the organisation's closure days: no query for the
    active profile, which holds them (profile_get_active), one for any other."""
    closure_days = getattr(profile, "_closure_days", None)
    if closure_days is None:
        closure_days = ClosureDay.objects.values_list("date", flat=True)
    return profile.calendar(closure_days)


def profile_get(*, slug: str) -> PolicyProfile:
    """One profile, active or not, with all its rules prefetched (1 + 7 queries)."""
    return PolicyProfile.objects.prefetch_related(*PROFILE_PREFETCH).get(slug=slug)


def staff_below(manager) -> QuerySet:
    """Everyone in `manager`'s team: the people who report to them, the people who report
    to those, and so on down the whole line-manager tree (a head of service's team is their
    service, not only their direct reports). One query, however deep the tree: a recursive
    subquery, whose UNION also stops at a loop in the line-manager records."""
    table = User._meta.db_table
    sql = (
        f"WITH RECURSIVE below(id) AS ("  # noqa: S608 - the table name comes from the model
        f"SELECT id FROM {table} WHERE line_manager_id = %s UNION "
        f"SELECT person.id FROM {table} person JOIN below ON person.line_manager_id = below.id"
        ") SELECT id FROM below"
    )
    below = RawSQL(sql, [manager.pk])  # noqa: S611 - the only value is a parameter
    return User.objects.filter(pk__in=below).exclude(pk=manager.pk)


def services_kept() -> bool:
    """Whether the organisation keeps a list of services, so forms ask which (one query)."""
    return Service.objects.filter(is_active=True).exists()


def services_offered() -> list[Service]:
    """The organisation's services staff choose from, by name (one query); empty when it
    keeps no list, and then forms do not ask."""
    return list(Service.objects.filter(is_active=True).order_by("name"))
