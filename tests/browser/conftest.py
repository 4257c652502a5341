"""Browser tests: Playwright driving Debian's Chromium against the live test server."""

import os
import shutil
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

from tests.factories import PASSWORD

# live_server runs Django in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# axe-core's impacts from "moderate" up fail a test; only "minor" findings are let through.
FAILING_IMPACTS = {"moderate", "serious", "critical"}

# Run axe once each page (not a frame) has loaded, and hand the findings to the test.
AXE_ON_LOAD = """
if (window.top === window && document.contentType === "text/html") {
  window.addEventListener("load", () => {
    window.__axeOnLoad = new Promise((resolve) => setTimeout(resolve, 0))
      .then(() => axe.run(document, {resultTypes: ["violations"]}))
      .then((results) => window.__reportAxe(location.href, results.violations))
      .catch((error) => window.__reportAxe(location.href, [{
        id: "axe-error", impact: "critical", help: String(error), nodes: [],
      }]));
  });
}
"""


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not shutil.which(CHROMIUM):
                item.add_marker(
                    pytest.mark.skip(reason="Chromium missing: apt-get install chromium")
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


def authenticator_app(user):
    """The person's authenticator app: one is set up first for whoever must have one.
    None for someone who needs none and has none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from contactpolicy.second_factor import second_factor_required

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and second_factor_required(user):
        device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    return device


def authenticator_code(user) -> str:
    """The code the person's app shows now. A code is accepted once, so signing the same
    person in again within its 30 seconds types the next one, which is accepted too."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    step = max(totp.t(), device.last_t + 1)
    totp.time = device.t0 + step * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def sign_in(page, live_server):
    def _sign_in(user):
        app = authenticator_app(user)
        page.goto(f"{live_server.url}/sign-in/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        if app is not None:
            page.get_by_label("Code", exact=True).fill(authenticator_code(user))
            page.get_by_role("button", name="Continue").click()
        return page

    return _sign_in


@pytest.fixture(scope="session")
def axe():
    return Axe()


def known_govuk_exception(violation: dict) -> bool:
    """GOV.UK Frontend's conditionally revealing radios and checkboxes carry aria-expanded.

    axe reports it (aria-allowed-attr); the Design System keeps it on purpose because screen
    readers announce it, and lists it as a known issue (alphagov/govuk-frontend#979). Only
    exactly that is excused: any other attribute or element still fails.
    """
    if violation["id"] != "aria-allowed-attr":
        return False
    return all(
        ("govuk-radios__input" in node["html"] or "govuk-checkboxes__input" in node["html"])
        and "aria-expanded" in node.get("failureSummary", "")
        for node in violation["nodes"]
    )


def failing(violations: list[dict]) -> list[dict]:
    return [
        v for v in violations if v["impact"] in FAILING_IMPACTS and not known_govuk_exception(v)
    ]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(str(n["target"][0]) for n in v["nodes"][:3])
        for v in violations
    )


# Wait for the page's load event (whose handler starts the check on load), then for that
# check: axe refuses to start a second run while one is going.
WAIT_FOR_AXE_ON_LOAD = """
async () => {
  if (document.readyState !== "complete") {
    await new Promise((resolve) => window.addEventListener("load", resolve, {once: true}));
  }
  await new Promise((resolve) => setTimeout(resolve, 0));
  await window.__axeOnLoad;
}
"""


def wait_for_axe_on_load(page) -> None:
    if not page.is_closed():
        page.evaluate(WAIT_FOR_AXE_ON_LOAD)


@pytest.fixture
def context(context, axe):
    """Every page the test opens is checked with axe as soon as it has loaded; the test
    fails afterwards on any moderate, serious or critical finding on any of them."""
    findings: list[tuple[str, list[dict]]] = []

    def report(source, url, violations):
        findings.append((url, violations))

    context.expose_binding("__reportAxe", report)
    context.add_init_script(axe.axe_script + AXE_ON_LOAD)
    yield context
    for page in context.pages:
        wait_for_axe_on_load(page)
    problems = [
        f"{url}\n{describe(bad)}" for url, violations in findings if (bad := failing(violations))
    ]
    assert not problems, "axe found problems:\n" + "\n".join(problems)


@pytest.fixture
def assert_accessible(axe):
    """Fail on any moderate, serious or critical axe-core violation on the page as it is now
    (after an htmx swap, say, which the check on load does not see)."""

    def _check(page):
        for attempt in range(5):
            wait_for_axe_on_load(page)
            try:
                results = axe.run(page)
                break
            except PlaywrightError as error:
                # A navigation's check on load started in between: wait for it, then again.
                if "Axe is already running" not in str(error) or attempt == 4:
                    raise
        bad = failing(results.response["violations"])
        assert not bad, describe(bad)

    return _check
