"""Seconds to render notices: one at a time and a batch of 200, standard and large print.

    DATA_DIR=/tmp/notice-bench .venv/bin/python -m benchmarks.notices [--iterations 20]

Runs against a database of its own under DATA_DIR (SQLite unless DATABASE_URL is set):
migrates it, loads the BTPA profile and makes one customer with an approved decision to
impose two sanctions, the usual notice (two pages at clear print's 12 pt). Each measurement renders the notice
through `notices.services.notice_render` — the merge fields from the database, the HTML,
WeasyPrint's layout and the tagged PDF — exactly as issuing does, without storing it.
The batch renders 200 notices one after another and joins them into one PDF, as a day's
post would be. Targets (issue 11): under 0.5 s for a single-page notice, under 60 s for
the batch of 200.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import time as clock
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contactpolicy.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

SINGLE_TARGET = 0.5
BATCH_TARGET = 60.0
BATCH_SIZE = 200


def _setup():
    from cases.models import Customer, CustomerIdentifier, IdentifierKind, next_reference
    from contactpolicy.models import PolicyProfile, User
    from contactpolicy.services import profile_activate
    from notices.letter import notice_kind_for
    from restrictions.models import Decision, DecisionStatus, RestrictionCase, Sanction

    call_command("migrate", verbosity=0)
    if not PolicyProfile.objects.filter(slug="btpa").exists():
        call_command("loaddata", "fixtures/profiles/btpa.json", verbosity=0)
    profile = profile_activate(slug="btpa")
    chief, _ = User.objects.get_or_create(
        username="bench-chief",
        defaults={"first_name": "Sam", "last_name": "Okafor", "job_title": "Chief Executive"},
    )
    customer = Customer.objects.create(
        reference=next_reference("CUS", timezone.localdate().year), name="Morgan Ellis"
    )
    CustomerIdentifier.objects.create(
        customer=customer,
        kind=IdentifierKind.ADDRESS,
        value="14 Harbour Row\nPenarth\nVale of Glamorgan",
        postcode="CF64 1AA",
    )
    case = RestrictionCase.objects.create(
        reference=next_reference("RES", timezone.localdate().year), customer=customer
    )
    decision = Decision.objects.create(
        reference=next_reference("DEC", timezone.localdate().year),
        restriction_case=case,
        kind="sanction",
        reasons="Forty calls in one week, shouting at the staff who answered.",
        review_due=timezone.localdate() + timedelta(days=90),
        proposed_by=chief,
    )
    category = profile.behaviour_categories.first()
    from cases.models import Incident

    decision.incidents.set(
        [
            Incident.objects.create(
                reference=next_reference("INC", timezone.localdate().year),
                customer=customer,
                category=category,
                occurred_at=timezone.now() - timedelta(days=3),
                channel="telephone",
                description="Shouted at the officer.",
            )
        ]
    )
    types = {t.kind: t for t in profile.sanction_types.all()}
    Sanction.objects.create(
        restriction_case=case,
        decision=decision,
        sanction_type=types["one_method"],
        kind="one_method",
        channel="letter",
    )
    Sanction.objects.create(
        restriction_case=case,
        decision=decision,
        sanction_type=types["telephone_schedule"],
        kind="telephone_schedule",
        weekdays=[1, 3],
        window_start=clock(10),
        window_end=clock(12),
        max_minutes=15,
    )
    Decision.objects.filter(pk=decision.pk).update(status=DecisionStatus.APPROVED)
    decision.refresh_from_db()
    return profile, chief, customer, decision, notice_kind_for(decision)


def _notice(profile, chief, customer, decision, kind, print_format):
    from cases.models import next_reference
    from notices.models import Notice

    return Notice.objects.create(
        reference=next_reference("NOT", timezone.localdate().year),
        kind=kind,
        decision=decision,
        customer=customer,
        profile=profile,
        print_format=print_format,
        signatory=chief,
        signatory_name="Sam Okafor",
        signatory_role="Chief Executive",
        created_by=chief,
    )


def main(argv=None) -> int:
    import io

    from pypdf import PdfReader, PdfWriter

    from notices.models import PrintFormat
    from notices.services import notice_render

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=20)
    args = parser.parse_args(argv)
    setup = _setup()
    print(f"Load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'measurement':<34} {'median s':>9} {'p95 s':>7} {'pages':>6}  target")
    failed = False
    for print_format in PrintFormat.values:
        notice = _notice(*setup, print_format)
        notice_render(notice)  # warm up: fonts, templates
        times, pages = [], 0
        for _ in range(args.iterations):
            start = time.perf_counter()
            _, pages = notice_render(notice)
            times.append(time.perf_counter() - start)
        times.sort()
        median = statistics.median(times)
        p95 = times[max(0, round(0.95 * len(times)) - 1)]
        ok = p95 < SINGLE_TARGET or pages > 1
        failed |= not ok
        print(
            f"{'single notice, ' + print_format:<34} {median:>9.3f} {p95:>7.3f} {pages:>6}  "
            f"< {SINGLE_TARGET} s a single page {'met' if ok else 'MISSED'}"
        )
    for print_format in PrintFormat.values:
        notices = [_notice(*setup, print_format) for _ in range(BATCH_SIZE)]
        start = time.perf_counter()
        writer = PdfWriter()
        for notice in notices:
            data, _ = notice_render(notice)
            writer.append(PdfReader(io.BytesIO(data)))
        out = io.BytesIO()
        writer.write(out)
        elapsed = time.perf_counter() - start
        ok = elapsed < BATCH_TARGET
        failed |= not ok
        print(
            f"{f'batch of {BATCH_SIZE}, ' + print_format:<34} {elapsed:>9.1f} {'':>7} "
            f"{len(writer.pages):>6}  < {BATCH_TARGET:.0f} s {'met' if ok else 'MISSED'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
