"""Writes to the policy profile."""

from django.db import transaction

from contactpolicy.dispatch import send_after_commit
from contactpolicy.models import PolicyProfile, User

RECOMPUTE_DUE_DATES = "cases.recompute_due_dates"


def calendar_changed() -> None:
    """The working days changed (a closure day, office hours, the profile): due dates move."""
    send_after_commit(RECOMPUTE_DUE_DATES)


@transaction.atomic
def profile_activate(*, slug: str, actor: User | None = None) -> PolicyProfile:
    """Make the profile `slug` the one the application follows, and no other.

    The others are deactivated first: the partial unique constraint `one_active_profile`
    refuses a second active row even for a moment. Each change is saved through the model so
    that simple-history records it (with `actor` when given). Activating the active profile
    changes nothing.

    Raises PolicyProfile.DoesNotExist, naming the available slugs, for an unknown slug.
    """
    try:
        profile = PolicyProfile.objects.select_for_update().get(slug=slug)
    except PolicyProfile.DoesNotExist:
        available = ", ".join(PolicyProfile.objects.order_by("slug").values_list("slug", flat=True))
        raise PolicyProfile.DoesNotExist(
            f"There is no policy profile {slug!r}. "
            f"Available: {available or 'none (load one with manage.py loaddata)'}."
        ) from None
    if profile.is_active:
        return profile
    for other in PolicyProfile.objects.select_for_update().filter(is_active=True):
        other.is_active = False
        if actor is not None:
            other._history_user = actor
        other.save(update_fields=["is_active"])
    profile.is_active = True
    if actor is not None:
        profile._history_user = actor
    profile.save(update_fields=["is_active"])
    calendar_changed()
    return profile
