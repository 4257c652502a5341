"""A notice to a customer with no postal address is never posted: the issue step says so
before it is issued and asks whether it will be emailed or handed over; it never enters the
print queue or today's post, and marking it as posted is refused."""

import pytest
from django.core import mail
from django.urls import reverse

from cases.models import CustomerIdentifier, IdentifierKind
from contactpolicy.refusals import Refused
from notices import selectors
from notices.models import NoticeRefusalCode, SendMethod
from notices.services import (
    notice_draft_for_contact,
    notice_issue,
    notice_mark_sent,
    notices_mark_posted,
    post_batch_start,
)
from tests.cases.factories import ContactFactory, CustomerFactory
from tests.notices.factories import addressed_customer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def unaddressed(email: str = ""):
    customer = CustomerFactory(name="Robin Hale")
    if email:
        CustomerIdentifier.objects.create(customer=customer, kind=IdentifierKind.EMAIL, value=email)
    return customer


def draft_for(customer, actor):
    return notice_draft_for_contact(contact=ContactFactory(customer=customer), actor=actor)


def test_an_unaddressed_notice_never_enters_the_print_queue_or_todays_post(btpa_active, caseworker):
    posted = notice_issue(notice=draft_for(addressed_customer(), caseworker), actor=caseworker)
    kept = notice_issue(notice=draft_for(unaddressed(), caseworker), actor=caseworker)

    assert posted.postable and not kept.postable
    assert [n.reference for n in selectors.awaiting_post()] == [posted.reference]
    assert selectors.post_batch_candidates() == [(posted.pk, None)]
    assert selectors.issuing_counts().awaiting_post == 1
    batch = post_batch_start(actor=caseworker)
    assert list(batch.notices.values_list("pk", flat=True)) == [posted.pk]


def test_marking_it_as_posted_is_refused_and_email_or_hand_is_recorded(btpa_active, caseworker):
    notice = notice_issue(notice=draft_for(unaddressed(), caseworker), actor=caseworker)

    with pytest.raises(Refused) as refused:
        notices_mark_posted(notices=[notice], actor=caseworker)
    assert refused.value.refusal.code == NoticeRefusalCode.NOT_POSTABLE
    notice.refresh_from_db()
    assert notice.awaits_sending

    notice_mark_sent(notice=notice, actor=caseworker, method=SendMethod.BY_HAND)
    notice.refresh_from_db()
    assert notice.sent_method == SendMethod.BY_HAND


def test_the_issue_step_says_plainly_it_cannot_be_posted_before_it_is_issued(
    client, btpa_active, caseworker
):
    draft = draft_for(unaddressed(), caseworker)
    client.force_login(caseworker)

    page = client.get(draft.get_absolute_url()).content.decode()

    assert "Robin Hale has no postal address on record, so this notice cannot be posted" in page
    assert 'name="delivery" value="email"' in page
    assert 'name="delivery" value="by_hand"' in page


def test_an_addressed_customers_notice_is_not_asked_how_it_goes(client, btpa_active, caseworker):
    draft = draft_for(addressed_customer(), caseworker)
    client.force_login(caseworker)

    page = client.get(draft.get_absolute_url()).content.decode()

    assert 'name="delivery"' not in page
    assert "cannot be posted" not in page


def test_issuing_without_choosing_how_it_goes_is_refused_with_a_govuk_message(
    client, btpa_active, caseworker
):
    draft = draft_for(unaddressed(), caseworker)
    client.force_login(caseworker)

    response = client.post(reverse("notices:issue", kwargs={"reference": draft.reference}))

    assert response.status_code == 400
    assert "Choose whether to email the notice or hand it over" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft


def test_choosing_email_without_an_email_address_is_refused(client, btpa_active, caseworker):
    draft = draft_for(unaddressed(), caseworker)
    client.force_login(caseworker)

    response = client.post(
        reverse("notices:issue", kwargs={"reference": draft.reference}), {"delivery": "email"}
    )

    assert response.status_code == 400
    assert "no email address on record: choose to hand the notice over" in (
        response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.is_draft


def test_choosing_email_issues_it_and_emails_it(
    client, btpa_active, caseworker, django_capture_on_commit_callbacks
):
    draft = draft_for(unaddressed(email="robin@example.org"), caseworker)
    client.force_login(caseworker)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("notices:issue", kwargs={"reference": draft.reference}),
            {"delivery": "email"},
        )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.postable
    assert draft.sent_method == SendMethod.EMAIL
    assert [m.to for m in mail.outbox] == [["robin@example.org"]]


def test_choosing_to_hand_it_over_leaves_post_out_of_the_ways_it_can_be_recorded(
    client, btpa_active, caseworker
):
    draft = draft_for(unaddressed(), caseworker)
    client.force_login(caseworker)

    response = client.post(
        reverse("notices:issue", kwargs={"reference": draft.reference}),
        {"delivery": "by_hand"},
        follow=True,
    )

    page = response.content.decode()
    assert "Record it as sent when you hand it over" in page
    assert 'name="method" value="by_hand"' in page
    assert 'name="method" value="post"' not in page
    sent = client.post(
        reverse("notices:sent", kwargs={"reference": draft.reference}), {"method": "post"}
    )
    assert sent.status_code == 400
    draft.refresh_from_db()
    assert draft.awaits_sending
