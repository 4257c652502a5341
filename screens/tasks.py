from celery import shared_task

from contactpolicy.selectors import NoActiveProfile, profile_get_active
from screens.retention.sweep import retention_sweep
from screens.subject_access.services import (
    BUILD_TASK,
    RELEASE_TASK,
    export_build,
    release_build,
)


@shared_task(name="screens.retention_sweep")
def retention_sweep_task() -> int:
    """Anonymise what has passed its date in the active profile's retention schedule
    (scheduled nightly; idempotent). Returns how many rows were anonymised."""
    try:
        profile = profile_get_active()
    except NoActiveProfile:
        return 0
    return retention_sweep(profile=profile).total


@shared_task(name=BUILD_TASK, autoretry_for=(OSError,), retry_backoff=True)
def subject_access_build(export_id: int) -> bool:
    """Build a subject access export's full copy (idempotent: see `export_build`)."""
    return export_build(export_id=export_id)


@shared_task(name=RELEASE_TASK, autoretry_for=(OSError,), retry_backoff=True)
def subject_access_release(export_id: int) -> bool:
    """Build its release copy, with the reviewer's redactions (idempotent)."""
    return release_build(export_id=export_id)
