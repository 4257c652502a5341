from django.apps import AppConfig


class AppealsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "appeals"

    def ready(self) -> None:
        from appeals.notice_values import appeal_merge_values
        from notices.letter import register_merge_values

        register_merge_values(appeal_merge_values)
