""" "Waiting for me" on the dashboard (issue 20, item 16): the decisions the signed-in person
may approve or sign off now, in a fixed number of queries however many there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contactpolicy.roles import Role
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import incident, person, propose_and_submit

pytestmark = pytest.mark.django_db


def submitted(count: int, proposer):
    decisions = []
    for _ in range(count):
        customer = CustomerFactory()
        decisions.append(
            propose_and_submit(
                proposer,
                customer,
                "warn",
                incidents=[incident(customer, person(Role.CASEWORKER))],
                review_in_days=0,
            )
        )
    return decisions


def dashboard_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_chief_executive_finds_what_waits_for_their_sign_off_in_fixed_queries(
    client, btpa_active
):
    chief = person(Role.CHIEF_EXECUTIVE)
    proposer = person(Role.LINE_MANAGER)
    client.force_login(chief)
    first = submitted(1, proposer)
    few, page = dashboard_queries(client)
    assert "Waiting for me" in page and first[0].reference in page

    more = submitted(4, proposer)
    many, page = dashboard_queries(client)

    assert all(decision.reference in page for decision in more)
    assert "5 decisions, oldest first" in page
    assert few == many


def test_the_proposer_is_not_waited_for_and_a_caseworker_has_no_such_section(client, btpa_active):
    proposer = person(Role.LINE_MANAGER)
    decision = submitted(1, proposer)[0]

    client.force_login(proposer)
    page = client.get("/").content.decode()
    assert "Waiting for me" in page
    assert "No decision is waiting for your approval or sign-off." in page
    assert decision.reference not in page.split("Waiting for me")[1].split("</section>")[0]

    client.force_login(person(Role.CASEWORKER))
    assert "Waiting for me" not in client.get("/").content.decode()


def test_a_head_of_service_waits_only_for_decisions_within_their_service(
    client, activate_profile, django_capture_on_commit_callbacks
):
    """Items 11 and 16 together: under Tamworth heads of service "manage the policy within
    their service" (§4), so a decision about an incident in Planning waits for the Head of
    Planning, and is neither on the Head of Housing's dashboard nor in their inbox."""
    from contactpolicy.models import Notification, Service

    activate_profile("tamworth")
    housing = Service.objects.create(name="Housing")
    planning = Service.objects.create(name="Planning")
    head_of_housing = person(Role.HEAD_OF_SERVICE, service=housing)
    head_of_planning = person(Role.HEAD_OF_SERVICE, service=planning)
    customer = CustomerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        decision = propose_and_submit(
            person(Role.LINE_MANAGER),
            customer,
            "warn",
            incidents=[incident(customer, person(Role.CASEWORKER, service=planning))],
            review_in_days=0,
        )

    for head, waits in ((head_of_planning, True), (head_of_housing, False)):
        client.force_login(head)
        page = client.get("/").content.decode()
        waiting = page.split("Waiting for me")[1].split("</section>")[0]
        assert (decision.reference in waiting) is waits
        told = Notification.objects.filter(recipient=head, message__contains="waits for your")
        assert told.exists() is waits
