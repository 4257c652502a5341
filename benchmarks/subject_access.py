"""Seconds to build a subject access export of a customer with 1,000 contacts (issue 22).

    .venv/bin/python -m benchmarks.subject_access [--contacts 1000] [--iterations 3]

One command: with no DATABASE_URL it makes a fresh SQLite database in a temporary
DATA_DIR and migrates it; with one, it uses that database (migrated) and removes nothing
but what it made. It loads the Tamworth profile, records one customer with `--contacts`
contacts (each with its history row, as logging one writes), a case, incidents and a
sensitive note, and another customer with as many, then times the whole task: reading every
record and its history, the stored files, the JSON, the index PDF and the zip
(`export_build`), and the release copy with one name redacted (`release_build`). Target
(issue 22): the export under 30 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="sar-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contactpolicy.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

django.setup()

from datetime import timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

TARGET = 30.0


def make_customer(name: str, contacts: int, officers: list, profile):
    from simple_history.utils import bulk_create_with_history

    from cases.models import Contact, Customer, Incident, SensitiveNote, next_reference
    from cases.services import case_open, customer_identifier_add

    year = timezone.now().year
    customer = Customer.objects.create(reference=next_reference("CUS", year), name=name)
    customer_identifier_add(customer=customer, kind="email", value=f"{name.split()[0]}@example.org")
    matter = case_open(customer=customer, subject=f"{name}: planning", officer=officers[0])
    start = timezone.now() - timedelta(days=3 * 365)
    rows = [
        Contact(
            reference=next_reference("CON", year),
            customer=customer,
            channel=("email", "letter", "telephone")[n % 3],
            received_at=start + timedelta(hours=n * 26),
            case=matter if n % 4 == 0 else None,
            summary=f"{name} wrote about the planning application, letter {n}; "
            "Mr Hollis at the desk passed it on.",
            officer=officers[n % len(officers)],
            logged_by=officers[0],
        )
        for n in range(contacts)
    ]
    bulk_create_with_history(rows, Contact, batch_size=500)
    category = profile.behaviour_categories.first()
    for n in range(20):
        Incident.objects.create(
            reference=next_reference("INC", year),
            customer=customer,
            category=category,
            occurred_at=start + timedelta(days=n * 30),
            channel="telephone",
            description=f"{name} shouted at the officer, call {n}",
            recorded_by=officers[n % len(officers)],
        )
    SensitiveNote.objects.create(customer=customer, text=f"{name}: anxiety", created_by=officers[0])
    return customer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--iterations", type=int, default=3)
    options = parser.parse_args()

    from cases.models import Contact, SubjectAccessExport
    from contactpolicy.demo import fill_demo_letterhead
    from contactpolicy.models import PolicyProfile
    from contactpolicy.roles import Role, group_name
    from contactpolicy.services import profile_activate
    from screens.subject_access.services import (
        export_build,
        export_request,
        redaction_mark,
        release_build,
        release_request,
    )

    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sar-bench-media-"))
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - began:.1f} s")
    fixture = Path(settings.BASE_DIR) / "fixtures" / "profiles" / "tamworth.json"
    call_command("loaddata", str(fixture), verbosity=0)
    fill_demo_letterhead(PolicyProfile.objects.get(slug="tamworth"))
    profile = profile_activate(slug="tamworth")

    from django.contrib.auth.models import Group

    from contactpolicy.models import User

    suffix = timezone.now().strftime("%H%M%S")
    officers = []
    for n, role in enumerate([Role.CASEWORKER] * 4 + [Role.LINE_MANAGER]):
        user = User.objects.create(
            username=f"bench-{suffix}-{n}", first_name=f"Officer{n}", last_name="Bench"
        )
        user.groups.add(Group.objects.get_or_create(name=group_name(role))[0])
        officers.append(user)
    manager = officers[-1]

    began = time.perf_counter()
    subject = make_customer("Benchmark Subject", options.contacts, officers, profile)
    make_customer("Benchmark Other", options.contacts, officers, profile)
    print(
        f"data: {time.perf_counter() - began:.1f} s; "
        f"{Contact.objects.filter(customer=subject).count():,} contacts of the subject, "
        f"{Contact.history.filter(customer_id=subject.pk).count():,} history rows"
    )

    builds, releases = [], []
    for _ in range(options.iterations):
        export = export_request(customer=subject, actor=manager, profile=profile)
        began = time.perf_counter()
        assert export_build(export_id=export.pk), "the export was not built"
        builds.append(time.perf_counter() - began)
        export.refresh_from_db()
        assert export.is_ready, export.failed_reason
        marks = {
            item.pk: ("redact" if "Hollis" in item.value else "keep", "Benchmark")
            for item in export.redaction_items.all()
        }
        redaction_mark(export=export, actor=manager, profile=profile, marks=marks)
        release_request(export=export, actor=manager, profile=profile)
        began = time.perf_counter()
        assert release_build(export_id=export.pk), "the release copy was not built"
        releases.append(time.perf_counter() - began)
        export.refresh_from_db()
        print(
            f"export {export.pk}: build {builds[-1]:.2f} s, release {releases[-1]:.2f} s; "
            f"{export.records:,} records, zip {export.file.size / 1e6:.1f} MB, "
            f"{export.redaction_items.count()} items to review"
        )
        SubjectAccessExport.objects.filter(pk=export.pk).delete()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    worst = max(builds)
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; load: {load}")
    print(f"build: best {min(builds):.2f} s, worst {worst:.2f} s (target < {TARGET:.0f} s)")
    print(f"release copy: best {min(releases):.2f} s, worst {max(releases):.2f} s")
    return 0 if worst < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
