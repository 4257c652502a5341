"""Handing on a contact that holds sensitive personal information records the sender's
consent, or the exception in the law relied on, where the profile says so (BTPA §5)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import SenderConsent
from cases.services import SenderConsentAnswer, contact_mark_sensitive, contact_reassign
from contactpolicy.models import PolicyProfile
from contactpolicy.roles import Role
from tests.cases.factories import ContactFactory
from tests.factories import UserFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

BTPA_SECTION_5 = (
    "If the email contains sensitive personal information (as defined by the Data Protection "
    "Act) the sender's consent will be obtained before this takes place, unless one of the "
    "exceptions contemplated in the law applies."
)


@pytest.fixture
def team(db):
    manager = UserFactory(username="mo", roles=[Role.LINE_MANAGER])
    return {
        "officer": UserFactory(username="olu", roles=[Role.CASEWORKER], line_manager=manager),
        "colleague": UserFactory(username="col", roles=[Role.CASEWORKER], line_manager=manager),
        "manager": manager,
    }


def sensitive_contact(team):
    return ContactFactory(officer=team["officer"], sensitive_personal_information=True)


def test_the_btpa_profile_asks_and_quotes_its_policy(btpa_active):
    """BTPA §5: “If the email contains sensitive personal information (as defined by the Data
    Protection Act) the sender's consent will be obtained before this takes place, unless
    one of the exceptions contemplated in the law applies.”"""
    assert btpa_active.forwarding_needs_sender_consent
    assert BTPA_SECTION_5 in btpa_active.sources["forwarding_needs_sender_consent"]
    field = PolicyProfile._meta.get_field("forwarding_needs_sender_consent")
    assert BTPA_SECTION_5 in field.help_text


@pytest.mark.parametrize("slug", ["opcc", "ipcc", "tamworth", "natural-england"])
def test_the_other_policies_do_not_ask(activate_profile, slug):
    assert not activate_profile(slug).forwarding_needs_sender_consent


def test_a_sensitive_contact_is_not_handed_on_without_an_answer(btpa_active, team):
    """BTPA §5: “the sender's consent will be obtained before this takes place, unless one
    of the exceptions contemplated in the law applies.”"""
    contact = sensitive_contact(team)
    with pytest.raises(ValidationError) as refused:
        contact_reassign(
            contact=contact,
            officer=team["colleague"],
            reason="Leave",
            reassigned_by=team["manager"],
        )
    assert "consent" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        contact_reassign(
            contact=contact,
            officer=team["colleague"],
            reason="Leave",
            reassigned_by=team["manager"],
            consent=SenderConsentAnswer(consent=SenderConsent.GIVEN),
        )
    assert set(refused.value.message_dict) == {"consent_given_on", "consent_how"}
    with pytest.raises(ValidationError) as refused:
        contact_reassign(
            contact=contact,
            officer=team["colleague"],
            reason="Leave",
            reassigned_by=team["manager"],
            consent=SenderConsentAnswer(
                consent=SenderConsent.GIVEN,
                given_on=timezone.localdate() + timedelta(days=1),
                how="By email",
            ),
        )
    assert set(refused.value.message_dict) == {"consent_given_on"}
    with pytest.raises(ValidationError) as refused:
        contact_reassign(
            contact=contact,
            officer=team["colleague"],
            reason="Leave",
            reassigned_by=team["manager"],
            consent=SenderConsentAnswer(consent=SenderConsent.EXCEPTION, exception=" "),
        )
    assert set(refused.value.message_dict) == {"consent_exception"}
    contact.refresh_from_db()
    assert contact.officer == team["officer"]
    assert not contact.reassignments.exists()


def test_consent_is_kept_with_when_and_how_and_shown_on_the_contact(client, btpa_active, team):
    """BTPA §5: “the sender's consent will be obtained before this takes place”."""
    contact = sensitive_contact(team)
    contact_reassign(
        contact=contact,
        officer=team["colleague"],
        reason="Leave",
        reassigned_by=team["manager"],
        consent=SenderConsentAnswer(
            consent=SenderConsent.GIVEN, given_on=date(2026, 3, 2), how="By reply to the email"
        ),
    )
    move = contact.reassignments.get()
    assert (move.consent, move.consent_given_on, move.consent_how, move.consent_exception) == (
        SenderConsent.GIVEN,
        date(2026, 3, 2),
        "By reply to the email",
        "",
    )
    client.force_login(team["colleague"])
    page = client.get(contact.get_absolute_url()).content.decode()
    assert "Sender's consent: The sender consented, on 2 March 2026" in page


