from celery import shared_task

from contactpolicy.selectors import NoActiveProfile, profile_get_active
from screens.retention.sweep import retention_sweep


@shared_task(name="screens.retention_sweep")
def retention_sweep_task() -> int:
    """Anonymise what has passed its date in the active profile's retention schedule
    (scheduled nightly; idempotent). Returns how many rows were anonymised."""
    try:
        profile = profile_get_active()
    except NoActiveProfile:
        return 0
    return retention_sweep(profile=profile).total
