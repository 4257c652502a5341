from django.apps import AppConfig


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"

    def ready(self) -> None:
        from cases import timeline

        timeline.register(
            timeline.Source(
                kind="contact",
                rows=lambda customer: customer.contacts.all(),
                moment="received_at",
                template="cases/timeline/_contact.html",
                related=("officer", "case"),
            )
        )
        timeline.register(
            timeline.Source(
                kind="incident",
                rows=lambda customer: customer.incidents.all(),
                moment="occurred_at",
                template="cases/timeline/_incident.html",
                related=("category", "recorded_by"),
            )
        )
