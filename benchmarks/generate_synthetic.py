"""Fill the database with a deterministic full-size data set for the benchmarks.

    .venv/bin/python -m benchmarks.generate_synthetic --append   # --customers, --contacts, --seed

The generator is `benchmarks/synthetic.py`; it lives with the benchmarks, outside the
product's apps, which never import it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def _positive(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contactpolicy.settings")
    import django

    django.setup()
    from benchmarks import synthetic
    from contactpolicy.selectors import NoActiveProfile

    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate_synthetic",
        description=(
            "Fill the database with synthetic customers, identifiers, officers, contacts, "
            "matters, incidents and restriction histories "
            "(deterministic for a seed; bulk inserts, no history rows). "
            "See benchmarks/synthetic.py."
        ),
    )
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
        "--incidents",
        type=_positive,
        default=None,
        help="How many incidents (default: one for every fifty contacts, 20,000 for the "
        "default size; those behind each restriction are always written).",
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
    args = parser.parse_args(argv)

    started = time.perf_counter()
    try:
        result = synthetic.generate(
            customers=args.customers,
            contacts=args.contacts,
            officers=args.officers,
            seed=args.seed,
            batch_size=args.batch_size,
            incidents=args.incidents,
            append=args.append,
            progress=print,
        )
    except NoActiveProfile:
        print(
            "No policy profile is active, and the contacts' clocks come from it. Run "
            "`manage.py setup_demo` (loads the profiles, BTPA active) or "
            "`manage.py activate_profile <slug>` first.",
            file=sys.stderr,
        )
        return 2
    except (synthetic.DatabaseNotEmpty, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    print(
        f"Generated {result.customers:,} customers, {result.identifiers:,} identifiers "
        f"and {result.contacts:,} contacts ({result.open_contacts:,} open) for "
        f"{result.officers} officers in {elapsed:,.1f} s "
        f"({result.rows / elapsed:,.0f} rows/s)."
    )
    for phase, (rows, seconds) in result.phases.items():
        rate = rows / seconds if seconds else 0
        print(f"  {phase}: {rows:,} rows in {seconds:,.1f} s ({rate:,.0f} rows/s)")
    print(
        f"  of which {result.matters:,} matters, {result.incidents:,} incidents, "
        f"{result.restriction_cases:,} restriction cases, {result.decisions:,} decisions, {result.sanctions:,} sanctions, "
        f"{result.reviews:,} reviews, {result.appeals:,} appeals, "
        f"{result.referrals:,} referrals"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
