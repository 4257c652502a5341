from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_migrate, post_save


def _ensure_roles(sender, **kwargs) -> None:
    from contactpolicy.roles import ensure_groups

    ensure_groups()


def _sync_schedule(sender, using="default", **kwargs) -> None:
    from contactpolicy.schedule import periodic_tasks_sync

    periodic_tasks_sync(using=using)


def _start_idle_clock(sender, request, user, **kwargs) -> None:
    """Signing in is activity: saved with the new session, so no page pays a write for it."""
    from contactpolicy.middleware import record_activity

    if request is not None and hasattr(request, "session"):
        record_activity(request)


def _rules_changed(sender, **kwargs) -> None:
    """Runs inside the transaction that saves or deletes the row (admin, loaddata,
    activate_profile), so the new token commits, or rolls back, with the change."""
    from contactpolicy.models import ProfileRevision

    ProfileRevision.bump()


class ContactPolicyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "contactpolicy"
    verbose_name = "Contact policy"

    def ready(self) -> None:
        from contactpolicy import checks  # noqa: F401  (registers the deployment checks)

        # Not limited to this app's signal: the Administrator's permissions belong to other
        # apps too, and are only there once their own post_migrate handlers have run.
        post_migrate.connect(_ensure_roles, dispatch_uid="contactpolicy-roles")
        post_migrate.connect(_sync_schedule, sender=self, dispatch_uid="contactpolicy-schedule")
        user_logged_in.connect(_start_idle_clock, dispatch_uid="contactpolicy-idle-clock")
        from contactpolicy.models import profiles

        request_started.connect(
            profiles.ProfileRevision.request_began, dispatch_uid="profile-revision-request"
        )
        request_finished.connect(
            profiles.ProfileRevision.request_ended, dispatch_uid="profile-revision-request"
        )

        for model in (
            profiles.PolicyProfile,
            profiles.OfficeHours,
            profiles.ServiceStandard,
            profiles.NoReplyException,
            profiles.BehaviourCategory,
            profiles.SanctionType,
            profiles.DecisionRule,
            profiles.ChecklistItem,
            profiles.ClosureDay,
            profiles.RetentionPeriod,
        ):
            for signal in (post_save, post_delete):
                signal.connect(
                    _rules_changed, sender=model, dispatch_uid=f"rules-changed-{model.__name__}"
                )
        # Register every app's tasks in this process too, not only in the worker, so that
        # tasks sent by name run in-process where eager mode is on (the tests).
        from contactpolicy.celery import app

        app.autodiscover_tasks(force=True)
