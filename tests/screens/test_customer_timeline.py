"""The customer page's timeline merges contacts, incidents and decisions, newest first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.services import ContactDetails, contact_log
from cases.timeline import customer_timeline_page
from screens.timeline import CUSTOMER_TIMELINE
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import incident, propose_and_submit

pytestmark = pytest.mark.django_db


def test_entries_of_every_kind_in_time_order(btpa_active, caseworker, line_manager):
    customer = CustomerFactory()
    now = timezone.now()
    old = contact_log(
        logged_by=caseworker,
        customer=customer,
        details=ContactDetails(
            channel="email",
            received_at=now - timedelta(days=10),
            summary="Old",
        ),
    )
    concern = incident(customer, caseworker, days_ago=5)
    decision = propose_and_submit(
        line_manager, customer, "warn", incidents=[concern], review_in_days=None
    )
    recent = contact_log(
        logged_by=caseworker,
        customer=customer,
        details=ContactDetails(
            channel="letter",
            received_at=now - timedelta(hours=1),
            summary="New",
        ),
    )

    page = customer_timeline_page(customer, 1, per_page=10, sources=CUSTOMER_TIMELINE)
    # The decision is dated when it was proposed: just now.
    assert [(e.kind, e.item.pk) for e in page.entries] == [
        ("decision", decision.pk),
        ("contact", recent.pk),
        ("incident", concern.pk),
        ("contact", old.pk),
    ]


def test_managers_see_the_audit_record_on_the_customer_page(
    client, btpa_active, caseworker, line_manager
):
    customer = CustomerFactory()
    concern = incident(customer, caseworker, days_ago=5)
    propose_and_submit(
        line_manager,
        customer,
        "warn",
        incidents=[concern],
        review_in_days=None,
        reasons="Shouted at the counter staff on two visits.",
    )

    client.force_login(line_manager)
    page = client.get(customer.get_absolute_url()).content.decode()
    assert "Decision proposed" in page
    assert "Decision submitted for approval" in page

    client.force_login(caseworker)
    page = client.get(customer.get_absolute_url()).content.decode()
    assert "Decision proposed" not in page
