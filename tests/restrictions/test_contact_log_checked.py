"""Logging a contact with its restriction check is one service and one transaction."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Contact, Customer
from cases.services import ContactDetails
from contactpolicy.selectors import profile_get_active
from restrictions.banner import banner_for
from restrictions.contact_log import NewCustomer, contact_log_checked
from restrictions.models import CheckOutcome, ContactCheck
from tests.restrictions.restricted import customer_named, sanction, telephone_outside_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def caller(btpa_active, caseworker, line_manager, chief_executive):
    """A BTPA customer whose calls are limited to two days a week, neither of them today."""
    customer = customer_named("Gordon Pike", caseworker)
    sanction(
        customer,
        telephone_outside_today(),
        proposer=line_manager,
        approvers=[chief_executive],
        recorder=caseworker,
    )
    return customer


def a_call(**overrides) -> ContactDetails:
    return ContactDetails(
        **{
            "sender": "",
            "channel": "telephone",
            "kind": "general",
            "direction": "in",
            "received_at": timezone.now(),
            "case": None,
            "summary": "Rang about the same complaint again",
            "language": "en",
        }
        | overrides
    )


def test_a_call_outside_the_window_is_logged_with_its_breach(caseworker, caller):
    banner = banner_for(caller, script=profile_get_active().termination_script)

    contact, summary = contact_log_checked(
        actor=caseworker,
        customer=caller,
        restriction=banner,
        instruction_followed=True,
        details=a_call(),
    )

    assert summary is not None and summary.check.outcome == CheckOutcome.BREACH
    assert summary.check.contact == contact
    assert contact.respond_due_at is None  # a breach is read and filed: no reply is due


def test_without_a_restriction_no_check_is_kept(btpa_active, caseworker):
    customer = customer_named("Ann Other", caseworker)

    contact, summary = contact_log_checked(actor=caseworker, customer=customer, details=a_call())

    assert summary is None
    assert contact.customer == customer
    assert not ContactCheck.objects.exists()


def test_a_new_customer_is_added_with_the_contact(btpa_active, caseworker):
    contact, _ = contact_log_checked(
        actor=caseworker,
        customer=None,
        new_customer=NewCustomer(name="New Person", identifiers=[("email", "new@example.org", "")]),
        details=a_call(channel="email"),
    )

    assert contact.customer.name == "New Person"
    assert contact.customer.identifiers.get().value == "new@example.org"


def test_a_refused_contact_leaves_no_new_customer_behind(btpa_active, caseworker):
    with pytest.raises(ValidationError):
        contact_log_checked(
            actor=caseworker,
            customer=None,
            new_customer=NewCustomer(name="Half Recorded"),
            # A call a member of staff ended needs its reason (the contact's own rule).
            details=a_call(ended_by_staff=True, ended_reason=""),
        )

    assert not Customer.objects.exists()
    assert not Contact.objects.exists()
