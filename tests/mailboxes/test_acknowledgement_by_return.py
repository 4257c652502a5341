"""An email the service standard asks to be acknowledged is acknowledged at once by email,
where the profile allows it, and never where the customer's arrangement or the message
says otherwise."""

import pytest

from cases.models import Contact
from contactpolicy.selectors import profile_get_active
from mailboxes.models import EmailTemplate, OutboundEmail
from mailboxes.services import acknowledge_by_return, acknowledgement_withheld
from mailboxes.wording import MERGE_FIELDS, SHIPPED, unknown_fields
from tests.mailboxes.mail import email_arrives
from tests.restrictions.factories import sanction_of
from tests.restrictions.restricted import customer_named, sanction

pytestmark = pytest.mark.django_db


def acknowledged(contact, capture):
    with capture(execute=True):
        outbound = acknowledge_by_return(contact)
    return outbound


def test_an_email_is_acknowledged_by_return_threaded_to_the_customers_message(
    btpa_active, caseworker, smtp_receiver, django_capture_on_commit_callbacks
):
    """BTPA §5: "We aim to acknowledge all emails to the general enquiries inbox within 2
    working days"."""
    contact = email_arrives(logged_by=caseworker, references="<earlier@example.net>")
    assert contact.acknowledge_due_at is not None

    outbound = acknowledged(contact, django_capture_on_commit_callbacks)

    [message] = smtp_receiver.messages
    customer_message_id = contact.inbound_email.message_id
    assert message["In-Reply-To"] == customer_message_id
    assert message["References"].split() == ["<earlier@example.net>", customer_message_id]
    assert message["From"] == "enquiries@btpa.example.org"
    assert message["To"] == "ann.other@example.net"
    assert message["Auto-Submitted"] == "auto-replied"
    assert message["Message-ID"] == outbound.message_id
    assert outbound.message_id.endswith("@btpa.example.org>")
    assert contact.reference in message["Subject"]
    assert "Dear Ann Other" in message.get_content()
    outbound.refresh_from_db()
    assert outbound.state == "sent"
    contact.refresh_from_db()
    assert contact.acknowledged_at == outbound.sent_at
    assert contact.responded_at is None
    assert outbound.raw.read() and len(outbound.raw_sha256) == 64


def test_a_welsh_email_is_acknowledged_in_welsh(
    btpa_active, caseworker, smtp_receiver, django_capture_on_commit_callbacks
):
    contact = email_arrives(logged_by=caseworker, language="cy", from_name="Siân Jones")
    assert contact.reply_in_welsh

    acknowledged(contact, django_capture_on_commit_callbacks)

    [message] = smtp_receiver.messages
    assert message["Subject"].startswith("Rydym wedi cael eich e-bost")
    assert "Annwyl Siân Jones" in message.get_content()
    assert message["Content-Language"] == "cy"


def test_an_administrators_wording_replaces_the_shipped_one(
    btpa_active, caseworker, smtp_receiver, django_capture_on_commit_callbacks
):
    EmailTemplate.objects.create(
        kind="acknowledgement",
        language="en",
        subject="Received: {{ reference }}",
        body="Hello {{ name }}, thank you. {{ organisation }}",
    )
    contact = email_arrives(logged_by=caseworker)

    acknowledged(contact, django_capture_on_commit_callbacks)

    [message] = smtp_receiver.messages
    assert message["Subject"] == f"Received: {contact.reference}"
    assert message.get_content().strip() == (
        f"Hello Ann Other, thank you. {profile_get_active().name}"
    )


def test_it_is_sent_once_however_often_it_is_asked(
    btpa_active, caseworker, smtp_receiver, django_capture_on_commit_callbacks
):
    contact = email_arrives(logged_by=caseworker)

    assert acknowledged(contact, django_capture_on_commit_callbacks) is not None
    assert acknowledged(contact, django_capture_on_commit_callbacks) is None

    assert len(smtp_receiver.messages) == 1
    assert OutboundEmail.objects.filter(contact=contact).count() == 1


