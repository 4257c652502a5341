"""Server time and SQL queries of the casework pages, against the data in the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench DATA_DIR=/tmp/bench-data \\
        .venv/bin/python -m benchmarks.casework [--iterations 50] [--explain FILE]

Fill the database first (`manage.py migrate`, `manage.py setup_demo`,
`python -m benchmarks.generate_synthetic --append`, then `VACUUM ANALYZE`; see benchmarks/RESULTS.md). Requests
go through Django's test `Client`, so the whole stack runs (middleware, view, selectors,
templates) without a network: the times are server times. Settings are the production ones (`DEBUG` off) except that HTTPS redirects
are off, `testserver` is an allowed host and static files are served by name rather than from
the collectstatic manifest (as the test settings do).

Each page is warmed up, then requested `--iterations` times; the table gives the median and
95th percentile in milliseconds, and the SQL query count (a range if it varied). Saving a
contact logs a real contact each time (it joins the data set). For every page that misses its
target, the slowest SQL statement seen is run again under `EXPLAIN (ANALYZE, BUFFERS)` on
PostgreSQL and its plan printed (and written to `--explain FILE` when given).
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contactpolicy.settings")
os.environ["DEBUG"] = "false"
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")
_hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]
os.environ["ALLOWED_HOSTS"] = ",".join([*_hosts, "testserver"])

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.template.base import Template  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from cases.models import Contact, Customer, CustomerIdentifier, IdentifierKind  # noqa: E402
from contactpolicy.models import User  # noqa: E402
from contactpolicy.roles import Role  # noqa: E402
from restrictions.models import RestrictionCase, Stage  # noqa: E402

WARM_UP = 5
SAMPLES = 10  # distinct values per lookup shape, used in turn
LOOKUP_TARGET = 30.0
PAGE_TARGET = 100.0
SAVE_TARGET = 50.0


@dataclass
class Page:
    name: str
    target_ms: float
    requests: list  # callables (client) -> response, used in turn
    expect: int = 200
    times: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    slowest_sql: tuple[float, str] = (0.0, "")
    last_queries: list[dict] = field(default_factory=list)
    calls: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    @property
    def met(self) -> bool:
        return self.p95 < self.target_ms

    @property
    def query_count(self) -> str:
        low, high = min(self.queries), max(self.queries)
        return str(low) if low == high else f"{low}–{high}"


def _get(client_name: str, url: str, **headers):
    def request(clients):
        return clients[client_name].get(url, headers=headers)

    request.label = url
    return request


def _lookup(query: str):
    from urllib.parse import urlencode

    return _get("caseworker", "/customers/?" + urlencode({"q": query}), HX_Request="true")


def _sample(queryset, count: int = SAMPLES) -> list:
    """`count` rows spread evenly through the table (by primary key): deterministic."""
    total = queryset.count()
    if not total:
        return []
    step = max(1, total // count)
    return [queryset.order_by("pk")[i * step] for i in range(min(count, total))]


def _grouped(national: str) -> str:
    """07700900123 typed as a caller reads it out: +44 7700 900123."""
    return f"+44 {national[1:5]} {national[5:]}"


def build_pages() -> tuple[list[Page], dict[str, User], dict[str, str]]:
    caseworker = (
        User.objects.filter(groups__name=Role.CASEWORKER.label)
        .annotate(
            open=Count(
                "contacts",
                filter=Q(contacts__next_due_at__isnull=False)
                | Q(contacts__paused_at__isnull=False),
            )
        )
        .order_by("-open", "pk")
        .first()
    )
    manager = (
        User.objects.filter(groups__name=Role.LINE_MANAGER.label)
        .annotate(team=Count("reports"))
        .filter(team__gt=0)
        .order_by("-team", "pk")
        .first()
    )
    if caseworker is None or manager is None:
        sys.exit(
            "No caseworker or line manager with a team: "
            "run python -m benchmarks.generate_synthetic."
        )

    heaviest_id, heaviest_count = (
        Contact.objects.values_list("customer")
        .annotate(n=Count("pk"))
        .order_by("-n", "customer")
        .values_list("customer", "n")
        .first()
    )
    heaviest = Customer.objects.get(pk=heaviest_id)
    deep_page = max(1, math.ceil(heaviest_count / 20))
    ordinary = (
        Customer.objects.annotate(n=Count("contacts")).filter(n__gte=2, n__lte=5).order_by("pk")
    )[1000 if Customer.objects.count() > 5000 else 0]

    restricted = (
        RestrictionCase.objects.in_force()
        .filter(state=Stage.SANCTIONED)
        .annotate(n=Count("customer__contacts"))
        .order_by("-n", "pk")
        .select_related("customer")
        .first()
    )
    people = _sample(Customer.objects.filter(kind="individual"))
    phones = _sample(CustomerIdentifier.objects.filter(kind=IdentifierKind.PHONE))
    emails = _sample(CustomerIdentifier.objects.filter(kind=IdentifierKind.EMAIL))
    addresses = _sample(
        CustomerIdentifier.objects.filter(kind=IdentifierKind.ADDRESS).exclude(postcode="")
    )
    shapes = {
        "first two letters (as you type)": [p.name.split()[-1][:2].lower() for p in people],
        "surname fragment": [p.name.split()[-1][:5].lower() for p in people],
        "surname first (Sharma Priya)": [" ".join(reversed(p.name.split())) for p in people],
        "full phone (+44 7700 900123)": [_grouped(i.normalised) for i in phones],
        "phone without its leading 0 (7700 900123)": [
            f"{i.normalised[1:5]} {i.normalised[5:]}" for i in phones
        ],
        "partial phone (07700 9)": [f"{i.normalised[:5]} {i.normalised[5]}" for i in phones],
        "email prefix (name@ex)": [
            i.normalised.split("@")[0] + "@" + i.normalised.split("@")[1][:2] for i in emails
        ],
        "email start without @": [i.normalised.split("@")[0][:8] for i in emails],
        "postcode (CF10 1AA)": [i.postcode for i in addresses],
        "customer reference": [p.reference for p in people],
    }
    pages = [
        Page(f"Lookup: {shape}", LOOKUP_TARGET, [_lookup(q) for q in queries])
        for shape, queries in shapes.items()
    ]
    pages += [
        Page("Dashboard: caseworker", PAGE_TARGET, [_get("caseworker", "/")]),
        Page("Dashboard: line manager", PAGE_TARGET, [_get("manager", "/")]),
        Page(
            "Dashboard: caseworker, filtered to paused",
            PAGE_TARGET,
            [_get("caseworker", "/?state=paused")],
        ),
        Page("Reviews list: open, line manager", PAGE_TARGET, [_get("manager", "/reviews/")]),
        Page(
            "Reviews list: overdue, line manager",
            PAGE_TARGET,
            [_get("manager", "/reviews/?show=overdue")],
        ),
        Page("Appeals list: open, line manager", PAGE_TARGET, [_get("manager", "/appeals/")]),
        Page(
            "Appeals list: all, line manager", PAGE_TARGET, [_get("manager", "/appeals/?show=all")]
        ),
        Page(
            f"Customer page: heaviest ({heaviest_count} contacts), page 1",
            PAGE_TARGET,
            [_get("caseworker", heaviest.get_absolute_url())],
        ),
        Page(
            f"Customer page: heaviest, page {deep_page}",
            PAGE_TARGET,
            [_get("caseworker", f"{heaviest.get_absolute_url()}?page={deep_page}")],
        ),
        Page(
            f"Customer page: ordinary ({ordinary.n} contacts)",
            PAGE_TARGET,
            [_get("caseworker", ordinary.get_absolute_url())],
        ),
        Page("Log a contact: empty form", PAGE_TARGET, [_get("caseworker", "/contacts/new/")]),
    ]
    if restricted is not None:
        log_url = f"/contacts/new/?customer={restricted.customer.reference}"
        pages += [
            Page(
                "Log a contact: restricted caller's form",
                PAGE_TARGET,
                [_get("caseworker", log_url)],
            ),
            Page(
                "Log a contact: banner fragment, telephone",
                PAGE_TARGET,
                [
                    _get(
                        "caseworker",
                        f"{log_url}&fragment=banner&channel=telephone",
                        HX_Request="true",
                    )
                ],
            ),
        ]
    pages += [
        Page(
            "Save a contact (POST /contacts/new/)",
            SAVE_TARGET,
            [_save_contact(p.reference) for p in people],
            expect=302,
        ),
    ]
    users = {"caseworker": caseworker, "manager": manager}
    facts = {
        "caseworker": f"{caseworker.username} ({caseworker.open} open contacts)",
        "manager": f"{manager.username} (team of {manager.team})",
        "heaviest": f"{heaviest.reference} ({heaviest_count} contacts)",
        "ordinary": f"{ordinary.reference} ({ordinary.n} contacts)",
        "restricted": (
            f"{restricted.customer.reference} (sanctioned, {restricted.n} contacts)"
            if restricted
            else "none under sanctions: Log a contact's banner not measured"
        ),
    }
    return pages, users, facts


def _save_contact(reference: str):
    def request(clients):
        received = timezone.localtime() - timedelta(minutes=5)
        return clients["caseworker"].post(
            "/contacts/new/",
            {
                "customer": reference,
                "who": "existing",
                "channel": "email",
                "kind": "general",
                "direction": "in",
                "received_date_0": received.day,
                "received_date_1": received.month,
                "received_date_2": received.year,
                "received_time": received.strftime("%H:%M"),
                "summary": "Benchmark: asked about the response times in the service standards.",
                "language": "en",
                # Answered only when the customer is under a restriction; ignored otherwise.
                "instruction_followed": "on",
                "different_topic": "no",
            },
        )

    request.label = f"POST /contacts/new/ customer={reference}"
    return request


def measure(page: Page, clients, iterations: int) -> None:
    for i in range(WARM_UP):
        _check(page, page.requests[i % len(page.requests)](clients))
    for i in range(iterations):
        request = page.requests[i % len(page.requests)]
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = request(clients)
            elapsed = (time.perf_counter() - started) * 1000
        _check(page, response)
        page.times.append(elapsed)
        page.queries.append(len(captured.captured_queries))
        page.last_queries = captured.captured_queries
        for query in captured.captured_queries:
            seconds = float(query["time"])
            if seconds > page.slowest_sql[0]:
                page.slowest_sql = (seconds, query["sql"])


def profiled(page: Page, clients, iterations: int, directory: str) -> None:
    from pyinstrument import Profiler

    os.makedirs(directory, exist_ok=True)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    measure(page, clients, iterations)
    profiler.stop()
    stem = os.path.join(directory, "".join(c if c.isalnum() else "-" for c in page.name.lower()))
    with open(f"{stem}.txt", "w", encoding="utf-8") as out:
        out.write(profiler.output_text(unicode=True, show_all=False))
    with open(f"{stem}.html", "w", encoding="utf-8") as out:
        out.write(profiler.output_html())


def counted(page: Page, clients, iterations: int) -> None:
    import cProfile
    import pstats

    measure(page, clients, iterations)
    profile = cProfile.Profile()
    profile.enable()
    for i in range(iterations):
        page.requests[i % len(page.requests)](clients)
    profile.disable()
    stats = pstats.Stats(profile).stats
    per_request = iterations

    def calls(path: str, function: str, line: int | None = None) -> float:
        return sum(
            counts[1]
            for (file, number, name), counts in stats.items()
            if file.endswith(path) and name == function and line in (None, number)
        )

    page.calls = (
        sum(counts[1] for counts in stats.values()) / per_request,
        calls("django/template/base.py", "render", Template.render.__code__.co_firstlineno)
        / per_request,
        calls("django/urls/base.py", "reverse") / per_request,
    )


def _check(page: Page, response) -> None:
    if response.status_code != page.expect:
        detail = ""
        if response.status_code == 200 and response.context_data:
            form = response.context_data.get("form")
            detail = f": {form.errors.as_json()}" if form is not None else ""
        sys.exit(f"{page.name}: HTTP {response.status_code}, expected {page.expect}{detail}")


def explain(sql: str) -> str:
    if connection.vendor != "postgresql" or not sql.lstrip().upper().startswith("SELECT"):
        return "(EXPLAIN is only run for SELECT statements on PostgreSQL)"
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def table(pages: list[Page]) -> str:
    lines = [
        "| Page | Median ms | p95 ms | Queries | Target (p95) | Met |",
        "|---|---:|---:|---:|---:|:---:|",
    ]
    for page in pages:
        lines.append(
            f"| {page.name} | {page.median:.1f} | {page.p95:.1f} | {page.query_count} "
            f"| < {page.target_ms:.0f} ms | {'yes' if page.met else '**no**'} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--explain", help="Also write the plans of the slow pages to this file.")
    parser.add_argument("--only", help="Measure only the pages whose name contains this text.")
    parser.add_argument(
        "--queries", action="store_true", help="Print the SQL of each page's last request."
    )
    parser.add_argument(
        "--profile",
        metavar="DIR",
        help="Profile each page's measured requests with pyinstrument and write one text "
        "and one HTML report per page into DIR (the times then include the profiler's cost).",
    )
    parser.add_argument(
        "--calls",
        action="store_true",
        help="Count, per request, the Python function calls, template renders and URL "
        "reversals of each page (with cProfile: the same at any load; times then include it).",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    pages, users, facts = build_pages()
    if args.only:
        pages = [p for p in pages if args.only.lower() in p.name.lower()]
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT 1")
        database = cursor.fetchone()[0]

    print(f"Database: {connection.vendor} {database}")
    print(
        f"Data: {Customer.objects.count():,} customers, "
        f"{CustomerIdentifier.objects.count():,} identifiers, {Contact.objects.count():,} contacts"
    )
    for what, fact in facts.items():
        print(f"  {what}: {fact}")
    print(f"Iterations: {args.iterations} per page, after {WARM_UP} warm-up requests")
    print("Load average before: {:.2f} {:.2f} {:.2f}\n".format(*os.getloadavg()))

    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    from django.conf import settings

    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": static}):
        for page in pages:
            if args.profile:
                profiled(page, clients, args.iterations, args.profile)
            elif args.calls:
                counted(page, clients, args.iterations)
            else:
                measure(page, clients, args.iterations)
            print(
                f"  {page.name}: median {page.median:.1f} ms, p95 {page.p95:.1f} ms, "
                f"{page.query_count} queries",
                file=sys.stderr,
            )

    if args.queries:
        for page in pages:
            print(f"\n### {page.name}: {len(page.last_queries)} queries\n")
            for query in page.last_queries:
                print(f"- {float(query['time']) * 1000:6.1f} ms  {query['sql'][:160]}")
        print()
    print(table(pages))
    if args.calls:
        print("\n| Page | Python calls | Template renders | `reverse` calls |")
        print("|---|---:|---:|---:|")
        for page in pages:
            total, renders, reverses = page.calls
            print(f"| {page.name} | {total:,.0f} | {renders:.0f} | {reverses:.0f} |")
    print("\nLoad average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    missed = [page for page in pages if not page.met]
    print(f"\nTargets met: {len(pages) - len(missed)} of {len(pages)}.")
    plans = []
    for page in missed:
        seconds, sql = page.slowest_sql
        plan = explain(sql)
        plans.append(
            f"## {page.name}: p95 {page.p95:.1f} ms (target {page.target_ms:.0f} ms)\n\n"
            f"Slowest statement ({seconds * 1000:.1f} ms when captured):\n\n{sql}\n\n{plan}\n"
        )
    if plans:
        print("\n" + "\n".join(plans))
        if args.explain:
            with open(args.explain, "w", encoding="utf-8") as out:
                out.write("\n".join(plans))
    print(f"Finished in {time.perf_counter() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
