"""The quarter's report and the streamed mail log CSV at full size (issue 21, DESIGN.md §11).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench DATA_DIR=/tmp/bench-data \\
        .venv/bin/python -m benchmarks.reports [--iterations 20] [--sizes 100000,all] \\
        [--only report|export] [--via view|function] [--write benchmarks/RESULTS.md]

Fill the database first (see benchmarks/RESULTS.md, "Data for reports"). Two parts:

1. The report. `screens.reports.figures.build_report` is timed for the last complete
   quarter before today, for the whole organisation, one service (the one with the most
   incidents) and one team (the line manager with the largest team), each `--iterations`
   times after a warm-up, with its SQL query count; then the page `/reports/` through
   Django's test client, signed in as a head of service. Target: under 2 s.
2. The export. The mail log (every contact in and out) from the first contact's day to
   today, streamed as CSV in a fresh subprocess for each of `--sizes` rows (a number is
   met by starting the range on the day that leaves about that many contacts; `all` is
   everything), through the view `screens:mail_log_csv` (`--via view`, the default) or
   `screens.logs.csv.mail_log_lines` (`--via function`). Each subprocess reports its wall
   time and its peak resident memory (`resource.getrusage`); the table gives the
   difference in peak memory between the sizes. Targets: all contacts in under 60 s,
   memory flat.

Requests and exports run inside a transaction that is rolled back, so the export records
and the sign-in's authenticator leave nothing behind. The report and the logs are built on
other branches; where their code is missing the table says which part could not run.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field

REPORT_TARGET_S = 2.0
EXPORT_TARGET_S = 60.0
WARM_UP = 2
DEFAULT_SIZES = "100000,all"
ALL = None  # a size meaning every contact


@dataclass
class Timing:
    name: str
    seconds: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p95(self) -> float:
        ordered = sorted(self.seconds)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    @property
    def query_count(self) -> str:
        low, high = min(self.queries), max(self.queries)
        return str(low) if low == high else f"{low}–{high}"

    @property
    def met(self) -> bool:
        return self.p95 < REPORT_TARGET_S


@dataclass
class ExportRun:
    size: int | None  # rows asked for; None for all
    rows: int = 0  # data rows written (the header not counted)
    seconds: float = 0.0
    peak_kb: int = 0  # peak resident memory of the subprocess
    before_kb: int = 0  # its peak before the export started
    start: str = ""
    end: str = ""

    @property
    def label(self) -> str:
        return "all contacts" if self.size is None else f"{self.size:,} rows asked"


@dataclass
class Unavailable:
    part: str
    reason: str


# -- Arguments -----------------------------------------------------------------------------------


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive whole number")
    return value


def parse_sizes(text: str) -> list[int | None]:
    """ "100000,all" -> [100000, None]; each a positive number of rows or "all"."""
    sizes: list[int | None] = []
    for part in text.split(","):
        part = part.strip().replace("_", "")
        if part.lower() == "all":
            sizes.append(ALL)
        elif part.isdigit() and int(part) > 0:
            sizes.append(int(part))
        else:
            raise argparse.ArgumentTypeError(
                f"{part!r} is not a number of rows or “all” (for example 100000,all)"
            )
    if not sizes:
        raise argparse.ArgumentTypeError("Give at least one size")
    return sizes


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.reports", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--iterations",
        type=_positive,
        default=20,
        help="Runs of each report after the warm-up (default %(default)s).",
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes(DEFAULT_SIZES),
        help=f"Rows to export, comma-separated, each a number or “all” (default {DEFAULT_SIZES}).",
    )
    parser.add_argument("--only", choices=["report", "export"], help="Run one part only.")
    parser.add_argument(
        "--via",
        choices=["view", "function"],
        default="view",
        help="Stream the CSV through the view (default) or mail_log_lines directly.",
    )
    parser.add_argument("--write", metavar="FILE", help="Append the results to this file.")
    # Internal: the subprocess that streams one export.
    parser.add_argument("--child-export", metavar="SIZE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.child = args.child_export is not None
    if args.child:
        try:
            args.child_export = parse_sizes(args.child_export)[0]
        except argparse.ArgumentTypeError as error:
            parser.error(str(error))
    return args


# -- Periods -------------------------------------------------------------------------------------


def last_complete_quarter(today: datetime.date) -> tuple[datetime.date, datetime.date, str]:
    """The calendar quarter that ended most recently before `today`: (first, last, label)."""
    first_of_this = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = first_of_this - datetime.timedelta(days=1)
    start = datetime.date(end.year, end.month - 2, 1)
    return start, end, f"{start:%-d %B} to {end:%-d %B %Y}"


# -- The report ----------------------------------------------------------------------------------


def head_of_service():
    from contactpolicy.models import User
    from contactpolicy.roles import Role

    return (
        User.objects.filter(groups__name=Role.HEAD_OF_SERVICE.label, is_active=True)
        .order_by("pk")
        .first()
    )


def signed_in_client(user):
    """A test client signed in all the way, second factor included, as the tests sign in
    (`tests.conftest.SignedInClient`). Call inside a transaction rolled back afterwards."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Benchmark", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _scopes(Scope):
    from django.db.models import Count

    from cases.models import Incident
    from contactpolicy.models import Service, User

    scopes = [Scope(label="The whole organisation")]
    busiest = (
        Incident.objects.filter(service__isnull=False)
        .values("service")
        .annotate(n=Count("pk"))
        .order_by("-n", "service")
        .first()
    )
    if busiest:
        service = Service.objects.get(pk=busiest["service"])
        scopes.append(Scope(label=service.name, service_id=service.pk))
    lead = (
        User.objects.annotate(team=Count("reports"))
        .filter(team__gt=0)
        .order_by("-team", "pk")
        .first()
    )
    if lead:
        scopes.append(
            Scope(label=f"{lead.get_full_name() or lead.username}'s team", team_lead_id=lead.pk)
        )
    return scopes


