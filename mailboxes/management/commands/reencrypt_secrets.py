from django.core.management.base import BaseCommand
from django.db import transaction

from contactpolicy.encryption import reencrypt
from mailboxes.models import Mailbox

FIELDS = ("secret_encrypted", "client_secret_encrypted", "access_token_encrypted")


class Command(BaseCommand):
    help = (
        "Encrypt every stored mailbox secret again under the current SECRET_KEY (after "
        "rotating it, with the old key in SECRET_KEY_FALLBACKS)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        count = 0
        for mailbox in Mailbox.objects.select_for_update():
            values = {name: reencrypt(getattr(mailbox, name)) for name in FIELDS}
            Mailbox.objects.filter(pk=mailbox.pk).update(**values)
            count += 1
        self.stdout.write(f"{count} mailboxes' secrets encrypted under the current key")
