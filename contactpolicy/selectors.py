"""Reads of the policy profile: the one way the rest of the product learns the rules."""

from contactpolicy.models import ClosureDay, PolicyProfile
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


def profile_get_active() -> PolicyProfile:
    """The active profile with all its rules prefetched (1 + 7 queries, whatever the rows).

    Raises NoActiveProfile when none is active.
    """
    try:
        return PolicyProfile.objects.prefetch_related(*PROFILE_PREFETCH).get(is_active=True)
    except PolicyProfile.DoesNotExist:
        raise NoActiveProfile() from None


def profile_list() -> list[PolicyProfile]:
    """Every loaded profile, by slug."""
    return list(PolicyProfile.objects.order_by("slug"))


def profile_calendar(profile: PolicyProfile) -> WorkCalendar:
    """The profile's calendar with the organisation's closure days (one query for those)."""
    closure_days = ClosureDay.objects.values_list("date", flat=True)
    return profile.calendar(closure_days)


def profile_get(*, slug: str) -> PolicyProfile:
    """One profile, active or not, with all its rules prefetched (1 + 7 queries)."""
    return PolicyProfile.objects.prefetch_related(*PROFILE_PREFETCH).get(slug=slug)
