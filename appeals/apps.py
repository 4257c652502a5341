from django.apps import AppConfig


class AppealsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "appeals"

    def ready(self) -> None:
        from appeals.notice_values import appeal_merge_values
        from appeals.views import case_panel
        from notices.letter import register_merge_values
        from restrictions.views.decisions import case_panel_register

        register_merge_values(appeal_merge_values)
        case_panel_register("appeals/_case_appeals.html", case_panel)
