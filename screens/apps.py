from django.apps import AppConfig


class ScreensConfig(AppConfig):
    """The screens that combine several apps; the one app that may import every other."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "screens"
