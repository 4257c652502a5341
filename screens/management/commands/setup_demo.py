from django.core.management.base import BaseCommand

from screens.demo import setup_demo


class Command(BaseCommand):
    help = "Load the policy profiles (BTPA active) and one demonstration user per role."

    def handle(self, *args, **options):
        setup_demo(self.stdout)
