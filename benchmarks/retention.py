"""Minutes for the retention sweep over the benchmark data, with 10% of contacts past their
date (issue 22: under 10 minutes, in batches, without long locks).

    DATABASE_URL=postgres://.../<a COPY of the benchmark database> \\
        .venv/bin/python -m benchmarks.retention [--share 0.10]

Never run it on the benchmark database itself: the sweep commits, and anonymises for good.
It loads and activates the BTPA profile when none is active, and the active profile's shipped
schedule when it has none (six years after the customer's last activity), then picks the moment `now` at which `--share` of the contacts belong to
customers whose last activity is more than six years before it, so that share is past its
date. It times a dry run, the sweep itself (every batch timed: the longest is the longest
any transaction held its row locks), and a second run, which must do nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contactpolicy.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

TARGET_MINUTES = 10.0

LAST_ACTIVITY_SHARE = """
WITH per_customer AS (
    SELECT customer_id, MAX(received_at) AS last_activity, COUNT(*) AS contacts
    FROM cases_contact WHERE customer_id IS NOT NULL GROUP BY customer_id
), running AS (
    SELECT last_activity,
           SUM(contacts) OVER (ORDER BY last_activity ROWS UNBOUNDED PRECEDING) AS covered
    FROM per_customer
)
SELECT MIN(last_activity) FROM running
WHERE covered >= %s * (SELECT COUNT(*) FROM cases_contact)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--share", type=float, default=0.10)
    parser.add_argument("--batch-size", type=int, default=1000)
    options = parser.parse_args()

    from cases.models import Contact
    from contactpolicy.models import PolicyProfile, ProfileRevision
    from contactpolicy.retention import retention_schedule
    from contactpolicy.selectors import profile_get_active
    from screens.retention import sweep

    if not PolicyProfile.objects.filter(is_active=True).exists():
        call_command("loaddata", "fixtures/profiles/btpa.json", verbosity=0)
        PolicyProfile.objects.filter(slug="btpa").update(is_active=True)
    active = PolicyProfile.objects.get(is_active=True)
    if not active.retention_periods.exists():
        # A database made before the schedule existed: its shipped profile brings one.
        call_command(
            "loaddata", f"fixtures/profiles/{active.shipped_as or active.slug}.json", verbosity=0
        )
        PolicyProfile.objects.filter(pk=active.pk).update(is_active=True)
        ProfileRevision.bump()
    profile = profile_get_active()
    years = retention_schedule(profile)[sweep.RetentionKind.CONTACTS].years

    contacts = Contact.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(LAST_ACTIVITY_SHARE, [options.share])
        (moment,) = cursor.fetchone()
    now = moment.replace(year=moment.year + years) + timedelta(seconds=1)
    print(f"database: {connection.vendor}, {contacts:,} contacts; sweep as on {now:%Y-%m-%d}")

    batches: list[float] = []
    timed = sweep._anonymise_batch

    def timing(*args, **kwargs):
        started = time.perf_counter()
        try:
            return timed(*args, **kwargs)
        finally:
            batches.append(time.perf_counter() - started)

    sweep._anonymise_batch = timing

    started = time.perf_counter()
    dry = sweep.retention_sweep(profile=profile, now=now, dry_run=True)
    dry_seconds = time.perf_counter() - started
    print(f"dry run: {dry_seconds:.1f} s; " + "; ".join(dry.lines()))

    started = time.perf_counter()
    done = sweep.retention_sweep(profile=profile, now=now, batch_size=options.batch_size)
    run_seconds = time.perf_counter() - started
    print(f"sweep: {run_seconds / 60:.2f} min; " + "; ".join(done.lines()))
    share = done.counts[sweep.RetentionKind.CONTACTS] / contacts
    print(f"contacts anonymised: {done.counts[sweep.RetentionKind.CONTACTS]:,} ({share:.1%})")
    print(
        f"batches: {len(batches):,}, each its own transaction; median "
        f"{statistics.median(batches) * 1000:.0f} ms, longest {max(batches) * 1000:.0f} ms"
    )

    started = time.perf_counter()
    again = sweep.retention_sweep(profile=profile, now=now)
    print(f"second run: {time.perf_counter() - started:.1f} s, {again.total} rows")

    met = run_seconds / 60 < TARGET_MINUTES and again.total == 0
    print(f"target < {TARGET_MINUTES:.0f} min: {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