def test_an_exception_is_kept_instead_of_consent(btpa_active, team):
    """BTPA §5: “… unless one of the exceptions contemplated in the law applies.”"""
    contact = sensitive_contact(team)
    contact_reassign(
        contact=contact,
        officer=team["colleague"],
        reason="Urgent",
        reassigned_by=team["manager"],
        consent=SenderConsentAnswer(
            consent=SenderConsent.EXCEPTION,
            exception="Vital interests: a threat to life, and the sender cannot be reached",
            how="ignored when no consent was given",
        ),
    )
    move = contact.reassignments.get()
    assert move.consent == SenderConsent.EXCEPTION
    assert move.consent_exception.startswith("Vital interests")
    assert (move.consent_given_on, move.consent_how) == (None, "")


def test_not_asked_for_an_unmarked_contact_or_where_the_profile_does_not_say(
    activate_profile, team
):
    unmarked = ContactFactory(officer=team["officer"])
    activate_profile("btpa")
    contact_reassign(
        contact=unmarked, officer=team["colleague"], reason="Leave", reassigned_by=team["manager"]
    )
    assert unmarked.reassignments.get().consent == ""

    activate_profile("tamworth")
    marked = sensitive_contact(team)
    contact_reassign(
        contact=marked,
        officer=team["colleague"],
        reason="Leave",
        reassigned_by=team["manager"],
        consent=SenderConsentAnswer(consent=SenderConsent.GIVEN),
    )
    assert marked.reassignments.get().consent == ""


def test_the_reassign_page_asks_only_when_it_must(client, btpa_active, team):
    """BTPA §5, quoted on the profile's setting: the form asks for consent only where the
    contact is marked as holding sensitive personal information."""
    client.force_login(team["officer"])
    plain = ContactFactory(officer=team["officer"])
    assert (
        "consent"
        not in client.get(reverse("cases:reassign", args=[plain.reference])).context["form"].fields
    )
    contact = sensitive_contact(team)
    url = reverse("cases:reassign", args=[contact.reference])
    page = client.get(url).content.decode()
    assert "Has the sender consented" in page
    response = client.post(url, {"officer": team["colleague"].pk, "reason": "Leave"})
    assert response.status_code == 200
    assert "Say whether the sender consented" in response.content.decode()
    response = client.post(
        url,
        {
            "officer": team["colleague"].pk,
            "reason": "Leave",
            "consent": "given",
            "consent_given_on_0": "2",
            "consent_given_on_1": "3",
            "consent_given_on_2": "2026",
            "consent_how": "By telephone, to the officer",
        },
    )
    assert response.status_code == 302
    assert contact.reassignments.get().consent_how == "By telephone, to the officer"


def test_staff_mark_a_contact_and_take_the_mark_off(client, btpa_active, team):
    contact = ContactFactory(officer=team["officer"])
    client.force_login(team["officer"])
    url = reverse("cases:contact_sensitive", args=[contact.reference])
    assert client.post(url, {"holds": "yes"}).status_code == 302
    contact.refresh_from_db()
    assert contact.sensitive_personal_information
    assert "Marked as holding it" in client.get(contact.get_absolute_url()).content.decode()
    client.post(url, {"holds": "no"})
    contact.refresh_from_db()
    assert not contact.sensitive_personal_information
    client.force_login(UserFactory(username="stranger", roles=[Role.CASEWORKER]))
    assert client.post(url, {"holds": "yes"}).status_code == 403
    contact_mark_sensitive(contact=contact, holds=True)
    assert contact.history.filter(sensitive_personal_information=True).exists()


def test_the_reassign_page_asking_for_consent_has_a_fixed_query_count(client, btpa_active, team):
    contact = sensitive_contact(team)
    client.force_login(team["manager"])
    url = reverse("cases:reassign", args=[contact.reference])
    before = count_queries(client, url)
    for officer in ("colleague", "officer", "colleague"):
        contact_reassign(
            contact=contact,
            officer=team[officer],
            reason="Cover",
            reassigned_by=team["manager"],
            consent=SenderConsentAnswer(consent=SenderConsent.EXCEPTION, exception="Vital"),
        )
    assert count_queries(client, url) == before
    assert count_queries(client, contact.get_absolute_url()) <= 40
