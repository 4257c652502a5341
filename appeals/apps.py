from django.apps import AppConfig


class AppealsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "appeals"

    def ready(self) -> None:
        from appeals.models import AppealEventType
        from appeals.notice_values import (
            appeal_merge_values,
            appeal_notice_kind,
            appeal_signatory,
        )
        from appeals.views import case_panel
        from notices.letter import (
            register_merge_values,
            register_notice_kind,
            register_signatory,
        )
        from restrictions.models import event_types_register
        from restrictions.views.decisions import case_panel_register

        register_merge_values(appeal_merge_values)
        register_notice_kind(appeal_notice_kind)
        register_signatory(appeal_signatory)
        case_panel_register("appeals/_case_appeals.html", case_panel)
        event_types_register(AppealEventType)
