"""Managers hear of work in their team in the browser (issue 20, items 10, 11 and 26).

IPCC §6: an officer in Planning records an incident that happened in Housing, answering
which service it was in; their line manager and the head of service above them each find
it once in their inbox, and follow it to the incident. Tamworth §4: the Head of Customer
Services finds in their inbox that a customer is being considered in another service. Every page is checked
with axe.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cases.models import Incident
from contactpolicy.models import Notification, Service
from contactpolicy.roles import Role
from tests.browser.test_decisions_journey import switch_user
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import incident, person, propose_and_submit

pytestmark = pytest.mark.django_db(transaction=True)

# Where to keep the pages seen, when someone wants to look at them.
SHOTS = os.environ.get("SHOTS_DIR")


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_ipcc_an_officers_manager_and_head_of_service_hear_of_an_incident_they_record(
    sign_in, page, live_server, activate_profile, assert_accessible
):
    activate_profile("ipcc")
    housing = Service.objects.create(name="Housing")
    planning = Service.objects.create(name="Planning")
    head = person(Role.HEAD_OF_SERVICE, first_name="Hana", last_name="Okafor", service=planning)
    manager = person(
        Role.LINE_MANAGER, first_name="Mia", last_name="Jones", line_manager=head, service=planning
    )
    officer = person(
        Role.CASEWORKER, first_name="Wes", last_name="Hill", line_manager=manager, service=planning
    )
    customer = CustomerFactory(name="Margaret Ellison")

    sign_in(officer)
    page.goto(f"{live_server.url}{customer.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("Record an incident")).click()
    expect(page.get_by_role("heading", name="Record an incident")).to_be_visible()
    service = page.get_by_label("Which service was it in?")
    expect(service).to_have_value(str(planning.pk))  # the officer's own, to start with
    service.select_option(label="Housing")
    page.get_by_label("Unreasonably persistent", exact=True).check()
    page.locator("#id_occurred_date_0").fill("2")
    page.locator("#id_occurred_date_1").fill("12")
    page.locator("#id_occurred_date_2").fill("2026")
    page.get_by_label("Time it happened").fill("10:30")
    page.get_by_label("Telephone").check()
    page.get_by_label("What happened").fill("Called eleven times this morning about one letter.")
    page.get_by_label("Low").check()
    assert_accessible(page)
    shot(page, "incident-form-service")
    page.get_by_role("button", name="Record incident").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("recorded")
    recorded = Incident.objects.get()
    assert recorded.service == housing
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Housing")
    shot(page, "incident-recorded")

    message = f"Wes Hill recorded incident {recorded.reference} about Margaret Ellison"
    for reader, name in ((manager, "manager"), (head, "head-of-service")):
        switch_user(page, sign_in, reader)
        page.goto(f"{live_server.url}/")
        header = page.get_by_role("link", name=re.compile("Notifications"))
        expect(header).to_contain_text("1")
        header.click()
        told = page.get_by_role("button", name=f"{message}: Unreasonably persistent, in Housing.")
        expect(told).to_have_count(1)
        assert_accessible(page)
        shot(page, f"inbox-incident-{name}")
        told.click()
        expect(page).to_have_url(re.compile(rf"{recorded.get_absolute_url()}$"))
        expect(page.get_by_role("heading", name=re.compile("Incident"))).to_be_visible()
    shot(page, "incident-followed")
    assert Notification.objects.filter(recipient=officer).count() == 0


def test_tamworth_the_head_of_customer_services_hears_a_customer_is_being_considered(
    sign_in, page, live_server, activate_profile, assert_accessible
):
    activate_profile("tamworth")
    housing = Service.objects.create(name="Housing")
    hcs = person(
        Role.HEAD_OF_SERVICE,
        first_name="Cara",
        last_name="Dunne",
        job_title="Head of Customer Services",
        service=Service.objects.create(name="Customer Services"),
    )
    customer = CustomerFactory(name="Margaret Ellison")
    proposer = person(Role.LINE_MANAGER, first_name="Mia", last_name="Jones", service=housing)
    decision = propose_and_submit(
        proposer,
        customer,
        "warn",
        incidents=[incident(customer, person(Role.CASEWORKER, service=housing))],
        review_in_days=0,
    )

    sign_in(hcs)
    page.goto(f"{live_server.url}/notifications/")
    considered = page.get_by_role(
        "button",
        name=re.compile(
            rf"Margaret Ellison is being considered under the policy: Mia Jones has put "
            rf"forward decision {decision.reference}"
        ),
    )
    expect(considered).to_have_count(1)
    # Not theirs to approve: the decision is about Housing, and waits for its head.
    expect(page.get_by_text("waits for your approval")).to_have_count(0)
    assert_accessible(page)
    shot(page, "inbox-considered-hcs")
    considered.click()
    expect(page).to_have_url(re.compile(rf"{decision.get_absolute_url()}$"))
    shot(page, "considered-followed")
