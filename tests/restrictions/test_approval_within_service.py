"""Heads of service approve within their own service (`approval_within_service`), and
services are named on staff, matters and incidents."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cases.services import case_open
from contactpolicy.models import Service
from contactpolicy.roles import Role
from restrictions.models import DecisionStatus
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import approve, incident, person, propose_and_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(db):
    return {name: Service.objects.create(name=name) for name in ("Housing", "Planning")}


def _warning_about_planning(services):
    recorder = person(Role.CASEWORKER, service=services["Planning"])
    customer = CustomerFactory()
    evidence = incident(customer, recorder)
    assert evidence.service == services["Planning"]  # the recording officer's by default
    return propose_and_submit(
        person(Role.LINE_MANAGER),
        customer,
        "warn",
        incidents=[evidence],
        review_in_days=None,
    )


@pytest.mark.parametrize("slug", ["ipcc", "tamworth"])
def test_the_relevant_head_of_function_approves_within_their_service(
    activate_profile, services, slug
):
    """IPCC §6: "A manager can request authorisation to restrict contact from the relevant
    head of function"; Tamworth §4: Heads of Service "manage the policy within their
    service". A head of another service may not approve; the head of the incident's may."""
    profile = activate_profile(slug)
    assert profile.approval_within_service
    decision = _warning_about_planning(services)

    with pytest.raises(PermissionDenied) as refused:
        approve(decision, person(Role.HEAD_OF_SERVICE, service=services["Housing"]), issue=False)
    assert "the head of the service the incidents happened in approves" in str(refused.value)
    with pytest.raises(PermissionDenied) as refused:
        approve(decision, person(Role.HEAD_OF_SERVICE), issue=False)
    assert "no service is recorded for you" in str(refused.value)

    head_of_planning = person(Role.HEAD_OF_SERVICE, service=services["Planning"])
    assert approve(decision, head_of_planning, issue=False).status == DecisionStatus.APPROVED


def test_tamworth_a_corporate_case_is_not_limited_to_one_service(activate_profile, services):
    """Tamworth §9: "if a corporate approach is required, the Head of Customer Services"
    decides, across services."""
    activate_profile("tamworth")
    recorder = person(Role.CASEWORKER, service=services["Planning"])
    customer = CustomerFactory()
    decision = propose_and_submit(
        person(Role.LINE_MANAGER),
        customer,
        "warn",
        incidents=[incident(customer, recorder)],
        review_in_days=None,
        corporate=True,
    )
    head_of_customer_services = person(
        Role.HEAD_OF_SERVICE, job_title="Head of Customer Services", service=services["Housing"]
    )
    decision = approve(decision, head_of_customer_services, issue=False)
    assert decision.status == DecisionStatus.APPROVED


def test_without_the_setting_a_manager_of_any_service_approves(activate_profile, services):
    """OPCC's policy names no service: its line managers approve warnings whatever the
    service of the incidents."""
    profile = activate_profile("opcc")
    assert not profile.approval_within_service
    decision = _warning_about_planning(services)
    manager = person(Role.LINE_MANAGER, service=services["Housing"])
    assert approve(decision, manager, issue=False).status == DecisionStatus.APPROVED


def test_the_incident_form_asks_the_service_defaulting_to_the_recorders(
    activate_profile, services, client
):
    activate_profile("ipcc")
    recorder = person(Role.CASEWORKER, service=services["Housing"])
    customer = CustomerFactory()
    client.force_login(recorder)
    page = client.get(reverse("screens:incident_record", args=[customer.reference]))
    body = page.content.decode()
    assert "Which service was it in?" in body
    assert f'<option value="{services["Housing"].pk}" selected>Housing</option>' in body


def test_a_matter_belongs_to_a_service_and_the_report_counts_incidents_by_service(
    activate_profile, services
):
    """Reports count by service (Tamworth §4: "give feedback on the number of incidents to
    the Council services"; Heads of Service "manage the policy within their service"): the
    report a head of service reads counts each service's incidents, and those with none."""
    from screens.reports.figures import build_report
    from screens.reports.model import Period, Scope

    profile = activate_profile("tamworth")
    officer = person(Role.CASEWORKER, service=services["Housing"])
    customer = CustomerFactory()
    assert (
        case_open(customer=customer, subject="Rent", officer=officer).service
        == (services["Housing"])
    )
    incident(customer, officer)
    incident(customer, officer, service=services["Planning"])
    incident(customer, officer)
    incident(customer, person(Role.CASEWORKER))
    today = timezone.localdate()
    period = Period(today - timedelta(days=30), today, "The last 30 days")

    report = build_report(profile, period, Scope("The whole organisation"), today=today)
    counted = {figure.key: figure.value for figure in report.figures()}
    assert counted[f"incidents.service.{services['Housing'].pk}"] == 2
    assert counted[f"incidents.service.{services['Planning'].pk}"] == 1
    assert counted["incidents.service.none"] == 1

    housing = Scope("Housing", service_id=services["Housing"].pk)
    in_housing = {
        f.key: f.value for f in build_report(profile, period, housing, today=today).figures()
    }
    assert in_housing["incidents.total"] == 2


def test_an_administrator_keeps_the_list_of_services(client, administrator):
    client.force_login(administrator)
    added = client.post(
        reverse("admin:contactpolicy_service_add"), {"name": "Waste", "is_active": "on"}
    )
    assert added.status_code == 302
    assert Service.objects.get().name == "Waste"


def test_the_approvals_queue_reads_the_services_in_one_query(activate_profile, services, client):
    """Under IPCC the queue asks each decision's services: one query more, whatever the
    number of decisions, and a head of another service is not offered them."""
    from tests.queries import count_queries

    activate_profile("ipcc")
    head_of_planning = person(Role.HEAD_OF_SERVICE, service=services["Planning"])
    head_of_housing = person(Role.HEAD_OF_SERVICE, service=services["Housing"])
    client.force_login(head_of_planning)
    url = reverse("restrictions:approvals")
    _warning_about_planning(services)
    small = count_queries(client, url)
    for _ in range(3):
        _warning_about_planning(services)
    # session, user, groups (3); the profile's token (1); the decisions, their approvals,
    # sanctions and incidents (4); the header's unread count and the second factor (2): 10
    assert count_queries(client, url) == small == 10
    assert client.get(url).content.decode().count('href="/decisions/DEC-') == 4
    client.force_login(head_of_housing)
    assert 'href="/decisions/DEC-' not in client.get(url).content.decode()
