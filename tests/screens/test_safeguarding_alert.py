"""DESIGN.md §5 (read and file): "the contact is still read, and … 'safeguarding concern'
… alerts a manager" (issue 9, item 16). No restriction silences it."""

import pytest
from django.core import mail

from cases.models import Contact
from cases.safeguarding import contact_safeguarding_alert_send
from contactpolicy.roles import Role
from tests.factories import UserFactory
from tests.restrictions.factories import sanction_of
from tests.restrictions.restricted import customer_named, just_now, sanction

pytestmark = pytest.mark.django_db


def a_letter(customer, **extra):
    return {
        "customer": customer.reference,
        "who": "existing",
        "channel": "letter",
        "kind": "general",
        "direction": "in",
        "summary": "Says she cannot go on and has stopped eating",
        "language": "en",
        **just_now(),
        **extra,
    }


@pytest.fixture
def manager():
    return UserFactory(username="mona", email="mona@example.org", roles=[Role.LINE_MANAGER])


@pytest.fixture
def officer(manager):
    return UserFactory(username="olly", roles=[Role.CASEWORKER], line_manager=manager)


def test_a_safeguarding_concern_under_read_and_file_alerts_the_officers_manager(
    client,
    django_capture_on_commit_callbacks,
    activate_profile,
    officer,
    manager,
    line_manager,
    chief_executive,
):
    profile = activate_profile("btpa")
    customer = customer_named("Ada Quill", officer)
    sanction(
        customer,
        sanction_of(profile, "read_and_file"),
        proposer=line_manager,
        approvers=[chief_executive],
        recorder=officer,
    )
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/contacts/new/",
            a_letter(customer, instruction_followed="on", safeguarding_concern="on"),
        )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.safeguarding_concern
    # Read and filed all the same: no reply clock runs.
    assert contact.respond_due_at is None
    [alert] = mail.outbox
    assert alert.to == ["mona@example.org"]
    assert contact.reference in alert.subject
    assert contact.get_absolute_url() in alert.body
    contact.refresh_from_db()
    assert contact.safeguarding_alerted_to == "mona@example.org"

    page = client.get(contact.get_absolute_url()).content.decode()
    assert "This contact raises a safeguarding concern" in page
    assert "mona@example.org was alerted" in page

    # Once only: running the task again sends nothing.
    assert contact_safeguarding_alert_send(contact_id=contact.pk) is False
    assert len(mail.outbox) == 1


def test_no_alert_without_the_mark(
    client, django_capture_on_commit_callbacks, btpa_active, officer
):
    customer = customer_named("Ada Quill", officer)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/contacts/new/", a_letter(customer))
    assert Contact.objects.get().safeguarding_concern is False
    assert mail.outbox == []
