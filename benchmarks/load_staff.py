"""The staff Locust plays for benchmarks/load.py: started by it, never imported by Django.

Each simulated person carries on a session benchmarks/load.py signed in through the
sign-in form, and works with think times. LOAD_PLAN names the JSON file benchmarks/load.py
wrote: the sessions, the customers, what is typed into the lookup, the marker every logged
contact carries so it can be deleted afterwards.

A request counts as an error when its status is not the one the page answers with (a
sign-in page instead of the dashboard is an error, not a redirect) or its check fails.
"""

import itertools
import json
import os
import random
import re
import threading
import time
from datetime import datetime, timedelta

from locust import HttpUser, between, constant, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HTMX = {"HX-Request": "true"}
_accounts = {role: itertools.cycle(PLAN["accounts"][role]) for role in PLAN["accounts"]}
_lock = threading.Lock()


class Staff(HttpUser):
    abstract = True
    role = ""

    def on_start(self):
        """Carry on the session benchmarks/load.py signed in through the sign-in form."""
        with _lock:
            self.account = next(_accounts[self.role])
        self.client.headers["User-Agent"] = "contactpolicy-load-benchmark"
        for name, value in self.account["cookies"].items():
            self.client.cookies.set(name, value)

    def page(self, url: str, name: str, *, headers=None, expect: str = ""):
        """GET a page that answers 200 (and holds `expect`, when given)."""
        with self.client.get(
            url, name=name, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif expect and expect not in response.text:
                response.failure(f"no {expect!r} in the page")
            else:
                response.success()
            return response


def _token(response) -> str:
    found = CSRF.search(response.text)
    return found.group(1) if found else ""


class Caseworker(Staff):
    """Looks callers up as they type, opens their page, logs contacts, checks the dashboard."""

    role = "caseworker"
    wait_time = between(3, 10)

    def type_lookup(self) -> None:
        typed = random.choice(PLAN["lookups"])
        for end in range(2, len(typed) + 1):
            self.page(
                "/customers/?" + _query(q=typed[:end]),
                "Lookup fragment (one per keystroke)",
                headers=HTMX,
            )
            time.sleep(random.uniform(0.15, 0.35))

    @task(4)
    def look_up_and_open(self):
        self.type_lookup()
        self.page(f"/customers/{random.choice(PLAN['customers'])}/", "Customer page")

    @task(3)
    def log_a_contact(self):
        reference = random.choice(PLAN["log_customers"])
        form = self.page(
            f"/contacts/new/?customer={reference}", "Log a contact", expect="csrfmiddlewaretoken"
        )
        for channel in ("telephone", "email"):
            self.page(
                f"/contacts/new/?customer={reference}&channel={channel}&fragment=banner",
                "Log a contact: banner fragment",
                headers=HTMX,
            )
            time.sleep(random.uniform(0.5, 2))
        received = datetime.now() - timedelta(minutes=5)
        with self.client.post(
            "/contacts/new/",
            {
                "csrfmiddlewaretoken": _token(form),
                "customer": reference,
                "who": "existing",
                "channel": "email",
                "kind": "general",
                "direction": "in",
                "received_date_0": received.day,
                "received_date_1": received.month,
                "received_date_2": received.year,
                "received_time": received.strftime("%H:%M"),
                "summary": f"Asked about the service standards. {PLAN['marker']}",
                "language": "en",
            },
            name="Log a contact: save (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code == 302 and location.startswith("/contacts/"):
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}, not saved")
                return
        self.page(location, "Contact page (after saving)")

    @task(2)
    def dashboard(self):
        self.page("/", "Dashboard: caseworker")


class LineManager(Staff):
    """On the team's dashboard, approvals, reviews, the register and the report."""

    role = "manager"
    wait_time = between(5, 15)

    @task(3)
    def dashboard(self):
        self.page("/", "Dashboard: line manager")

    @task
    def approvals(self):
        self.page("/approvals/", "Approvals")

    @task
    def reviews(self):
        self.page("/reviews/", "Reviews")

    @task
    def register(self):
        self.page("/register/", "Register")

    @task
    def report(self):
        self.page("/reports/", "Report")


class Administrator(Staff):
    """Watches the health page and opens the policy profile in the admin site."""

    role = "administrator"
    wait_time = between(10, 30)

    @task(2)
    def health(self):
        self.page("/health/", "Health")

    @task
    def profile(self):
        self.page(PLAN["profile_admin_url"], "Profile admin")


class DashboardOnly(Staff):
    """Caseworkers reloading their dashboard with no pause: the throughput of one page."""

    role = "caseworker"
    wait_time = constant(0)

    @task
    def dashboard(self):
        self.page("/", "Dashboard: caseworker")


def _query(**params) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


# Fixed numbers of each, not drawn by weight, so every run plays the same office.
for _class in (Caseworker, LineManager, Administrator, DashboardOnly):
    _class.fixed_count = PLAN["counts"].get(_class.__name__, 0)
