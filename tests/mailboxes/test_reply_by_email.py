"""Staff answer an email contact from its page: the reply goes from the organisation's
mailbox, threaded to the customer's message, is stored, and answers the contact."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Contact
from contactpolicy.idempotency import new_token
from contactpolicy.selectors import profile_get_active
from mailboxes.models import OutboundEmail
from mailboxes.services import outbound_retry, reply_send, reply_subject
from tests.mailboxes.mail import email_arrives
from tests.queries import count_queries
from tests.restrictions.factories import sanction_of
from tests.restrictions.restricted import customer_named, sanction

pytestmark = pytest.mark.django_db


def answered_times(contact) -> int:
    return contact.history.filter(history_change_reason="Answered").count()


def test_a_reply_goes_threaded_from_the_mailbox_and_answers_the_contact(
    btpa_active, caseworker, smtp_receiver, django_capture_on_commit_callbacks
):
    contact = email_arrives(logged_by=caseworker, subject="Lost property")

    with django_capture_on_commit_callbacks(execute=True):
        outbound = reply_send(
            contact=contact,
            actor=caseworker,
            subject=reply_subject(contact),
            body="We have found your umbrella.",
        )

    [message] = smtp_receiver.messages
    assert message["Subject"] == f"Re: Lost property [{contact.reference}]"
    assert message["In-Reply-To"] == contact.inbound_email.message_id
    assert message["References"] == contact.inbound_email.message_id
    assert message["From"] == "enquiries@btpa.example.org"
    assert smtp_receiver.envelopes == [("enquiries@btpa.example.org", ["ann.other@example.net"])]
    assert message.get_content().strip() == "We have found your umbrella."
    outbound.refresh_from_db()
    assert (outbound.state, outbound.kind, outbound.created_by) == ("sent", "reply", caseworker)
    contact.refresh_from_db()
    assert contact.responded_at == outbound.sent_at
    assert contact.acknowledged_at == outbound.sent_at  # a response also acknowledges
    assert answered_times(contact) == 1


def test_a_failed_send_is_kept_not_sent_and_sent_once_when_tried_again(
    btpa_active, caseworker, smtp_receiver, django_capture_on_commit_callbacks
):
    contact = email_arrives(logged_by=caseworker)
    smtp_receiver.stop()

    with django_capture_on_commit_callbacks(execute=True):
        outbound = reply_send(contact=contact, actor=caseworker, subject="Re: x", body="Answer")

    outbound.refresh_from_db()
    assert outbound.state == "failed" and outbound.error
    contact.refresh_from_db()
    assert contact.responded_at is None

    smtp_receiver.start()
    with django_capture_on_commit_callbacks(execute=True):
        outbound_retry(outbound=outbound, actor=caseworker)
    with pytest.raises(ValidationError, match="sent already"):
        outbound_retry(outbound=outbound, actor=caseworker)

    assert len(smtp_receiver.messages) == 1
    outbound.refresh_from_db()
    assert (outbound.state, outbound.attempts) == ("sent", 2)
    contact.refresh_from_db()
    assert contact.responded_at is not None
    assert answered_times(contact) == 1


def test_a_task_delivered_twice_sends_once(
    btpa_active, caseworker, smtp_receiver, django_capture_on_commit_callbacks
):
    from mailboxes.services import outbound_send

    contact = email_arrives(logged_by=caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        outbound = reply_send(contact=contact, actor=caseworker, subject="Re: x", body="Answer")

    assert outbound_send(outbound.pk) is False
    assert len(smtp_receiver.messages) == 1


def restrict(customer, kind, params, line_manager, chief_executive, caseworker):
    sanction(
        customer,
        sanction_of(profile_get_active(), kind, **params),
        proposer=line_manager,
        approvers=[chief_executive],
        recorder=caseworker,
    )


def test_a_reply_by_email_is_refused_when_letters_are_the_one_method(
    btpa_active, caseworker, line_manager, chief_executive, smtp_receiver
):
    """BTPA §8: "Restricting contact to one method of communication"."""
    customer = customer_named("Gordon Pike", caseworker)
    restrict(
        customer, "one_method", {"channel": "letter"}, line_manager, chief_executive, caseworker
    )
    contact = email_arrives(logged_by=caseworker, customer=customer, from_address="g@example.net")

    with pytest.raises(ValidationError, match="letter"):
        reply_send(contact=contact, actor=caseworker, subject="Re: x", body="Answer")

    assert not OutboundEmail.objects.exists()
    assert smtp_receiver.messages == []


def test_under_a_named_officer_only_they_may_reply(
    btpa_active,
    caseworker,
    line_manager,
    head_of_service,
    chief_executive,
    smtp_receiver,
    django_capture_on_commit_callbacks,
):
    """BTPA §8: "Restricting contact to one named officer, and that all communication
    received by others will be automatically transferred"."""
    customer = customer_named("Gordon Pike", caseworker)
    restrict(
        customer,
        "named_officer",
        {"officer": caseworker},
        line_manager,
        chief_executive,
        caseworker,
    )
    contact = email_arrives(logged_by=caseworker, customer=customer, from_address="g@example.net")

    with pytest.raises(ValidationError, match="Transfer the contact to"):
        reply_send(contact=contact, actor=head_of_service, subject="Re: x", body="Answer")
    with django_capture_on_commit_callbacks(execute=True):
        reply_send(contact=contact, actor=caseworker, subject="Re: x", body="Answer")

    assert len(smtp_receiver.messages) == 1