def _timed(name: str, run, iterations: int) -> Timing:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timing = Timing(name)
    for n in range(WARM_UP + iterations):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            run()
            elapsed = time.perf_counter() - started
        if n >= WARM_UP:
            timing.seconds.append(elapsed)
            timing.queries.append(len(captured.captured_queries))
    return timing


def report_timings(iterations: int, today: datetime.date) -> list[Timing] | Unavailable:
    """`build_report` for the last complete quarter, for each scope, then the page."""
    try:
        from screens.reports.figures import build_report
        from screens.reports.model import Period, Scope
    except ImportError as error:
        return Unavailable(
            "report",
            "screens.reports.figures.build_report is not in this code "
            f"({error}); the report cannot be timed until it is.",
        )
    from contactpolicy.selectors import profile_get_active

    profile = profile_get_active()
    start, end, label = last_complete_quarter(today)
    period = Period(start=start, end=end, label=label)
    timings = []
    for scope in _scopes(Scope):
        timings.append(
            _timed(
                f"Report, {label}: {scope.label}",
                lambda scope=scope: build_report(profile, period, scope, today=today),
                iterations,
            )
        )
    page = page_timing(iterations)
    return [*timings, page]


def page_timing(iterations: int) -> Timing | Unavailable:
    from django.db import transaction
    from django.urls import NoReverseMatch, reverse

    url = None
    for name in ("screens:report", "report"):
        try:
            url = reverse(name)
            break
        except NoReverseMatch:
            continue
    if url is None:
        return Unavailable("report page", "No URL is named “report”: the page is not built yet.")
    user = head_of_service()
    if user is None:
        return Unavailable(
            "report page", "No head of service to sign in as: run `manage.py setup_demo`."
        )
    with transaction.atomic():
        client = signed_in_client(user)

        def request():
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"GET {url} answered {response.status_code}")

        try:
            timing = _timed(f"Page {url} (head of service, default period)", request, iterations)
        except RuntimeError as error:
            timing = Unavailable("report page", str(error))
        finally:
            transaction.set_rollback(True)
    return timing


# -- The export ----------------------------------------------------------------------------------


def export_range(size: int | None) -> tuple[datetime.date, datetime.date]:
    """The days to export: from the first contact's (or, for `size` rows, the day that leaves
    about that many of the latest contacts) to today."""
    from django.utils import timezone

    from cases.models import Contact

    today = timezone.localdate()
    contacts = Contact.objects.order_by("received_at", "pk").values_list("received_at", flat=True)
    if size is None:
        first = contacts.first()
    else:
        latest = contacts.reverse()[size - 1 : size]
        first = latest[0] if latest else contacts.first()
    start = timezone.localtime(first).date() if first else today
    return start, today


def export_child(size: int | None, via: str) -> dict:
    """In the subprocess: stream one export, counting its lines; return the measurements."""
    import resource

    from django.db import transaction

    start, end = export_range(size)
    with transaction.atomic():
        if via == "function":
            from screens.logs.csv import mail_log_lines
            from screens.logs.filters import LogFilters

            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            started = time.perf_counter()
            lines = sum(1 for _ in mail_log_lines(LogFilters(start=start, end=end)))
        else:
            from django.urls import reverse

            url = reverse("screens:mail_log_csv")
            user = head_of_service()
            if user is None:
                raise LookupError("No head of service to sign in as: run `manage.py setup_demo`.")
            client = signed_in_client(user)
            query = {
                "from-day": start.day,
                "from-month": start.month,
                "from-year": start.year,
                "to-day": end.day,
                "to-month": end.month,
                "to-year": end.year,
            }
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            started = time.perf_counter()
            response = client.get(url, query)
            if response.status_code != 200 or not response.streaming:
                raise RuntimeError(
                    f"GET {url} answered {response.status_code}"
                    + ("" if response.streaming else ", not streamed")
                )
            lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return {
        "rows": max(0, lines - 1),
        "seconds": seconds,
        "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "before_kb": before,
        "start": start.isoformat(),
        "end": end.isoformat(),
    }


