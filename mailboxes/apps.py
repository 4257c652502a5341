from django.apps import AppConfig


class MailboxesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mailboxes"
    verbose_name = "Mailboxes"

    def ready(self) -> None:
        from contactpolicy.health import checks_register
        from mailboxes.health import mailbox_checks

        checks_register(mailbox_checks)
