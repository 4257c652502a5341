"""What a letter says comes from stored facts and agrees with the decision it carries and the
policy it applies (DESIGN.md §9): the greeting from the customer's record, the next step
of an acknowledgement from the contact, who decided from the approvals, and no address the
arrangements do not invite the customer to use."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.utils import timezone

from cases.models import Customer, CustomerKind
from contactpolicy.choices import Channel, NoReplyReason
from notices.letter import facts_of, merge_values
from notices.models import NoticeKind
from notices.services import notice_draft_for_contact, notice_draft_for_decision, notice_html
from notices.wording import next_step, salutation
from restrictions.models import Approval, ApprovalOutcome
from tests.appeals.factories import record
from tests.cases.factories import ContactFactory
from tests.notices.factories import (
    addressed_customer,
    approved_decision,
    approved_sanctions,
    flat,
    issue_for,
    staff,
)
from tests.restrictions.factories import person, sanction_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return staff()


def _text(html: str) -> str:
    return flat(unescape(re.sub(r"<[^>]+>", " ", html)))


# -- The greeting --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "english", "welsh"),
    [
        (
            {"name": "Gareth Holloway", "title": "Mr", "surname": "Holloway"},
            "Dear Mr Holloway",
            "Annwyl Mr Holloway",
        ),
        ({"name": "Gareth Holloway"}, "Dear Gareth Holloway", "Annwyl Gareth Holloway"),
        # A title without a surname is not put before the full name ("Dear Mr Gareth …").
        ({"name": "Gareth Holloway", "title": "Mr"}, "Dear Gareth Holloway", None),
        (
            {"name": "Harbour Lettings Ltd", "kind": CustomerKind.PRIVATE_FIRM},
            "Dear Sir or Madam",
            "Annwyl Syr neu Fadam",
        ),
        (
            {
                "name": "Harbour Lettings Ltd",
                "kind": CustomerKind.PUBLIC_BODY,
                "contact_name": "Dilys Price",
            },
            "Dear Dilys Price",
            "Annwyl Dilys Price",
        ),
    ],
)
def test_the_greeting_comes_from_the_customers_record(fields, english, welsh):
    customer = Customer(**fields)
    assert salutation(customer, "en") == english
    if welsh:
        assert salutation(customer, "cy") == welsh


def test_every_shipped_letter_greets_with_the_salutation(activate_profile, people):
    profile = activate_profile("btpa")
    customer = addressed_customer(name="Gareth Holloway", title="Mr", surname="Holloway")
    decision = approved_sanctions(profile, people, customer)
    text = _text(notice_html(notice_draft_for_decision(decision=decision, actor=people["chief"])))
    assert "Dear Mr Holloway," in text
    assert "Dear Gareth Holloway" not in text and "Dear Mr Gareth" not in text
    # The address block keeps the full name.
    assert "Gareth Holloway 14 Harbour Row" in text


def test_an_organisations_letter_goes_to_the_person_named_on_its_record(activate_profile, people):
    profile = activate_profile("btpa")
    customer = addressed_customer(
        name="Harbour Lettings Ltd", kind=CustomerKind.PRIVATE_FIRM, contact_name="Dilys Price"
    )
    decision = approved_sanctions(profile, people, customer)
    text = _text(notice_html(notice_draft_for_decision(decision=decision, actor=people["chief"])))
    # The address block names the person first, then the organisation, then its address.
    assert "Dilys Price Harbour Lettings Ltd 14 Harbour Row" in text
    assert "Dear Dilys Price," in text


# -- Acknowledgements ----------------------------------------------------------------------

HEADINGS = {
    Channel.LETTER: ("We have received your letter", "Rydym wedi cael eich llythyr"),
    Channel.EMAIL: ("We have received your email", "Rydym wedi cael eich e-bost"),
    Channel.TELEPHONE: ("We have received your phone call", "Rydym wedi cael eich galwad ffôn"),
    Channel.SOCIAL_MEDIA: (
        "We have received your message on social media",
        "Rydym wedi cael eich neges ar y cyfryngau cymdeithasol",
    ),
    Channel.VISIT: ("We have received your visit", "Rydym wedi cael eich ymweliad"),
}


@pytest.mark.parametrize("channel", Channel.values)
def test_an_acknowledgement_is_headed_for_its_channel_in_english_and_welsh(
    activate_profile, people, channel
):
    activate_profile("btpa")
    contact = ContactFactory(customer=addressed_customer(), channel=channel)
    notice = notice_draft_for_contact(contact=contact, actor=people["caseworker"])
    for language, heading in zip(("en", "cy"), HEADINGS[channel], strict=True):
        notice.language = language
        text = _text(notice_html(notice))
        assert heading in text, (channel, language)
        assert "a visit or meeting" not in text and "your telephone" not in text


def test_an_acknowledgement_gives_the_date_of_the_full_reply_when_one_is_due(
    activate_profile, people
):
    activate_profile("btpa")
    received = timezone.make_aware(timezone.datetime(2027, 1, 11, 10))
    contact = ContactFactory(
        channel=Channel.LETTER, received_at=received, respond_due_at=received + timedelta(28)
    )
    assert next_step(contact, "en") == "We aim to reply in full by 8 February 2027."
    assert next_step(contact, "cy") == "Ein nod yw ateb yn llawn erbyn 8 Chwefror 2027."


@pytest.mark.parametrize("reason", NoReplyReason.values)
def test_an_acknowledgement_says_why_no_full_reply_is_due(activate_profile, people, reason):
    """BTPA §5, "Exceptions": the reason staff recorded for not replying is what the
    customer is told, never "We aim to reply in full by no full reply is due"."""
    activate_profile("btpa")
    contact = ContactFactory(
        customer=addressed_customer(), channel=Channel.LETTER, no_reply_reason=reason
    )
    notice = notice_draft_for_contact(contact=contact, actor=people["caseworker"])
    for language in ("en", "cy"):
        notice.language = language
        text = _text(notice_html(notice))
        assert "reply in full by" not in text and "ateb yn llawn erbyn" not in text
        assert next_step(contact, language) in text
    assert "we will not send a further reply" in next_step(contact, "en")


def test_where_the_policy_sets_no_standard_the_acknowledgement_promises_no_date(
    activate_profile, people
):
    activate_profile("opcc")
    contact = ContactFactory(customer=addressed_customer(), channel=Channel.SOCIAL_MEDIA)
    notice = notice_draft_for_contact(contact=contact, actor=people["caseworker"])
    text = _text(notice_html(notice))
    assert "If it needs a reply, we will reply as soon as we can." in text
    assert " by ." not in text and "no full reply is due" not in text


# -- Who decided ---------------------------------------------------------------------------


def _who_decided(decision):
    approvals = Approval.objects.filter(
        decision=decision, outcome=ApprovalOutcome.APPROVE, round=decision.round
    ).order_by("at", "pk")
    return [a.approver for a in approvals]


@pytest.mark.parametrize("slug", ["btpa", "opcc", "ipcc", "tamworth", "natural-england"])
def test_the_letter_names_who_made_the_decision_from_its_approvals(activate_profile, people, slug):
    profile = activate_profile(slug)
    decision = approved_sanctions(profile, people, addressed_customer())
    deciders = _who_decided(decision)
    text = _text(notice_html(notice_draft_for_decision(decision=decision, actor=people["chief"])))
    named = [f"{u.get_full_name()}, {u.job_title}," for u in deciders]
    assert " and ".join(named) + " made this decision." in text
    # The policy's general rule never stands in for the decision: Tamworth's "the Head of
    # Service or, for a corporate case, the Head of Customer Services", a chief executive
    # signing under "a head of function authorised".
    assert "Head of Service or" not in text
    assert "A head of function authorised" not in text
    if slug in ("btpa", "opcc"):
        # BTPA §8.12, OPCC: the Chief Executive decides.
        assert [u.job_title for u in deciders] == ["Chief Executive"]
    if slug == "natural-england":
        # "always at least two people at different grades ... never one person alone"
        assert len(deciders) == 2
        assert len({u.effective_grade for u in deciders}) == 2


def test_who_decided_is_in_welsh_in_a_welsh_letter(activate_profile, people):
    profile = activate_profile("btpa")
    decision = approved_sanctions(profile, people, addressed_customer())
    notice = notice_draft_for_decision(decision=decision, actor=people["chief"], language="cy")
    assert "Sam Okafor, Chief Executive, a wnaeth y penderfyniad hwn." in _text(notice_html(notice))


# -- Addresses -----------------------------------------------------------------------------


def _officer():
    return person(
        "caseworker",
        first_name="Rhian",
        last_name="Pugh",
        job_title="Customer Liaison Officer",
        email="rhian.pugh@example.org",
    )


def test_a_letter_only_notice_gives_no_email_address(activate_profile, people):
    """BTPA §8 (written correspondence, 1): contact by one method only. The letter names
    the officer, and no email address of theirs, their deputy's or the organisation's."""
    profile = activate_profile("btpa")
    deputy = person("caseworker", first_name="Ola", last_name="Ade", email="ola.ade@example.org")
    decision = approved_sanctions(
        profile,
        people,
        sanctions=[
            sanction_of(profile, "one_method", channel="letter"),
            sanction_of(profile, "named_officer", officer=_officer(), deputy=deputy),
        ],
    )
    text = _text(notice_html(notice_draft_for_decision(decision=decision, actor=people["chief"])))
    assert "You may contact us only by letter." in text
    assert "You may contact only Rhian Pugh, Customer Liaison Officer." in text
    assert "@example.org" not in text
    body = merge_values(
        facts_of(notice_draft_for_decision(decision=decision, actor=people["chief"]))
    )["how_to_write"]
    assert body == "write to us at the address at the top of this letter"
    assert profile.email not in body


def test_an_email_only_arrangement_gives_the_officers_email(activate_profile, people):
    profile = activate_profile("btpa")
    decision = approved_sanctions(
        profile,
        people,
        sanctions=[
            sanction_of(profile, "one_method", channel="email"),
            sanction_of(profile, "named_officer", officer=_officer()),
        ],
    )
    text = _text(notice_html(notice_draft_for_decision(decision=decision, actor=people["chief"])))
    assert "Rhian Pugh, Customer Liaison Officer (email: rhian.pugh@example.org)" in text
    assert "write to us at the address" not in text


def test_a_named_officer_alone_is_named_without_their_address(activate_profile, people):
    profile = activate_profile("opcc")
    decision = approved_sanctions(
        profile, people, sanctions=[sanction_of(profile, "named_officer", officer=_officer())]
    )
    text = _text(notice_html(notice_draft_for_decision(decision=decision, actor=people["chief"])))
    assert "Rhian Pugh" in text and "rhian.pugh@example.org" not in text


# -- The policies' own rules ---------------------------------------------------------------


def test_btpa_read_and_file_replies_only_at_an_outcome(activate_profile, people):
    """BTPA §8, written correspondence, 3: "further incoming correspondence will be read
    and filed but ... a response will only be sent once a matter has reached an outcome"."""
    profile = activate_profile("btpa")
    decision = approved_sanctions(
        profile, people, sanctions=[sanction_of(profile, "read_and_file")]
    )
    text = _text(notice_html(notice_draft_for_decision(decision=decision, actor=people["chief"])))
    assert "We will reply only once the matter has reached an outcome." in text
    assert "new information or a new complaint" not in text