def export_runs(sizes: list[int | None], via: str) -> list[ExportRun] | Unavailable:
    """Each size in a fresh subprocess, so that its peak memory is its own."""
    try:
        if via == "function":
            from screens.logs.csv import mail_log_lines  # noqa: F401
        else:
            from django.urls import reverse

            reverse("screens:mail_log_csv")
    except Exception as error:  # ImportError, NoReverseMatch
        return Unavailable(
            "export",
            "The mail log CSV (screens:mail_log_csv, screens.logs.csv.mail_log_lines) is not "
            f"in this code ({type(error).__name__}: {error}); the export cannot be timed "
            "until it is.",
        )
    runs = []
    for size in sizes:
        command = [
            sys.executable,
            "-m",
            "benchmarks.reports",
            "--child-export",
            "all" if size is None else str(size),
            "--via",
            via,
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode != 0:
            return Unavailable("export", f"The export of {size or 'all'} failed:\n{done.stderr}")
        values = json.loads(done.stdout.strip().splitlines()[-1])
        runs.append(ExportRun(size=size, **values))
    return runs


# -- The table -----------------------------------------------------------------------------------


def _mb(kb: int) -> str:
    return f"{kb / 1024:,.0f}"


def table(
    report: list[Timing] | Unavailable | None, export: list[ExportRun] | Unavailable | None
) -> str:
    """The results as Markdown: a table for each part that ran, a sentence for each that
    could not."""
    out: list[str] = []
    if isinstance(report, Unavailable):
        out.append(f"**Not measured: {report.part}.** {report.reason}")
    elif report:
        out.append("| Report | Median s | p95 s | Queries | Target (p95) | Met |")
        out.append("|---|---:|---:|---:|---:|:---:|")
        for timing in report:
            if isinstance(timing, Unavailable):
                out.append(f"| {timing.part}: not measured. {timing.reason} | | | | | |")
                continue
            out.append(
                f"| {timing.name} | {timing.median:.3f} | {timing.p95:.3f} | "
                f"{timing.query_count} | < {REPORT_TARGET_S:g} s | "
                f"{'yes' if timing.met else '**no**'} |"
            )
    if out and export is not None:
        out.append("")
    if isinstance(export, Unavailable):
        out.append(f"**Not measured: {export.part}.** {export.reason}")
    elif export:
        out.append(
            "| Mail log CSV | Days | Rows | Wall s | Rows/s | Peak RSS MB | "
            "Before export MB | Target | Met |"
        )
        out.append("|---|---|---:|---:|---:|---:|---:|---:|:---:|")
        for run in export:
            target = f"< {EXPORT_TARGET_S:g} s" if run.size is None else ""
            met = ("yes" if run.seconds < EXPORT_TARGET_S else "**no**") if target else ""
            rate = run.rows / run.seconds if run.seconds else 0
            out.append(
                f"| {run.label} | {run.start} to {run.end} | {run.rows:,} | "
                f"{run.seconds:.1f} | {rate:,.0f} | {_mb(run.peak_kb)} | "
                f"{_mb(run.before_kb)} | {target} | {met} |"
            )
        if len(export) > 1:
            smallest = min(export, key=lambda run: run.rows)
            largest = max(export, key=lambda run: run.rows)
            out.append("")
            out.append(
                f"Peak memory from {smallest.rows:,} to {largest.rows:,} rows: "
                f"{_mb(smallest.peak_kb)} MB to {_mb(largest.peak_kb)} MB, a difference of "
                f"{(largest.peak_kb - smallest.peak_kb) / 1024:+,.0f} MB."
            )
    return "\n".join(out)


# -- Running -------------------------------------------------------------------------------------


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contactpolicy.settings")
    os.environ["DEBUG"] = "false"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]
    os.environ["ALLOWED_HOSTS"] = ",".join([*hosts, "testserver"])
    import django

    django.setup()


def _static_by_name():
    from django.conf import settings
    from django.test.utils import override_settings

    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    return override_settings(STORAGES={**settings.STORAGES, "staticfiles": static})


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    _setup()
    if args.child:
        with _static_by_name():
            print(json.dumps(export_child(args.child_export, args.via)))
        return 0

    from django.db import connection
    from django.utils import timezone

    from cases.models import Contact, Incident

    started = time.perf_counter()
    today = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT 1")
        database = cursor.fetchone()[0]
    header = [
        f"Database: {connection.vendor} {database}",
        f"Data: {Contact.objects.count():,} contacts, {Incident.objects.count():,} incidents",
        "Load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()),
    ]
    print("\n".join(header), file=sys.stderr)
    report = export = None
    with _static_by_name():
        if args.only in (None, "report"):
            report = report_timings(args.iterations, today)
        if args.only in (None, "export"):
            export = export_runs(args.sizes, args.via)
    result = table(report, export)
    footer = "Load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    print(result)
    print(footer)
    print(f"Finished in {time.perf_counter() - started:.0f} s.", file=sys.stderr)
    if args.write:
        with open(args.write, "a", encoding="utf-8") as out:
            out.write(
                f"\n## The report and the mail log export at full size, {today:%-d %B %Y}\n\n"
                + "\n".join(f"- {line}" for line in header)
                + f"\n- {footer}\n- Iterations: {args.iterations} per report after "
                f"{WARM_UP} warm-up runs; export via the {args.via}.\n\n" + result + "\n"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
