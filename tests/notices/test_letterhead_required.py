"""No letter is issued while the organisation's letterhead lacks a part (ADR 0015).

Letters tell customers to write, call or complain "at the address at the top of this
letter" (the shipped wording; Tamworth §8's letter "will also explain how the customer can
challenge the decision … and to whom such an appeal should be addressed"). Issuing is
refused through the refusal machinery (409 with the reason on the page), naming what is
missing and where to fill it in; the Chief Executive's sign-off, which issues its notice, is
refused before anything is written.
"""

import pytest
from django.urls import reverse

from contactpolicy.models import PolicyProfile
from contactpolicy.refusals import Refused
from contactpolicy.roles import Role
from notices.models import Notice, NoticeRefusalCode
from notices.services import decision_sign_off, notice_draft_for_contact, notice_issue
from restrictions.models import Approval, DecisionStatus
from tests.cases.factories import ContactFactory
from tests.factories import UserFactory
from tests.notices.factories import addressed_customer
from tests.restrictions.factories import incident, propose_and_submit, sanction_of

pytestmark = pytest.mark.django_db

PARTS = [
    ("address", "postal address"),
    ("telephone", "phone number"),
    ("email", "email address"),
    ("web_address", "web address"),
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def without(profile: PolicyProfile, *fields: str) -> PolicyProfile:
    """The profile with those parts of its letterhead cleared (saved, so every process's
    copy of the active profile is refreshed)."""
    for field in fields:
        setattr(profile, field, "")
    profile.save(update_fields=list(fields))
    return profile


def acknowledgement_draft(actor) -> Notice:
    contact = ContactFactory(customer=addressed_customer())
    return notice_draft_for_contact(contact=contact, actor=actor)


@pytest.mark.parametrize(("field", "words"), PARTS)
def test_issuing_is_refused_while_a_part_is_missing(btpa_active, caseworker, field, words):
    draft = acknowledgement_draft(caseworker)
    without(btpa_active, field)

    with pytest.raises(Refused) as refused:
        notice_issue(notice=draft, actor=caseworker)

    refusal = refused.value.refusal
    assert refusal.code == NoticeRefusalCode.NO_LETTERHEAD
    assert f"letterhead has its {words}" in refusal.sentence
    assert "Letterhead page" in refusal.sentence
    assert refusal.link_url == ""  # a caseworker cannot complete it
    draft.refresh_from_db()
    assert draft.is_draft and not draft.file and not draft.sha256


def test_the_refusal_names_every_part_missing(btpa_active, caseworker):
    draft = acknowledgement_draft(caseworker)
    without(btpa_active, "address", "web_address")

    with pytest.raises(Refused) as refused:
        notice_issue(notice=draft, actor=caseworker)

    assert "has its postal address and web address. An administrator adds them" in str(
        refused.value
    )


def test_the_notice_page_answers_409_with_the_reason_and_links_those_who_may_complete_it(
    client, btpa_active
):
    # An administrator who is also a member of staff may both issue and complete it.
    both = UserFactory(username="ade", roles=[Role.CASEWORKER, Role.ADMINISTRATOR])
    caseworker = UserFactory(username="cas", roles=[Role.CASEWORKER])
    draft = acknowledgement_draft(both)
    without(btpa_active, "telephone")
    issue = reverse("notices:issue", kwargs={"reference": draft.reference})

    client.force_login(both)
    response = client.post(issue)
    page = response.content.decode()
    assert response.status_code == 409
    assert "the organisation&#x27;s letterhead has its phone number" in page
    assert 'href="/letterhead/">Complete the letterhead</a>' in page

    client.force_login(caseworker)
    response = client.post(issue)
    page = response.content.decode()
    assert response.status_code == 409
    assert "letterhead has its phone number" in page
    assert 'href="/letterhead/"' not in page
    draft.refresh_from_db()
    assert draft.is_draft


def test_the_notice_page_warns_before_anyone_presses_issue(client, btpa_active, caseworker):
    draft = acknowledgement_draft(caseworker)
    without(btpa_active, "email")
    client.force_login(caseworker)

    page = client.get(draft.get_absolute_url()).content.decode()

    assert "No letter can be issued until the organisation's letterhead has its email" in page


@pytest.fixture
def submitted(btpa_active, line_manager, caseworker):
    """A BTPA sanction waiting for the Chief Executive's sign-off (BTPA §8: theirs)."""
    customer = addressed_customer(name="Margaret Ellison")
    return propose_and_submit(
        line_manager,
        customer,
        "sanction",
        incidents=[incident(customer, caseworker, extreme=True)],
        sanctions=[sanction_of(btpa_active, "one_method", channel="letter")],
    )


@pytest.mark.parametrize(("field", "words"), PARTS)
def test_sign_off_is_refused_before_anything_is_written(
    client, btpa_active, submitted, chief_executive, field, words
):
    without(btpa_active, field)
    client.force_login(chief_executive)

    response = client.post(
        reverse("notices:signoff", kwargs={"reference": submitted.reference}),
        {"outcome": "approve", "confirmed_checklist": "on", "reason": "Agreed"},
    )

    assert response.status_code == 409
    assert f"letterhead has its {words}" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == DecisionStatus.SUBMITTED
    assert not Approval.objects.exists()
    assert not Notice.objects.exists()
    assert not submitted.history.filter(status=DecisionStatus.APPROVED).exists()


def test_sign_off_refusal_comes_before_the_decision_is_read(
    btpa_active, submitted, chief_executive
):
    without(btpa_active, "web_address")

    with pytest.raises(Refused) as refused:
        decision_sign_off(
            decision=submitted,
            actor=chief_executive,
            outcome="approve",
            reason="Agreed",
            confirmed_checklist=True,
        )

    assert refused.value.refusal.code == NoticeRefusalCode.NO_LETTERHEAD
    assert refused.value.instance == submitted


def test_sending_a_decision_back_at_sign_off_needs_no_letterhead(
    btpa_active, submitted, chief_executive
):
    """Only an approval issues a letter: sending back or rejecting writes none."""
    without(btpa_active, "web_address")

    decided, notice = decision_sign_off(
        decision=submitted, actor=chief_executive, outcome="reject", reason="Not proportionate"
    )

    assert notice is None
    assert decided.status == DecisionStatus.REJECTED
