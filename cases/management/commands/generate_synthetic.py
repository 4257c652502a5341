"""`manage.py generate_synthetic`: a deterministic full-size data set for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from cases import synthetic
from contactpolicy.selectors import NoActiveProfile


def _positive(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic customers, identifiers, officers and contacts "
        "(deterministic for a seed; bulk inserts, no history rows). See cases/synthetic.py."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--customers",
            type=_positive,
            default=synthetic.DEFAULT_CUSTOMERS,
            help="How many customers (default %(default)s).",
        )
        parser.add_argument(
            "--contacts",
            type=_positive,
            default=synthetic.DEFAULT_CONTACTS,
            help="How many contacts (default %(default)s).",
        )
        parser.add_argument(
            "--officers",
            type=int,
            default=synthetic.DEFAULT_OFFICERS,
            help=f"How many caseworkers, in teams of {synthetic.TEAM_SIZE} under line managers "
            "(default %(default)s).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="The same seed gives the same data (default 1)."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=synthetic.DEFAULT_BATCH_SIZE,
            help="Rows per INSERT (default %(default)s).",
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help="Add to a database that already holds customers.",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            result = synthetic.generate(
                customers=options["customers"],
                contacts=options["contacts"],
                officers=options["officers"],
                seed=options["seed"],
                batch_size=options["batch_size"],
                append=options["append"],
                progress=self.stdout.write,
            )
        except NoActiveProfile:
            raise CommandError(
                "No policy profile is active, and the contacts' clocks come from it. Run "
                "`manage.py setup_demo` (loads the profiles, BTPA active) or "
                "`manage.py activate_profile <slug>` first."
            ) from None
        except (synthetic.DatabaseNotEmpty, ValueError) as error:
            raise CommandError(str(error)) from None
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {result.customers:,} customers, {result.identifiers:,} identifiers "
                f"and {result.contacts:,} contacts ({result.open_contacts:,} open) for "
                f"{result.officers} officers in {elapsed:,.1f} s "
                f"({result.rows / elapsed:,.0f} rows/s)."
            )
        )
        for phase, (rows, seconds) in result.phases.items():
            rate = rows / seconds if seconds else 0
            self.stdout.write(f"  {phase}: {rows:,} rows in {seconds:,.1f} s ({rate:,.0f} rows/s)")
