"""Seconds for a full reminder sweep at the benchmark size (DESIGN.md §10, issue 13).

    DATABASE_URL=postgres://.../<a copy of the benchmark database> \
        .venv/bin/python -m benchmarks.sweeps [--iterations 5]

Runs against a database made by `benchmarks.generate_synthetic` (1,000,000 contacts, 20,000
open), migrated. Each iteration runs, inside one transaction that is rolled back, every
sweep once with no reminder recorded yet (the worst case: every reminder due is inserted,
claimed and raised) and then once more (the usual case: nothing new). The rollback leaves
the database as it was, and no email is queued, since nothing commits. Target (issue 13):
a full sweep under 5 s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contactpolicy.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

TARGET = 5.0


def full_sweep(now) -> int:
    from appeals.reminders import appeals_remind
    from cases.reminders import contacts_remind
    from notices.reminders import notices_remind
    from restrictions.reminders import reviews_remind

    return (
        contacts_remind(now=now)
        + reviews_remind(now=now)
        + appeals_remind(now=now)
        + notices_remind(now=now)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=5)
    options = parser.parse_args()

    from cases.models import Contact

    print(f"database: {connection.vendor}, {Contact.objects.count():,} contacts, "
          f"{Contact.objects.filter(next_due_at__isnull=False).count():,} open")  # fmt: skip
    first, again, raised = [], [], 0
    for _ in range(options.iterations):
        with transaction.atomic():
            now = timezone.now()
            start = time.perf_counter()
            raised = full_sweep(now)
            first.append(time.perf_counter() - start)
            start = time.perf_counter()
            assert full_sweep(now) == 0
            again.append(time.perf_counter() - start)
            transaction.set_rollback(True)
    for label, times in (("first sweep (all new)", first), ("second sweep (none new)", again)):
        print(
            f"{label}: median {statistics.median(times):.2f} s, max {max(times):.2f} s "
            f"({'met' if max(times) < TARGET else 'MISSED'}: < {TARGET} s)"
        )
    print(f"reminders raised by a first sweep: {raised:,}")
    return 0 if max(first + again) < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
