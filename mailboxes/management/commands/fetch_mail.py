from django.core.management.base import BaseCommand, CommandError

from mailboxes.fetch import mailboxes_poll
from mailboxes.models import Mailbox


class Command(BaseCommand):
    help = "Take in new messages from the mailboxes now (all whose interval has passed, or one)."

    def add_arguments(self, parser):
        parser.add_argument("--mailbox", default="", help="The mailbox's name: poll it at once.")

    def handle(self, *args, mailbox: str = "", **options):
        if mailbox and not Mailbox.objects.filter(name=mailbox).exists():
            raise CommandError(f"No mailbox is called {mailbox!r}")
        failed = False
        for result in mailboxes_poll(name=mailbox):
            if result.busy:
                self.stdout.write(f"{result.mailbox}: being polled by another worker")
            elif result.error:
                failed = True
                self.stderr.write(f"{result.mailbox}: {result.error}")
            else:
                self.stdout.write(
                    f"{result.mailbox}: {result.taken_in} taken in, {result.skipped} already in"
                )
        if failed:
            raise CommandError("A mailbox could not be polled")