def test_a_contact_that_did_not_come_by_email_cannot_be_answered_by_email(btpa_active, caseworker):
    from django.utils import timezone

    from cases.services import ContactDetails, contact_log

    contact = contact_log(
        logged_by=caseworker,
        details=ContactDetails(
            channel="telephone", received_at=timezone.now(), summary="Rang", sender="Ann"
        ),
    )
    with pytest.raises(ValidationError, match="did not come by email"):
        reply_send(contact=contact, actor=caseworker, subject="Re: x", body="Answer")


# -- The page ----------------------------------------------------------------------------


def test_the_reply_form_is_on_the_contact_page_with_the_subject_offered(
    client, btpa_active, caseworker
):
    contact = email_arrives(logged_by=caseworker, subject="Lost property")
    client.force_login(caseworker)

    page = client.get(contact.get_absolute_url()).content.decode()

    assert "Reply by email" in page
    assert f"Re: Lost property [{contact.reference}]" in page


def test_posting_a_reply_sends_it_once_and_a_refusal_shows_its_reason(
    client,
    btpa_active,
    caseworker,
    line_manager,
    chief_executive,
    smtp_receiver,
    django_capture_on_commit_callbacks,
):
    contact = email_arrives(logged_by=caseworker)
    client.force_login(caseworker)
    url = reverse("screens:contact_reply", args=[contact.reference])
    form = {"subject": "Re: x", "body": "Answer", "submission_token": new_token()}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form)
        again = client.post(url, form)

    assert response.status_code == 302 and again.status_code == 302
    assert len(smtp_receiver.messages) == 1
    assert Contact.objects.get(pk=contact.pk).responded_at is not None

    blank = client.post(url, {"subject": "", "body": " ", "submission_token": new_token()})
    assert blank.status_code == 400
    assert "Enter the reply" in blank.content.decode()
    too_long = client.post(
        url, {"subject": "x", "body": "y" * 10_001, "submission_token": new_token()}
    )
    assert too_long.status_code == 400
    assert "10,000 characters or fewer" in too_long.content.decode()

    customer = customer_named("Gordon Pike", caseworker)
    restrict(
        customer, "one_method", {"channel": "letter"}, line_manager, chief_executive, caseworker
    )
    barred = email_arrives(logged_by=caseworker, customer=customer, from_address="g@example.net")
    refused = client.post(
        reverse("screens:contact_reply", args=[barred.reference]),
        {"subject": "Re: x", "body": "Answer", "submission_token": new_token()},
    )
    assert refused.status_code == 400
    assert 'class="govuk-error-summary"' in refused.content.decode()
    assert (
        "The permitted method is letter" in refused.content.decode()
        or "letter" in refused.content.decode()
    )


def test_someone_who_may_not_answer_the_contact_may_not_reply(
    client, btpa_active, caseworker, smtp_receiver
):
    from contactpolicy.roles import Role
    from tests.factories import UserFactory

    other = UserFactory(username="otto", roles=[Role.CASEWORKER])
    contact = email_arrives(logged_by=caseworker)
    client.force_login(other)

    response = client.post(
        reverse("screens:contact_reply", args=[contact.reference]),
        {"subject": "Re: x", "body": "Answer", "submission_token": new_token()},
    )

    assert response.status_code == 403
    assert smtp_receiver.messages == []
    assert "Reply by email" not in client.get(contact.get_absolute_url()).content.decode()


def test_the_contact_page_with_the_reply_form_runs_a_fixed_number_of_queries(
    client, btpa_active, caseworker, smtp_receiver, django_capture_on_commit_callbacks
):
    customer = customer_named("Ann Other", caseworker)
    client.force_login(caseworker)

    def history(earlier_contacts: int, replies: int):
        for _ in range(earlier_contacts):
            earlier = email_arrives(logged_by=caseworker, customer=customer)
            with django_capture_on_commit_callbacks(execute=True):
                reply_send(contact=earlier, actor=caseworker, subject="Re: x", body="Answer")
        contact = email_arrives(logged_by=caseworker, customer=customer)
        for _ in range(replies):
            with django_capture_on_commit_callbacks(execute=True):
                reply_send(contact=contact, actor=caseworker, subject="Re: y", body="Again")
        return count_queries(client, contact.get_absolute_url())

    few = history(earlier_contacts=1, replies=1)
    many = history(earlier_contacts=6, replies=4)

    # The contact page's own, and for email five: the message, its mailbox, the
    # emails sent, the customer's recent contacts (with their messages) and their replies.
    assert many == few
    assert many <= 15
