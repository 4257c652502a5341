"""Whoever issues a Welsh notice whose template awaits the translator's check is warned
before issuing it, on the notice's page and on the Chief Executive's sign-off."""

import pytest
from django.urls import reverse

from cases.models import Language
from contactpolicy.roles import Role
from notices.letter import template_for
from notices.models import NoticeLanguage
from notices.services import notice_draft_for_decision, template_save
from tests.notices.factories import addressed_customer, approved_sanctions, staff
from tests.restrictions.factories import incident, person, propose_and_submit

pytestmark = pytest.mark.django_db

WARNING = "You are about to issue a Welsh letter that is awaiting the translator's check"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_issuing_a_welsh_letter_awaiting_its_check_is_warned_of(btpa_active, client):
    people = staff()
    customer = addressed_customer(name="Gwenllian Rhys", preferred_language=Language.WELSH)
    decision = approved_sanctions(btpa_active, people, customer)
    notice = notice_draft_for_decision(decision=decision, actor=people["chief"])
    assert notice.language == NoticeLanguage.WELSH
    client.force_login(people["chief"])
    page = client.get(notice.get_absolute_url()).content.decode()
    assert 'id="awaiting-translation-check"' in page and "govuk-warning-text" in page
    assert WARNING in page

    # Once an administrator confirms the translator has checked it, no warning.
    shipped = template_for(btpa_active, notice.kind, NoticeLanguage.WELSH)
    template_save(
        profile=btpa_active,
        kind=notice.kind,
        language=NoticeLanguage.WELSH,
        subject=shipped.subject,
        body=shipped.body,
        actor=person(Role.ADMINISTRATOR),
        translation_checked=True,
    )
    page = client.get(notice.get_absolute_url()).content.decode()
    assert WARNING not in page and "awaiting-translation-check" not in page


def test_an_english_letter_carries_no_such_warning(btpa_active, client):
    people = staff()
    decision = approved_sanctions(btpa_active, people)
    notice = notice_draft_for_decision(decision=decision, actor=people["chief"])
    client.force_login(people["chief"])
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "awaiting-translation-check" not in page


def test_the_chief_executive_is_warned_before_approving_issues_it(btpa_active, client):
    people = staff()
    customer = addressed_customer(name="Gwenllian Rhys", preferred_language=Language.WELSH)
    decision = propose_and_submit(
        people["manager"],
        customer,
        "warn",
        incidents=[incident(customer, people["caseworker"])],
        review_in_days=None,
    )
    client.force_login(people["chief"])
    page = client.get(reverse("notices:signoff", args=[decision.reference])).content.decode()
    assert "Approving issues a Welsh letter that is awaiting the translator's check" in page
    assert 'id="awaiting-translation-check"' in page
