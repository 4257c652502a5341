from celery import shared_task

from screens.subject_access.services import (
    BUILD_TASK,
    RELEASE_TASK,
    export_build,
    release_build,
)


@shared_task(name=BUILD_TASK, autoretry_for=(OSError,), retry_backoff=True)
def subject_access_build(export_id: int) -> bool:
    """Build a subject access export's full copy (idempotent: see `export_build`)."""
    return export_build(export_id=export_id)


@shared_task(name=RELEASE_TASK, autoretry_for=(OSError,), retry_backoff=True)
def subject_access_release(export_id: int) -> bool:
    """Build its release copy, with the reviewer's redactions (idempotent)."""
    return release_build(export_id=export_id)
