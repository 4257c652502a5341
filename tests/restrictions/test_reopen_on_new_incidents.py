"""DESIGN.md §4: "lifted --new incidents--> monitoring (history kept)" (issue 9, item 10).

Recording an incident for a customer whose restriction was lifted puts the case back to
monitoring, in the same transaction as the incident, with an audit event (ADR 0005).
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from contactpolicy.roles import Role
from restrictions.incident_services import incident_record_and_reopen
from restrictions.models import AuditEventType, Stage
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import drive_to, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def tamworth(activate_profile):
    profile = activate_profile("tamworth")
    return SimpleNamespace(
        profile=profile,
        caseworker=person(Role.CASEWORKER),
        proposer=person(Role.LINE_MANAGER),
        approver=person(Role.HEAD_OF_SERVICE),
    )


def lifted_case(people):
    customer = CustomerFactory()
    case = drive_to(
        customer,
        "lifted",
        proposer=people.proposer,
        approvers=[people.approver],
        recorder=people.caseworker,
    )
    assert case.state == Stage.LIFTED
    return customer, case


def new_incident(people, customer):
    category = people.profile.behaviour_categories.filter(is_extreme=False)[0]
    return {
        "recorded_by": people.caseworker,
        "customer": customer,
        "category": category,
        "occurred_at": timezone.now() - timedelta(hours=2),
        "channel": "telephone",
        "description": "Shouted at the officer again after the restriction was lifted",
    }


def test_a_new_incident_after_lifting_returns_the_case_to_monitoring(tamworth):
    customer, case = lifted_case(tamworth)
    recorded = incident_record_and_reopen(**new_incident(tamworth, customer))
    case.refresh_from_db()
    assert case.state == Stage.MONITORING
    assert case.lifted_at is None
    assert case.warned_at is not None  # the history is kept
    event = case.audit_events.get(event_type=AuditEventType.CASE_REOPENED)
    assert (event.from_state, event.to_state) == (Stage.LIFTED, Stage.MONITORING)
    assert event.actor == tamworth.caseworker
    assert recorded.reference in event.reason


def test_an_incident_for_a_case_in_force_leaves_its_stage(tamworth):
    customer = CustomerFactory()
    case = drive_to(
        customer,
        "warned",
        proposer=tamworth.proposer,
        approvers=[tamworth.approver],
        recorder=tamworth.caseworker,
    )
    incident_record_and_reopen(**new_incident(tamworth, customer))
    case.refresh_from_db()
    assert case.state == Stage.WARNED
    assert not case.audit_events.filter(event_type=AuditEventType.CASE_REOPENED).exists()


def test_recording_an_incident_on_screen_reopens_a_lifted_case(client, tamworth):
    customer, case = lifted_case(tamworth)
    client.force_login(tamworth.caseworker)
    category = tamworth.profile.behaviour_categories.filter(is_extreme=False)[0]
    moment = timezone.localtime() - timedelta(hours=1)
    response = client.post(
        f"/customers/{customer.reference}/incidents/new/",
        {
            "category": str(category.pk),
            "occurred_date_0": str(moment.day),
            "occurred_date_1": str(moment.month),
            "occurred_date_2": str(moment.year),
            "occurred_time": moment.strftime("%H:%M"),
            "channel": "telephone",
            "description": "Swore at the officer on the phone",
            "staff_affected": "",
            "contact": "",
            "severity": "medium",
            "reported_to": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert case.state == Stage.MONITORING
