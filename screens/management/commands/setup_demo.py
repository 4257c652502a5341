from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from screens.demo import setup_demo


class Command(BaseCommand):
    help = (
        "Load the policy profiles (BTPA active) and one demonstration user per role. "
        "Only with DEBUG on: the demonstration password is published."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "setup_demo only runs with DEBUG on: its users share a published password. "
                "make run sets DEBUG=true; never run it on a live service."
            )
        setup_demo(self.stdout)
