"""The customer's timeline merges the sources it is given, newest first, page by page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.services import ContactDetails, contact_log
from cases.timeline import CONTACTS, INCIDENTS, customer_timeline_page
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import incident

pytestmark = pytest.mark.django_db


def test_pages_split_the_merged_history(btpa_active, caseworker):
    customer = CustomerFactory()
    now = timezone.now()
    for days in range(5):
        contact_log(
            logged_by=caseworker,
            customer=customer,
            details=ContactDetails(
                channel="email",
                received_at=now - timedelta(days=days, hours=1),
                summary=f"C{days}",
            ),
        )
        incident(customer, caseworker, days_ago=days + 0.5)
    first = customer_timeline_page(customer, 1, per_page=4, sources=(CONTACTS, INCIDENTS))
    last = customer_timeline_page(customer, 3, per_page=4, sources=(CONTACTS, INCIDENTS))
    assert first.page.paginator.count == 10
    assert len(first.entries) == 4 and len(last.entries) == 2
    moments = [e.moment for e in first.entries]
    assert moments == sorted(moments, reverse=True)


def test_only_the_sources_given_are_read(btpa_active, caseworker):
    customer = CustomerFactory()
    incident(customer, caseworker, days_ago=1)
    contact_log(
        logged_by=caseworker,
        customer=customer,
        details=ContactDetails(
            channel="email",
            received_at=timezone.now(),
            summary="Only this",
        ),
    )
    page = customer_timeline_page(customer, 1, per_page=10, sources=(CONTACTS,))
    assert [e.kind for e in page.entries] == ["contact"]


def test_a_timeline_needs_sources_with_kinds_of_their_own():
    with pytest.raises(ValueError, match="at least one source"):
        customer_timeline_page(None, 1, per_page=10, sources=())
    with pytest.raises(ValueError, match="kind of its own"):
        customer_timeline_page(None, 1, per_page=10, sources=(CONTACTS, CONTACTS))
