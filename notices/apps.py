from django.apps import AppConfig


class NoticesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notices"

    def ready(self) -> None:
        from notices.views import decision_panel
        from restrictions.views.decisions import decision_panel_register

        decision_panel_register("notices/_decision_letter.html", decision_panel)
