"""Fifty staff at once over HTTP: gunicorn as in production, Locust playing the office.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench DATA_DIR=/tmp/bench-data \\
        .venv/bin/python -m benchmarks.load [--mode office|dashboard|both] [--write FILE]

Collects the static files into a temporary folder, starts gunicorn with gunicorn.conf.py
and the production settings (DEBUG off; HTTPS redirects and secure cookies off, as the
load generator speaks plain HTTP on 127.0.0.1) on a free port, waits until it answers, and
runs Locust headless (benchmarks/load_staff.py), which stops by itself:

- office (default 50 users for 120 s): caseworkers typing lookups (one fragment request per
  keystroke), opening customer pages, logging contacts through the form (the page, the
  banner fragment for two channels, the POST) and checking their dashboard; line managers
  on their dashboard, approvals, reviews, the register and the report; one administrator
  on the health page and the policy profile in the admin site. Think times between actions.
- dashboard (8 users for 20 s): caseworkers reloading their dashboard with no pause, for
  requests per second at concurrency 8.

Staff sign in as real people would: the existing caseworkers with the most open contacts,
the line managers with the biggest teams and an administrator, through the sign-in form,
and the code page with a code from an authenticator app the benchmark gives them when
their role needs one. For the run each has a password of the benchmark's; afterwards the
benchmark puts back every password and last sign-in time, deletes the devices it added,
the history and sign-in log rows the sign-ins wrote, and every contact logged (each carries
the run's marker in its summary) with its history: the data set is as it was.

Reports requests per second, the median, p95 and p99 in milliseconds per page and the
errors, as a Markdown table; `--write benchmarks/RESULTS.md` replaces the section "Load:
fifty staff over HTTP" there (or appends it) with the table, the load average, the commit,
gunicorn's workers and threads and the command.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import hmac
import json
import os
import re
import runpy
import secrets
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contactpolicy.settings")
os.environ["DEBUG"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")
# The server keeps the production statement timeout; choosing the accounts and customers
# at full size may take longer on a busy machine.
SERVER_STATEMENT_TIMEOUT = os.environ.get("DB_STATEMENT_TIMEOUT_MS")
os.environ["DB_STATEMENT_TIMEOUT_MS"] = "600000"

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from cases.models import Contact, Customer  # noqa: E402
from contactpolicy.models import User  # noqa: E402
from contactpolicy.roles import Role  # noqa: E402
from contactpolicy.second_factor import second_factor_required  # noqa: E402
from contactpolicy.selectors import profile_get_active  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECTION = "## Load: fifty staff over HTTP"
DEVICE_NAME = "Load benchmark"
LOOKUPS = 40
CUSTOMERS = 200


# --- the data and the accounts --------------------------------------------------------------


def _spread(queryset, count: int) -> list:
    """`count` rows spread evenly through the table by primary key: the same every run."""
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // count)
    return ids[::step][:count]


def plan_data() -> dict:
    customers = Customer.objects.all()
    picked = _spread(customers, CUSTOMERS)
    references = list(Customer.objects.filter(pk__in=picked).values_list("reference", flat=True))
    people = Customer.objects.filter(
        pk__in=_spread(Customer.objects.filter(kind="individual"), LOOKUPS)
    )
    # What a caseworker types: the surname, or the first name and the surname.
    lookups = [
        name.split()[-1].lower() if i % 2 else name.lower()
        for i, name in enumerate(people.values_list("name", flat=True))
    ]
    # Contacts are logged for customers with no restriction: a breach would open a review
    # and tell people, which deleting the contact would not undo.
    unrestricted = customers.filter(restriction_cases__isnull=True)
    logged_for = list(
        Customer.objects.filter(pk__in=_spread(unrestricted, CUSTOMERS)).values_list(
            "reference", flat=True
        )
    )
    profile = profile_get_active()
    return {
        "customers": references,
        "log_customers": logged_for,
        "lookups": lookups,
        "profile_admin_url": reverse("admin:contactpolicy_policyprofile_change", args=[profile.pk]),
    }


def pick_accounts(caseworkers: int, managers: int) -> dict[str, list[User]]:
    active = User.objects.filter(is_active=True)
    busiest = dict(
        Contact.objects.filter(next_due_at__isnull=False)
        .values_list("officer")
        .annotate(open=Count("pk"))
        .values_list("officer", "open")
    )
    return {
        "caseworker": sorted(
            active.filter(groups__name=Role.CASEWORKER.label),
            key=lambda user: (-busiest.get(user.pk, 0), user.pk),
        )[:caseworkers],
        "manager": list(
            active.filter(groups__name=Role.LINE_MANAGER.label)
            .annotate(team=Count("reports"))
            .order_by("-team", "pk")[:managers]
        ),
        "administrator": list(
            active.filter(Q(groups__name=Role.ADMINISTRATOR.label) | Q(is_superuser=True))
            .distinct()
            .order_by("pk")[:1]
        ),
    }


class Borrowed:
    """The accounts the run signs in with, and how to give them back as they were."""

    def __init__(self, accounts: dict[str, list[User]]):
        self.started = timezone.now()
        self.password = secrets.token_urlsafe(16)
        self.marker = f"[load benchmark {secrets.token_hex(6)}]"
        self.users = {u.pk: u for group in accounts.values() for u in group}
        self.saved = {
            pk: (password, last_login)
            for pk, password, last_login in User.objects.filter(pk__in=self.users).values_list(
                "pk", "password", "last_login"
            )
        }
        self.devices: list[int] = []
        self.accounts = accounts

    def lend(self) -> dict:
        hashed = make_password(self.password)
        plan = {}
        with transaction.atomic():
            # update(), not save(): no history rows for the benchmark's own changes.
            User.objects.filter(pk__in=self.users).update(password=hashed)
            for role, users in self.accounts.items():
                plan[role] = []
                for user in users:
                    key = None
                    if (
                        second_factor_required(user)
                        or TOTPDevice.objects.filter(user=user).exists()
                    ):
                        device = TOTPDevice.objects.create(
                            user=user, name=DEVICE_NAME, confirmed=True
                        )
                        self.devices.append(device.pk)
                        key = device.key
                    plan[role].append(
                        {"username": user.username, "password": self.password, "totp_key": key}
                    )
        return plan

    def give_back(self) -> dict[str, int]:
        """Put every account back and delete what the run wrote; returns what was deleted."""
        from axes.models import AccessLog

        deleted = {}
        with transaction.atomic():
            for pk, (password, last_login) in self.saved.items():
                User.objects.filter(pk=pk).update(password=password, last_login=last_login)
            TOTPDevice.objects.filter(pk__in=self.devices).delete()
            logged = Contact.objects.filter(summary__contains=self.marker)
            deleted["contacts"] = logged.count()
            logged.delete()
            deleted["contact history rows"] = Contact.history.filter(
                summary__contains=self.marker
            ).delete()[0]
            deleted["user history rows"] = User.history.filter(
                id__in=self.users, history_date__gte=self.started
            ).delete()[0]
            deleted["sign-in log rows"] = AccessLog.objects.filter(
                username__in=[u.username for u in self.users.values()],
                attempt_time__gte=self.started,
            ).delete()[0]
        return deleted


def totp(key_hex: str) -> str:
    """RFC 6238 as django-otp's TOTPDevice computes it: SHA-1, 30-second steps, 6 digits."""
    counter = int(time.time() // 30)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def sign_in(url: str, account: dict) -> dict:
    """Sign in as a person would: the form, then the code page when asked; returns the
    session's cookies."""
    import requests

    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    with requests.Session() as browser:
        page = browser.get(url + "/sign-in/", timeout=120)
        response = browser.post(
            url + "/sign-in/",
            {
                "username": account["username"],
                "password": account["password"],
                "csrfmiddlewaretoken": token.search(page.text).group(1),
            },
            allow_redirects=False,
            timeout=120,
        )
        if "/sign-in/code/" in response.headers.get("Location", ""):
            page = browser.get(url + "/sign-in/code/", timeout=120)
            response = browser.post(
                url + "/sign-in/code/",
                {
                    "code": totp(account["totp_key"]),
                    "csrfmiddlewaretoken": token.search(page.text).group(1),
                },
                allow_redirects=False,
                timeout=120,
            )
        location = response.headers.get("Location", "")
        if response.status_code != 302 or "/sign-in/" in location:
            sys.exit(f"{account['username']} could not sign in: HTTP {response.status_code}")
        return browser.cookies.get_dict()


def sign_out(url: str, cookies: dict) -> None:
    import requests

    with requests.Session() as browser:
        browser.cookies.update(cookies)
        browser.post(
            url + "/sign-out/",
            {"csrfmiddlewaretoken": cookies.get("csrftoken", "")},
            allow_redirects=False,
            timeout=60,
        )


def sign_everyone_in(url: str, accounts: dict) -> dict:
    """Sign every account in, a few at a time (each password check is deliberately slow)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return {
            role: [
                {"username": a["username"], "cookies": cookies}
                for a, cookies in zip(
                    people, pool.map(lambda a: sign_in(url, a), people), strict=True
                )
            ]
            for role, people in accounts.items()
        }


# --- gunicorn and Locust -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_environment(static_root: Path, port: int, workers: int | None, threads: int | None):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
        "WEB_BIND": f"127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DB_STATEMENT_TIMEOUT_MS")
    if SERVER_STATEMENT_TIMEOUT:
        env["DB_STATEMENT_TIMEOUT_MS"] = SERVER_STATEMENT_TIMEOUT
    configured = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    env["WEB_WORKERS"] = str(workers or configured["workers"])
    env["WEB_THREADS"] = str(threads or configured["threads"])
    return env


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/sign-in/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"gunicorn did not answer at {url} within {seconds:.0f} s")


def run_locust(
    url: str, plan: dict, folder: Path, name: str, users: int, rate: float, seconds: str
):
    plan_file = folder / f"{name}-plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    prefix = folder / name
    command = [
        str(BIN / "locust"),
        "-f", str(ROOT / "benchmarks" / "load_staff.py"),
        "--headless", "--only-summary", "--reset-stats",
        "--host", url,
        "--users", str(users), "--spawn-rate", str(rate), "--run-time", seconds,
        "--stop-timeout", "10",
        "--csv", str(prefix),
        "--loglevel", "WARNING",
        *[cls for cls, count in plan["counts"].items() if count],
    ]  # fmt: skip
    result = subprocess.run(  # noqa: S603
        command,
        env={**os.environ, "LOAD_PLAN": str(plan_file)},
        capture_output=True,
        text=True,
        timeout=int(seconds.rstrip("s")) + 120,
    )
    if not (prefix.parent / f"{name}_stats.csv").exists():
        sys.exit(f"Locust wrote no statistics:\n{result.stderr[-3000:]}")
    failures = (prefix.parent / f"{name}_failures.csv").read_text(encoding="utf-8")
    return read_stats(prefix.parent / f"{name}_stats.csv"), failures


def read_stats(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


# --- the report --------------------------------------------------------------------------


def table(rows: list[dict]) -> str:
    lines = [
        "| Page | Requests | Requests/s | Median ms | p95 ms | p99 ms | Errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    pages = [r for r in rows if r["Name"] != "Aggregated"] + [
        r for r in rows if r["Name"] == "Aggregated"
    ]
    for row in pages:
        name = "**All**" if row["Name"] == "Aggregated" else row["Name"]
        lines.append(
            f"| {name} | {int(row['Request Count']):,} | {float(row['Requests/s']):.1f} "
            f"| {row['50%']} | {row['95%']} | {row['99%']} | {row['Failure Count']} |"
        )
    return "\n".join(lines)


def commit() -> str:
    git = shutil.which("git") or "git"
    result = subprocess.run(  # noqa: S603
        [git, "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(  # noqa: S603
        [git, "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return result.stdout.strip() + (" (with uncommitted changes)" if dirty else "")


def write_section(path: Path, text: str) -> None:
    """Replace the section (up to the next heading of its level or above) or append it."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    start = old.find(SECTION + "\n")
    if start < 0:
        path.write_text(old.rstrip("\n") + "\n\n" + text, encoding="utf-8")
        return
    after = start + len(SECTION) + 1
    ends = [i for h in ("\n# ", "\n## ") if (i := old.find(h, after)) >= 0]
    end = min(ends) + 1 if ends else len(old)
    path.write_text(old[:start] + text + old[end:], encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=["office", "dashboard", "both"], default="both")
    parser.add_argument("--users", type=int, default=50, help="office mode (default 50)")
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second")
    parser.add_argument("--run-time", default="120s", help="office mode (default 120s)")
    parser.add_argument("--dashboard-users", type=int, default=8)
    parser.add_argument("--dashboard-run-time", default="20s")
    parser.add_argument(
        "--workers", type=int, help="gunicorn processes (default: gunicorn.conf.py)"
    )
    parser.add_argument("--threads", type=int, help="threads in each (default: gunicorn.conf.py)")
    parser.add_argument("--write", type=Path, help="Replace or append the section in this file.")
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        print("Warning: not PostgreSQL; the numbers say little about production.", file=sys.stderr)

    managers = max(1, round(args.users * 0.14))
    caseworkers = max(1, args.users - managers - 1)
    if args.mode == "dashboard":
        accounts = pick_accounts(args.dashboard_users, 0)
        accounts = {"caseworker": accounts["caseworker"]}
    else:
        accounts = pick_accounts(max(caseworkers, args.dashboard_users), managers)
    if not all(accounts.values()):
        sys.exit(
            "No caseworkers, line managers or administrator: run setup_demo and generate_synthetic."
        )
    data = plan_data()
    data["contacts before"] = Contact.objects.count()
    borrowed = Borrowed(accounts)
    data["marker"] = borrowed.marker
    folder = Path(tempfile.mkdtemp(prefix="load-benchmark-"))
    static_root = folder / "static"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = server_environment(static_root, port, args.workers, args.threads)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    server_log = (folder / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "contactpolicy.wsgi",
            # Its own control socket, not the one in the home folder another may be using.
            "--control-socket", str(folder / "gunicorn.ctl"),
        ],
        cwd=ROOT, env=env, stdout=server_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    load_before = os.getloadavg()
    results = {}
    try:
        wait_until_up(url)
        started = time.perf_counter()
        data["accounts"] = sign_everyone_in(url, borrowed.lend())
        signed_in = time.perf_counter() - started
        print(f"Signed {len(borrowed.users)} staff in, in {signed_in:.0f} s", flush=True)
        print(
            f"gunicorn at {url}: {env['WEB_WORKERS']} workers, {env['WEB_THREADS']} threads "
            f"each; log {server_log.name}"
        )
        if args.mode in ("office", "both"):
            data["counts"] = {
                "Caseworker": caseworkers,
                "LineManager": managers,
                "Administrator": 1,
            }
            print(f"Office: {args.users} staff for {args.run_time} …", flush=True)
            results["office"] = run_locust(
                url, data, folder, "office", args.users, args.spawn_rate, args.run_time
            )
        if args.mode in ("dashboard", "both"):
            data["counts"] = {"DashboardOnly": args.dashboard_users}
            print(
                f"Dashboard: {args.dashboard_users} users for {args.dashboard_run_time} …",
                flush=True,
            )
            results["dashboard"] = run_locust(
                url, data, folder, "dashboard", args.dashboard_users, args.dashboard_users,
                args.dashboard_run_time,
            )  # fmt: skip
    finally:
        for sessions in data.get("accounts", {}).values():
            for session in sessions:
                sign_out(url, session["cookies"])
        server.terminate()
        server.wait(timeout=30)
        deleted = borrowed.give_back()
    load_after = os.getloadavg()
    contacts_after = Contact.objects.count()

    out = [SECTION, ""]
    out.append(
        f"Run {datetime.now(UTC):%d %B %Y %H:%M} UTC at commit `{commit()}`, gunicorn "
        f"(gunicorn.conf.py) {env['WEB_WORKERS']} workers × {env['WEB_THREADS']} threads; {Customer.objects.count():,} customers, "
        f"{contacts_after:,} contacts. Load average (1, 5, 15 min) before "
        f"{'/'.join(f'{x:.2f}' for x in load_before)}, after "
        f"{'/'.join(f'{x:.2f}' for x in load_after)} (2 cores, shared)."
    )
    out.append("")
    out.append(
        f"The {len(borrowed.users)} staff were signed in beforehand through the sign-in form "
        f"(and the code page where their role needs a second factor), four at a time, in "
        f"{signed_in:.0f} s; Locust's statistics start once every simulated person is working."
    )
    out.append("")
    command = "python -m benchmarks.load " + " ".join(argv if argv is not None else sys.argv[1:])
    out += ["```sh", command.strip(), "```", ""]
    for mode, (rows, failures) in results.items():
        if mode == "office":
            out.append(
                f"### Office: {args.users} staff ({caseworkers} caseworkers, {managers} line "
                f"managers, 1 administrator) for {args.run_time}, after sign-in"
            )
        else:
            out.append(
                f"### Dashboard: {args.dashboard_users} caseworkers with no think time for "
                f"{args.dashboard_run_time}"
            )
        out += ["", table(rows), ""]
        failed = [line for line in failures.splitlines()[1:] if line.strip()]
        if failed:
            out += ["Errors:", "", *[f"- {line}" for line in failed[:20]], ""]
    out.append(
        "Cleaned up afterwards: "
        + ", ".join(f"{count} {what}" for what, count in deleted.items())
        + f"; contacts {data['contacts before']:,} before, {contacts_after:,} after."
    )
    report = "\n".join(out) + "\n"
    print("\n" + report)
    if args.write:
        write_section(args.write, report)
        print(f"Written to {args.write}")
    shutil.rmtree(static_root, ignore_errors=True)
    print(f"gunicorn's log and Locust's CSV files: {folder}")
    errors = sum(
        int(r["Failure Count"])
        for rows, _ in results.values()
        for r in rows
        if r["Name"] == "Aggregated"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
