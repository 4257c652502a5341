from django.core.management.base import BaseCommand, CommandError

from contactpolicy.health import health_checks


class Command(BaseCommand):
    help = (
        "Check the database, the broker, each worker and each periodic task; "
        "exit with an error if any is not working."
    )

    def handle(self, *args, **options):
        checks = health_checks()
        for check in checks:
            word = self.style.SUCCESS("working") if check.ok else self.style.ERROR("NOT WORKING")
            self.stdout.write(f"{check.group}: {check.name}: {word}: {check.detail}")
        failing = [check.name for check in checks if not check.ok]
        if failing:
            raise CommandError(f"Not working: {', '.join(failing)}")