def test_a_profile_whose_policy_sets_no_email_acknowledgement_sends_none(
    activate_profile, caseworker, smtp_receiver, django_capture_on_commit_callbacks
):
    activate_profile("opcc")
    contact = email_arrives(logged_by=caseworker)

    assert acknowledged(contact, django_capture_on_commit_callbacks) is None
    assert smtp_receiver.messages == []


@pytest.mark.parametrize(
    ("arrival", "reason"),
    [
        ({"auto_reply": True}, "It is an automatic reply"),
        ({"copied_for_information": True}, "It was copied for information"),
        ({"sender_verified": False}, "The sender's address was not verified"),
    ],
)
def test_no_acknowledgement_goes_to_an_auto_reply_a_copy_or_an_unverified_sender(
    btpa_active, caseworker, smtp_receiver, django_capture_on_commit_callbacks, arrival, reason
):
    contact = email_arrives(logged_by=caseworker, **arrival)

    assert acknowledgement_withheld(contact) == reason
    assert acknowledged(contact, django_capture_on_commit_callbacks) is None
    assert smtp_receiver.messages == []


def test_the_profile_setting_off_sends_none(
    btpa_active, caseworker, smtp_receiver, django_capture_on_commit_callbacks
):
    btpa_active.email_acknowledgement_automatic = False
    btpa_active.save(update_fields=["email_acknowledgement_automatic"])
    contact = email_arrives(logged_by=caseworker)

    assert acknowledged(contact, django_capture_on_commit_callbacks) is None
    assert smtp_receiver.messages == []


def restricted(customer, kind, params, line_manager, chief_executive, caseworker):
    sanction(
        customer,
        sanction_of(profile_get_active(), kind, **params),
        proposer=line_manager,
        approvers=[chief_executive],
        recorder=caseworker,
    )
    return customer


def test_no_acknowledgement_under_read_and_file(
    btpa_active,
    caseworker,
    line_manager,
    chief_executive,
    smtp_receiver,
    django_capture_on_commit_callbacks,
):
    """BTPA §8, written correspondence, mechanism 3: read and file, replying "only once a
    matter has reached an outcome"."""
    customer = customer_named(
        "Gordon Pike", caseworker, identifiers=[("email", "g@example.net", "")]
    )
    restricted(customer, "read_and_file", {}, line_manager, chief_executive, caseworker)
    contact = email_arrives(logged_by=caseworker, customer=customer, from_address="g@example.net")

    assert acknowledgement_withheld(contact) is not None
    assert acknowledged(contact, django_capture_on_commit_callbacks) is None
    assert smtp_receiver.messages == []


def test_no_acknowledgement_by_email_when_letters_are_the_one_method(
    btpa_active,
    caseworker,
    line_manager,
    chief_executive,
    smtp_receiver,
    django_capture_on_commit_callbacks,
):
    """BTPA §8: "Restricting contact to one method of communication"."""
    customer = customer_named(
        "Gordon Pike", caseworker, identifiers=[("email", "g@example.net", "")]
    )
    restricted(
        customer, "one_method", {"channel": "letter"}, line_manager, chief_executive, caseworker
    )
    contact = email_arrives(logged_by=caseworker, customer=customer, from_address="g@example.net")

    assert acknowledged(contact, django_capture_on_commit_callbacks) is None
    assert smtp_receiver.messages == []
    assert not Contact.objects.get(pk=contact.pk).acknowledged_at


def test_every_shipped_template_has_its_welsh_and_names_only_known_fields():
    kinds = {kind for kind, _ in SHIPPED}
    for kind in kinds:
        assert {language for k, language in SHIPPED if k == kind} == {"en", "cy"}
    for wording in SHIPPED.values():
        assert not unknown_fields(wording.subject + wording.body)
        assert "{{ reference }}" in wording.body
    assert set(MERGE_FIELDS) >= {"name", "reference"}
