"""Enforcement at the point of contact (DESIGN.md §5): the banner before the form, the
check kept with the contact, and the clocks a restriction stops."""

from datetime import date, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from cases.models import Contact
from cases.services import case_open
from contactpolicy.roles import Role
from contactpolicy.selectors import profile_get_active
from restrictions.banner import banner_for, customers_mark_restricted, restriction_in_force
from restrictions.contact_services import NO_REPLY_NOTES, READ_AND_FILE_NOTE
from restrictions.models import CheckOutcome, ContactCheck, RestrictionCase, Scope, Stage
from tests.factories import UserFactory
from tests.queries import count_queries
from tests.restrictions.factories import sanction_of
from tests.restrictions.restricted import (
    customer_named,
    decide,
    just_now,
    sanction,
    telephone_all_day_today,
    telephone_outside_today,
)

pytestmark = pytest.mark.django_db

SCRIPT = (
    "You have already been provided with advice and all avenues have now been exhausted to "
    "assist you. It is not reasonable or necessary for us to continue to speak with you about "
    "this. I will now terminate this call"
)
URL = "/contacts/new/"


def banner_profile():
    return profile_get_active()


def contact_form(customer, **overrides):
    data = {
        "customer": customer.reference,
        "who": "existing",
        "channel": "telephone",
        "kind": "general",
        "direction": "in",
        "summary": "Rang about the same complaint again",
        "language": "en",
        **just_now(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def btpa_people(btpa_active, caseworker, line_manager, chief_executive):
    return {"proposer": line_manager, "approvers": [chief_executive], "recorder": caseworker}


@pytest.fixture
def caller(btpa_people, caseworker):
    """A BTPA customer whose calls are limited to two days a week, neither of them today."""
    customer = customer_named(
        "Gordon Pike", caseworker, identifiers=[("phone", "07700 900777", "")]
    )
    sanction(customer, telephone_outside_today(), **btpa_people)
    return customer


def test_the_profile_holds_the_btpa_script_word_for_word(btpa_active):
    assert btpa_active.termination_script == SCRIPT


def test_a_call_outside_the_window_shows_the_script_before_saving_and_is_a_breach(
    client, caseworker, caller
):
    client.force_login(caseworker)

    # Before anything is entered: the banner, before the form, with every channel's instruction.
    page = client.get(URL, {"customer": caller.reference}).content.decode()
    assert "This customer&#x27;s contact is restricted" in page
    assert page.index('id="sanction-banner"') < page.index('id="contact-form"')
    assert "Sanctions in place" in page
    assert "at most 15 minutes a call" in page
    # The particulars, then BTPA's own instruction for telephone mechanism 2 (§8).
    assert "This call is outside the agreed times. A call outside the permitted days" in page
    assert escape(SCRIPT) in page
    assert "Read this to the caller, then end the call" in page
    assert "How did you handle it?" in page

    # With the channel and time chosen (what htmx asks for when the radio changes).
    fragment = client.get(
        URL,
        {"customer": caller.reference, "fragment": "banner", "channel": "telephone", **just_now()},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "<html" not in fragment
    assert escape(SCRIPT) in fragment
    assert 'hx-swap-oob="innerHTML"' in fragment
    assert "is <strong>a breach of the restriction</strong>" in fragment

    response = client.post(URL, contact_form(caller, instruction_followed="on"))
    assert response.status_code == 302
    contact = Contact.objects.get()
    check = ContactCheck.objects.get()
    assert check.contact == contact
    assert check.outcome == CheckOutcome.BREACH
    assert check.instruction_followed
    # BTPA §8, telephone mechanism 2, in the profile's own words.
    assert "Read this message word for word, then end the call" in check.instruction
    assert (
        check.restriction_case == RestrictionCase.objects.filter(customer=caller).in_force().first()
    )
    # A call ended under the restriction starts no reply clock.
    assert contact.acknowledge_due_at is None
    assert contact.respond_due_at is None
    assert contact.next_due_at is None
    assert "no reply is due" in contact.clock_note

    detail = client.get(response["Location"]).content.decode()
    assert "The restriction" in detail
    assert "This contact breached the restriction" in detail
    assert "Instruction followed" in detail


def test_a_call_inside_the_window_is_permitted(client, caseworker, btpa_people):
    customer = customer_named("Ada Quill", caseworker)
    sanction(customer, telephone_all_day_today(), **btpa_people)
    client.force_login(caseworker)
    page = client.get(
        URL, {"customer": customer.reference, "channel": "telephone", **just_now()}
    ).content.decode()
    assert "This call is within the agreed times. End the call after 15 minutes." in page
    assert escape(SCRIPT) not in page

    client.post(URL, contact_form(customer, instruction_followed="on"))
    check = ContactCheck.objects.get()
    assert check.outcome == CheckOutcome.PERMITTED


def test_a_letter_under_letters_only_is_permitted_and_its_clocks_run(
    client, caseworker, btpa_people
):
    customer = customer_named("Ada Quill", caseworker)
    sanction(customer, sanction_of(banner_profile(), "one_method", channel="letter"), **btpa_people)
    client.force_login(caseworker)
    client.post(URL, contact_form(customer, channel="letter", instruction_followed="on"))
    contact = Contact.objects.get()
    assert contact.restriction_check.outcome == CheckOutcome.PERMITTED
    assert contact.acknowledge_due_at is not None
    assert contact.respond_due_at is not None


def test_an_email_under_letters_only_is_a_breach_with_no_reply(client, caseworker, btpa_people):
    customer = customer_named("Ada Quill", caseworker)
    sanction(customer, sanction_of(banner_profile(), "one_method", channel="letter"), **btpa_people)
    client.force_login(caseworker)
    client.post(URL, contact_form(customer, channel="email", instruction_followed="on"))
    contact = Contact.objects.get()
    assert contact.restriction_check.outcome == CheckOutcome.BREACH
    assert contact.next_due_at is None
    page = client.get(contact.get_absolute_url()).content.decode()
    assert "permitted method is letter" in page


def test_read_and_file_stops_the_clock_unless_it_is_new_information(
    client, caseworker, btpa_people
):
    # The OPCC and IPCC §6 rule (reply to new information), on BTPA's clocks: a read-and-
    # file type that follows it. BTPA's own mechanism 3 replies only at the outcome
    # (tests/restrictions/test_profile_instructions.py).
    stype = sanction_of(banner_profile(), "read_and_file").sanction_type
    stype.reply_rule = "new_information"
    stype.save(update_fields=["reply_rule"])
    customer = customer_named("Ada Quill", caseworker)
    sanction(customer, sanction_of(banner_profile(), "read_and_file"), **btpa_people)
    client.force_login(caseworker)
    page = client.get(URL, {"customer": customer.reference}).content.decode()
    assert "It contains new information or a new complaint" in page

    client.post(URL, contact_form(customer, channel="letter", instruction_followed="on"))
    filed = Contact.objects.get()
    assert filed.restriction_check.outcome == CheckOutcome.PERMITTED
    assert (filed.acknowledge_due_at, filed.respond_due_at, filed.next_due_at) == (None,) * 3
    assert filed.clock_note == READ_AND_FILE_NOTE
    assert filed.restriction_check.new_information is False
    assert "New information</dt>" not in client.get(filed.get_absolute_url()).content.decode()

    client.post(
        URL,
        contact_form(customer, channel="letter", instruction_followed="on", new_information="on"),
    )
    new = Contact.objects.exclude(pk=filed.pk).get()
    assert new.respond_due_at is not None
    assert new.restriction_check.new_information is True
    assert "New information</dt>" in client.get(new.get_absolute_url()).content.decode()


def test_a_caller_reaching_someone_else_is_transferred_to_the_named_officer(
    client, caseworker, btpa_people
):
    named = UserFactory(username="nina", roles=[Role.CASEWORKER])
    customer = customer_named("Ada Quill", caseworker)
    sanction(customer, sanction_of(banner_profile(), "named_officer", officer=named), **btpa_people)
    client.force_login(caseworker)
    client.post(URL, contact_form(customer, channel="email", instruction_followed="on"))
    contact = Contact.objects.get()
    assert contact.restriction_check.outcome == CheckOutcome.REDIRECTED
    assert contact.officer == named
    assert contact.logged_by == caseworker


@pytest.fixture
def ne_people(activate_profile, line_manager, head_of_service, chief_executive, caseworker):
    activate_profile("natural-england")
    return {
        "proposer": line_manager,
        "approvers": [head_of_service, chief_executive],
        "recorder": caseworker,
    }


@pytest.fixture
def site_owner(ne_people, caseworker):
    """Natural England disengaged from a site owner on one topic only (NE steps 5 and 6)."""
    customer = customer_named("Hill Farm Estates", caseworker, kind="site_owner")
    case = decide(
        customer,
        "disengage",
        scope=Scope.PARTIAL,
        scope_topics="The hedgerow removal dispute",
        **ne_people,
    )
    assert case.state == Stage.DISENGAGED
    return customer


def test_partial_disengagement_a_different_topic_is_permitted(client, caseworker, site_owner):
    client.force_login(caseworker)
    page = client.get(URL, {"customer": site_owner.reference}).content.decode()
    assert "Disengaged on: The hedgerow removal dispute" in page
    assert "Is it entirely on a different topic" in page
    assert "Natural England step 6" in page

    client.post(
        URL,
        contact_form(site_owner, channel="email", instruction_followed="on", different_topic="yes"),
    )
    other = Contact.objects.get()
    assert other.restriction_check.outcome == CheckOutcome.PERMITTED
    assert other.restriction_check.different_topic
    # Natural England's policy sets no reply targets, but nothing here says "no reply".
    assert other.clock_note not in NO_REPLY_NOTES
    assert "Different topic" in client.get(other.get_absolute_url()).content.decode()


def test_partial_disengagement_the_same_topic_is_a_breach(client, caseworker, site_owner):
    client.force_login(caseworker)
    client.post(
        URL,
        contact_form(site_owner, channel="email", instruction_followed="on", different_topic="no"),
    )
    same = Contact.objects.get()
    assert same.restriction_check.outcome == CheckOutcome.BREACH
    assert not same.restriction_check.different_topic
    assert same.next_due_at is None
    assert same.clock_note.startswith("Disengaged under the restriction")


@pytest.fixture
def excluded(activate_profile, caseworker, line_manager, head_of_service):
    """A Tamworth customer excluded from the Council's offices (Tamworth §8)."""
    profile = activate_profile("tamworth")
    customer = customer_named("Rex Hollins", caseworker)
    sanction(
        customer,
        sanction_of(profile, "building_exclusion", buildings="Marmion House", permanent=True),
        proposer=line_manager,
        approvers=[head_of_service],
        recorder=caseworker,
    )
    return customer


def test_a_visit_in_breach_of_a_building_exclusion_opens_a_review(client, caseworker, excluded):
    client.force_login(caseworker)
    page = client.get(
        URL, {"customer": excluded.reference, "channel": "visit", **just_now()}
    ).content.decode()
    assert "Excluded from Marmion House permanently" in page
    # Tamworth §8, in the profile's own words.
    assert "ask the person to leave" in page

    response = client.post(
        URL, contact_form(excluded, channel="visit", instruction_followed="on"), follow=True
    )
    contact = Contact.objects.get()
    assert contact.restriction_check.outcome == CheckOutcome.BREACH
    assert (
        RestrictionCase.objects.filter(customer=excluded).in_force().first().state
        == Stage.UNDER_REVIEW
    )
    page = response.content.decode()
    assert "a review of the restriction has been opened" in page
    assert "A review of the restriction has been opened" in page
    assert "is under review" in page


def test_the_lookup_marks_restricted_customers_in_one_query(client, caseworker, caller):
    customer_named("Gordon Pikeman", caseworker)  # same name, not restricted
    client.force_login(caseworker)
    results = client.get(
        "/customers/", {"q": "gordon", "choose": "contact"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert results.count(">Restricted</strong>") == 1
    gordon = results.index("Gordon Pike<")
    assert results.index(">Restricted</strong>", gordon) < results.index("Gordon Pikeman")
    # Without JavaScript the results are on the contact screen itself.
    page = client.get(URL, {"q": "gordon"}).content.decode()
    assert page.count(">Restricted</strong>") == 1

    from cases.selectors import customer_lookup

    found = customer_lookup("gordon")
    with CaptureQueriesContext(connection) as queries:
        customers_mark_restricted(found)
    assert len(queries) == 1
    assert [c.is_restricted for c in found] == [True, False]


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.LINE_MANAGER, Role.HEAD_OF_SERVICE, Role.CHIEF_EXECUTIVE]
)
def test_every_casework_role_sees_the_banner(client, caller, role):
    client.force_login(UserFactory(roles=[role]))
    page = client.get(URL, {"customer": caller.reference}).content.decode()
    assert 'aria-labelledby="sanction-banner-heading"' in page
    assert escape(SCRIPT) in page


def test_an_unrestricted_customer_has_no_banner(client, caseworker, btpa_active):
    customer = customer_named("Ada Quill", caseworker)
    client.force_login(caseworker)
    page = client.get(URL, {"customer": customer.reference}).content.decode()
    assert "sanction-banner-heading" not in page
    assert "How did you handle it?" not in page
    client.post(URL, contact_form(customer, channel="email"))
    assert Contact.objects.get().next_due_at is not None
    assert not ContactCheck.objects.exists()


def test_a_warned_customer_has_a_banner_but_no_check(client, caseworker, btpa_people):
    customer = customer_named("Ada Quill", caseworker)
    decide(customer, "warn", extreme=False, review_in_days=None, **btpa_people)
    client.force_login(caseworker)
    page = client.get(URL, {"customer": customer.reference}).content.decode()
    assert "This customer has been warned about their behaviour" in page
    assert "How did you handle it?" not in page
    assert client.post(URL, contact_form(customer, channel="email")).status_code == 302
    assert not ContactCheck.objects.exists()


def test_the_instruction_must_be_confirmed_and_nothing_is_half_saved(client, caseworker, caller):
    client.force_login(caseworker)
    response = client.post(URL, contact_form(caller, summary=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Confirm you followed the instruction shown for this contact" in page
    assert "Enter a summary of the contact" in page
    # The banner is still there, for the channel submitted.
    assert escape(SCRIPT) in page
    assert not Contact.objects.exists()
    assert not ContactCheck.objects.exists()
    assert (
        RestrictionCase.objects.filter(customer=caller).in_force().first().contact_checks.count()
        == 0
    )


def test_an_outgoing_contact_is_not_checked(client, caseworker, caller):
    client.force_login(caseworker)
    response = client.post(URL, contact_form(caller, channel="letter", direction="out"))
    assert response.status_code == 302
    assert not ContactCheck.objects.exists()


def test_the_assessment_is_worked_out_again_on_the_server(client, caseworker, caller):
    """What the page showed is not trusted: the submitted channel and time decide."""
    client.force_login(caseworker)
    client.post(URL, contact_form(caller, channel="telephone", instruction_followed="on"))
    assert ContactCheck.objects.get().outcome == CheckOutcome.BREACH
    client.post(URL, contact_form(caller, channel="letter", instruction_followed="on"))
    letter = Contact.objects.get(channel="letter")
    assert letter.restriction_check.outcome == CheckOutcome.PERMITTED
    assert letter.next_due_at is not None


def test_sanctions_that_have_ended_by_date_are_not_in_force(caseworker, caller):
    restriction = restriction_in_force(caller)
    [telephone] = restriction.in_force
    telephone.ends_on = date(2020, 1, 1)
    telephone.save(update_fields=["ends_on"])
    assert restriction_in_force(caller).in_force == []


def test_the_banner_agrees_with_the_restriction_in_force(caseworker, caller, btpa_active):
    banner = banner_for(caller, script=btpa_active.termination_script, channel="telephone")
    assert banner.case == RestrictionCase.objects.filter(customer=caller).in_force().first()
    assert banner.selected.read_script
    assert banner.selected.outcome == CheckOutcome.BREACH
    assert {a.channel for a in banner.advice} == {
        "letter",
        "email",
        "telephone",
        "social_media",
        "visit",
    }


def test_a_case_on_a_closed_matter_is_read_and_filed(client, caseworker, btpa_people):
    customer = customer_named("Ada Quill", caseworker)
    matter = case_open(customer=customer, subject="Station lighting complaint")
    sanction(
        customer,
        sanction_of(banner_profile(), "no_engagement_on_matter", scope_cases=[matter]),
        **btpa_people,
    )
    client.force_login(caseworker)
    # The topic question is answered first (issue 20, item 15).
    client.post(
        URL,
        contact_form(
            customer,
            channel="letter",
            case=matter.reference,
            instruction_followed="on",
            different_topic="no",
        ),
    )
    on_matter = Contact.objects.get()
    assert on_matter.restriction_check.outcome == CheckOutcome.REDIRECTED
    assert on_matter.next_due_at is None
    client.post(
        URL,
        contact_form(customer, channel="letter", instruction_followed="on", different_topic="no"),
    )
    elsewhere = Contact.objects.exclude(pk=on_matter.pk).get()
    assert elsewhere.restriction_check.outcome == CheckOutcome.PERMITTED
    assert elsewhere.next_due_at is not None


def test_the_log_contact_page_costs_the_same_however_many_sanctions(
    client, caseworker, btpa_people
):
    # The page's base (session, user, roles, the active profile's revision token), the customer,
    # their identifiers, then the restriction case, its scoped cases, the sanctions in
    # force and their scoped cases.
    profile = banner_profile()
    one = customer_named("Ada Quill", caseworker, identifiers=[("email", "ada@example.org", "")])
    sanction(one, telephone_outside_today(), **btpa_people)
    many = customer_named("Bea Quill", caseworker, identifiers=[("email", "bea@example.org", "")])
    sanction(
        many,
        telephone_outside_today(),
        sanction_of(profile, "calls_recorded"),
        sanction_of(profile, "read_and_file"),
        sanction_of(profile, "one_method", channel="letter"),
        sanction_of(profile, "block_identifiers", blocked_identifiers="07700 900999"),
        **btpa_people,
    )
    client.force_login(caseworker)
    few = count_queries(client, URL, {"customer": one.reference})
    lots = count_queries(client, URL, {"customer": many.reference})
    assert few == lots
    assert (
        lots == 4 + 2 + 4 + 1 + 1
    )  # with the header's unread count and the session's second factor
    fragment = {"fragment": "banner", "channel": "telephone"}
    assert count_queries(
        client, URL, {"customer": one.reference, **fragment}, HX_Request="true"
    ) == count_queries(client, URL, {"customer": many.reference, **fragment}, HX_Request="true")


def test_a_call_after_the_window_closes_is_outside_it(caseworker, btpa_people):
    """The window's end is exclusive: a call at 12:00 under 10:00–12:00 is outside it."""
    from datetime import datetime

    from django.utils import timezone

    customer = customer_named("Ada Quill", caseworker)
    today = timezone.localdate()
    sanction(
        customer,
        sanction_of(
            banner_profile(),
            "telephone_schedule",
            weekdays=[today.weekday()],
            window_start=time(10, 0),
            window_end=time(12, 0),
        ),
        **btpa_people,
    )
    noon = timezone.make_aware(datetime.combine(today, time(12, 0)))
    eleven = timezone.make_aware(datetime.combine(today, time(11, 0)))
    assert banner_for(customer, channel="telephone", moment=noon).selected.outcome == "breach"
    assert banner_for(customer, channel="telephone", moment=eleven).selected.outcome == (
        "permitted"
    )
