from django.core.management.base import BaseCommand, CommandError

from contactpolicy.selectors import NoActiveProfile, profile_get_active
from screens.retention.sweep import BATCH_SIZE, retention_sweep


class Command(BaseCommand):
    help = (
        "Anonymise every record past its date in the active profile's retention schedule. "
        "With --dry-run, say what would be anonymised and change nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what is due; change nothing."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Rows changed in each transaction (default {BATCH_SIZE}).",
        )

    def handle(self, *args, dry_run: bool, batch_size: int, **options):
        if not 1 <= batch_size <= 100_000:
            raise CommandError("--batch-size must be between 1 and 100000")
        try:
            profile = profile_get_active()
        except NoActiveProfile as error:
            raise CommandError(
                "No policy profile is active: activate one first (manage.py activate_profile)."
            ) from error
        result = retention_sweep(profile=profile, dry_run=dry_run, batch_size=batch_size)
        for line in result.lines():
            self.stdout.write(line)
