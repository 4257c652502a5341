from dataclasses import replace

from django.apps import AppConfig


class RestrictionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "restrictions"

    def ready(self) -> None:
        from cases import timeline
        from restrictions.models import Decision, DecisionStatus

        timeline.register(
            timeline.Source(
                kind="decision",
                rows=lambda customer: Decision.objects.filter(
                    restriction_case__customer=customer
                ).exclude(status=DecisionStatus.DRAFT),
                moment="created_at",
                template="restrictions/timeline/_decision.html",
                related=("proposed_by", "restriction_case"),
            )
        )
        # A contact's check against the restriction (permitted or a breach) shows with it.
        contact = timeline.SOURCES["contact"]
        timeline.SOURCES["contact"] = replace(
            contact, related=(*contact.related, "restriction_check")
        )