def test_opcc_read_and_file_replies_to_new_information(activate_profile, people):
    profile = activate_profile("opcc")
    decision = approved_sanctions(
        profile, people, sanctions=[sanction_of(profile, "read_and_file")]
    )
    text = _text(notice_html(notice_draft_for_decision(decision=decision, actor=people["chief"])))
    assert "We will reply only when it contains new information or a new complaint." in text


def test_tamworth_an_exclusion_gives_one_end_date(activate_profile, people):
    """Tamworth §8: an exclusion for a set duration. The letter says when it ends once,
    and never that it lasts until a review after that."""
    profile = activate_profile("tamworth")
    ends = timezone.localdate() + timedelta(days=60)
    decision = approved_sanctions(
        profile,
        people,
        sanctions=[
            sanction_of(profile, "building_exclusion", buildings="Marmion House", ends_on=ends)
        ],
    )
    assert decision.review_due > ends
    notice = notice_draft_for_decision(decision=decision, actor=people["chief"])
    assert notice.kind == NoticeKind.BUILDING_EXCLUSION
    text = _text(notice_html(notice))
    end = f"{ends.day} {ends:%B %Y}"
    assert text.count(end) == 1
    assert "last until we review them" not in text


def test_natural_england_disengagement_gives_the_two_clean_years_rule(activate_profile, people):
    """Natural England step 7: "Disengagement should be reviewed after 12 months, however
    we should only re-engage if there had been no incidents or reoccurrences for a
    continuous period of 2 years"."""
    profile = activate_profile("natural-england")
    customer = addressed_customer()
    issue_for(approved_sanctions(profile, people, customer), people)
    disengage = approved_decision(profile, people, customer, "disengage", days_ago=2)
    text = _text(notice_html(notice_draft_for_decision(decision=disengage, actor=people["chief"])))
    assert "We will review this decision after 12 months." in text
    assert "no incidents for a continuous period of two years" in text


def test_natural_england_says_a_challenge_is_open_only_while_it_is(activate_profile, people):
    """Natural England, "Appeals": a customer can challenge "only once at stages 2 and 5".
    The letter says "You can do this once at this stage" only while that one challenge is
    still to be made."""
    profile = activate_profile("natural-england")
    customer = addressed_customer()
    decision = approved_sanctions(profile, people, customer)
    text = _text(notice_html(notice_draft_for_decision(decision=decision, actor=people["chief"])))
    assert "You can do this once at this stage." in text
    issue_for(decision, people)
    record(decision, received_on=date.today())
    varied = approved_decision(
        profile,
        people,
        customer,
        "vary",
        sanctions=[sanction_of(profile, "one_method", channel="letter")],
    )
    text = _text(notice_html(notice_draft_for_decision(decision=varied, actor=people["chief"])))
    assert "You can do this once at this stage." not in text
    assert "you have already challenged a decision at this stage" in text
