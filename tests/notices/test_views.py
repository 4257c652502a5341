"""The notices screens: the template editor refuses what the check refuses and previews against
a real decision; a notice page issues; the dashboard counts what waits; the customer's
timeline shows what was issued."""

import pytest
from django.urls import reverse

from contactpolicy.roles import Role
from notices.models import NoticeKind, NoticeTemplate
from notices.services import notice_draft_for_decision, notice_issue
from restrictions.models import Stage
from tests.notices.factories import approved_sanctions, staff
from tests.restrictions.factories import person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people(db):
    return staff()


def edit_url(kind=NoticeKind.SANCTIONS_IMPOSED, language="en"):
    return reverse("notices:template_edit", kwargs={"kind": kind, "language": language})


def test_the_editor_refuses_an_unknown_field_and_saves_nothing(activate_profile, client):
    activate_profile("tamworth")
    client.force_login(person(Role.ADMINISTRATOR))
    response = client.post(
        edit_url(),
        {
            "subject": "Managing your contact",
            "body": "Dear {{ customer_name }},\n\n{{ favourite_colour }}",
            "save": "1",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not a merge field" in page
    assert "{{ arrangements }}" in page
    assert not NoticeTemplate.objects.exists()


def test_the_editor_previews_against_a_real_decision_then_saves(activate_profile, client, people):
    profile = activate_profile("opcc")
    decision = approved_sanctions(profile, people)
    client.force_login(person(Role.ADMINISTRATOR))
    body = (
        "Dear {{ customer_name }},\n\n{{ behaviour }}\n\nWhat applies now:\n\n{{ arrangements }}"
        "\n\nReview by {{ review_date }}.\n\n{{ signatory_name }}\n{{ signatory_role }}"
    )
    form = {"subject": "Your contact with us", "body": body}
    preview = client.post(
        edit_url(), {**form, "preview_decision": decision.reference, "preview": "1"}
    )
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Dear Morgan Ellis," in page
    assert "What applies now:" in page
    assert "You may telephone us on Tuesday and Thursday" in page
    assert not NoticeTemplate.objects.exists()  # a preview saves nothing

    unknown = client.post(
        edit_url(), {**form, "preview_decision": "DEC-1999-000001", "preview": "1"}
    )
    assert unknown.status_code == 400
    assert "Enter the reference of a decision" in unknown.content.decode()

    saved = client.post(edit_url(), {**form, "save": "1"})
    assert saved.status_code == 302
    template = NoticeTemplate.objects.get()
    assert (template.profile, template.subject) == (profile, "Your contact with us")


def test_templates_are_the_administrators(activate_profile, client, people):
    activate_profile("btpa")
    client.force_login(people["chief"])
    assert client.get(reverse("notices:templates")).status_code == 403
    client.force_login(person(Role.ADMINISTRATOR))
    page = client.get(reverse("notices:templates")).content.decode()
    assert "Awaiting translator's check" in page  # BTPA's shipped Welsh


def test_issuing_from_the_notice_page_applies_the_decision(activate_profile, client, people):
    profile = activate_profile("ipcc")
    decision = approved_sanctions(profile, people)
    notice = notice_draft_for_decision(decision=decision, actor=people["head"])
    client.force_login(people["head"])
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "Issue the notice" in page
    assert "internal complaints procedure" in page  # the preview, in IPCC's terms
    response = client.post(reverse("notices:issue", kwargs={"reference": notice.reference}))
    assert response.status_code == 302
    case = decision.restriction_case
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED
    again = client.post(reverse("notices:issue", kwargs={"reference": notice.reference}))
    assert again.status_code == 409
    assert "already issued" in again.content.decode()


def test_the_dashboard_counts_what_waits_to_be_issued_and_posted(activate_profile, client, people):
    profile = activate_profile("btpa")
    waiting = approved_sanctions(profile, people)
    client.force_login(people["chief"])
    counts = client.get("/").context["notice_counts"]
    # The warning before it was issued and waits to be posted; the sanctions wait to be issued.
    assert (counts.awaiting_issue, counts.awaiting_post) == (1, 1)
    notice_issue(
        notice=notice_draft_for_decision(decision=waiting, actor=people["chief"]),
        actor=people["chief"],
    )
    counts = client.get("/").context["notice_counts"]
    assert (counts.awaiting_issue, counts.awaiting_post) == (0, 2)
    client.force_login(people["caseworker"])
    assert "notice_counts" not in client.get("/").context


def test_the_customer_timeline_shows_issued_notices(activate_profile, client, people):
    profile = activate_profile("btpa")
    decision = approved_sanctions(profile, people)
    customer = decision.restriction_case.customer
    client.force_login(people["caseworker"])
    page = client.get(customer.get_absolute_url()).content.decode()
    assert page.count("Notice: ") == 1  # the warning; the sanctions' notice is not issued yet
    notice_issue(
        notice=notice_draft_for_decision(decision=decision, actor=people["chief"]),
        actor=people["chief"],
    )
    page = client.get(customer.get_absolute_url()).content.decode()
    assert "Notice: Sanctions imposed" in page
    assert "Notice: Warning" in page


def test_a_contact_page_writes_its_acknowledgement_letter_once(activate_profile, client):
    """BTPA acknowledges letters (§6): the contact's page drafts the letter, and asking
    again opens the same draft."""
    from django.utils import timezone

    from cases.services import ContactDetails, contact_log
    from tests.cases.factories import CustomerFactory

    activate_profile("btpa")
    caseworker = person(Role.CASEWORKER)
    contact = contact_log(
        logged_by=caseworker,
        details=ContactDetails(
            channel="letter",
            received_at=timezone.now() - timezone.timedelta(hours=1),
            summary="Asks about a refund",
        ),
        customer=CustomerFactory(),
        officer=caseworker,
    )
    assert contact.acknowledge_due_at is not None
    client.force_login(caseworker)
    page = client.get(contact.get_absolute_url())
    assert b"Write the acknowledgement letter" in page.content

    url = reverse("notices:for_contact", kwargs={"reference": contact.reference})
    first = client.post(url)
    again = client.post(url)
    [notice] = contact.notices.all()
    assert notice.kind == NoticeKind.CONTACT_ACKNOWLEDGEMENT and notice.is_draft
    assert first.url == again.url == notice.get_absolute_url()
