"""A Welsh letter says all that its English one says, and says it in Welsh (BTPA §6.3,
Standard 1: "reply in Welsh to correspondence in Welsh").

Every shipped Welsh template has the English one's paragraphs, headings, lists and merge
fields; a Welsh letter rendered for every kind, with every sanction BTPA can impose, has
no English sentence, counting the values worked out in code (arrangements, behaviour lines,
how long, who decided, channels, dates). Names, addresses, job titles, email addresses and
the decision maker's own reasons are the customer's or staff's own words, and are left out.
"""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.utils import timezone

from cases.models import Contact, Language
from contactpolicy.choices import Channel, DecisionKind, NoReplyReason
from contactpolicy.models import SanctionType
from notices import shipped
from notices.letter import body_html, facts_of, merge_values, notice_kind_for, subject_text
from notices.merge_fields import FIELDS, fields_used
from notices.models import Notice, NoticeKind, NoticeLanguage
from restrictions import sanctions as kinds
from restrictions.models import Approval, ApprovalOutcome, Sanction
from tests.notices.factories import addressed_customer
from tests.notices.test_rendering import _decision
from tests.notices.test_rendering import people as people

pytestmark = pytest.mark.django_db

WELSH_KINDS = [kind for kind in NoticeKind.values if shipped.texts("btpa", kind, "cy")]

# Words that are English and not Welsh: a sentence with two of them is English.
ENGLISH = {
    "the",
    "and",
    "your",
    "we",
    "you",
    "will",
    "to",
    "of",
    "is",
    "are",
    "for",
    "with",
    "this",
    "that",
    "by",
    "our",
    "us",
    "not",
    "may",
    "can",
    "it",
    "be",
    "have",
    "has",
    "from",
    "on",
    "in",
    "or",
    "until",
    "only",
    "contact",
    "letter",
    "reply",
    "about",
    "who",
    "made",
    "decision",
}


def _structure(body: str) -> dict:
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    return {
        "paragraphs": len(paragraphs),
        "headings": [i for i, p in enumerate(paragraphs) if p.startswith("# ")],
        "fields": fields_used(body),
        "lists": [f for f in fields_used(body) if FIELDS[f].is_list],
    }


def test_btpa_ships_welsh_for_every_notice_it_ships_in_english():
    english = [kind for kind in NoticeKind.values if shipped.texts("btpa", kind, "en")]
    assert english == WELSH_KINDS


@pytest.mark.parametrize("kind", WELSH_KINDS)
def test_every_paragraph_of_the_english_is_in_the_welsh(kind):
    en_subject, en_body = shipped.texts("btpa", kind, "en")
    cy_subject, cy_body = shipped.texts("btpa", kind, "cy")
    assert _structure(cy_body) == _structure(en_body)
    assert fields_used(cy_subject) == fields_used(en_subject)


def _english_sentences(text: str, own_words: list[str]) -> list[str]:
    for words in sorted(filter(None, own_words), key=len, reverse=True):
        text = text.replace(words, " ")
    text = re.sub(r"\S+@\S+", " ", text)
    found = []
    for sentence in re.split(r"[.!?:;\n]+", text):
        tokens = re.findall(r"[a-zâêîôûŵŷäëïöüáéíóúàèìòù'-]+", sentence.lower())
        english = [t for t in tokens if t in ENGLISH]
        if len(english) >= 2 and len(english) / len(tokens) >= 0.15:
            found.append(sentence.strip())
    return found


def _plain(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "\n", html))


def _rendered(notice) -> tuple[str, list[str]]:
    """The Welsh notice's heading and body as text, and the words that are people's own."""
    facts = facts_of(notice, on=date(2027, 1, 31))
    values = merge_values(facts)
    template = shipped.template(notice.profile, notice.kind, NoticeLanguage.WELSH)
    text = subject_text(template.subject, values) + "\n" + _plain(body_html(template.body, values))
    own = [
        values["customer_name"],
        values["signatory_name"],
        values["signatory_role"],
        values["organisation_name"],
        values.get("reasons", ""),
        *values["customer_address"],
        *values["organisation_address"],
    ]
    return text, own


@pytest.fixture
def welsh_customer(db):
    def make(name):
        return addressed_customer(
            name=name, title="Mr", surname="Holloway", preferred_language=Language.WELSH
        )

    return make


def _approved_by(decision, user):
    decision.round = 1
    decision.save(update_fields=["round"])
    Approval.objects.create(
        decision=decision,
        approver=user,
        role="chief_executive",
        outcome=ApprovalOutcome.APPROVE,
        round=1,
    )


def _every_btpa_sanction(profile, decision, people):
    stypes = {s.kind: s for s in profile.sanction_types.all()}
    params = {
        kinds.one_method.KIND: {"channel": "letter"},
        kinds.named_officer.KIND: {"officer": people["officer"], "deputy": people["manager"]},
        kinds.telephone_schedule.KIND: {"weekdays": [0, 2], "max_minutes": 10},
        kinds.block_identifiers.KIND: {"blocked_identifiers": "07700 900123"},
        kinds.no_engagement_on_matter.KIND: {"scope_topics": ""},
    }
    for kind, stype in stypes.items():
        Sanction.objects.create(
            restriction_case=decision.restriction_case,
            decision=decision,
            sanction_type=stype,
            kind=kind,
            **params.get(kind, {}),
        )


def test_no_sentence_of_a_welsh_decision_notice_is_english(
    activate_profile, people, welsh_customer
):
    profile = activate_profile("btpa")
    staff_words = [
        f"{u.get_full_name()}, {u.job_title}" for u in people.values() if u.job_title
    ] + [u.get_full_name() for u in people.values()]
    seen = set()
    for kind in DecisionKind.values:
        customer = welsh_customer(f"Gareth Holloway {kind}")
        decision = _decision(profile, kind, customer, people)
        if kind == DecisionKind.SANCTION:
            _every_btpa_sanction(profile, decision, people)
        _approved_by(decision, people["chief"])
        notice = Notice.objects.create(
            reference=f"NOT-CY-{kind[:6]}",
            kind=notice_kind_for(decision),
            decision=decision,
            customer=customer,
            profile=profile,
            language=NoticeLanguage.WELSH,
            signatory=people["chief"],
            signatory_name="Sam Okafor",
            signatory_role="Prif Weithredwr",
            created_by=people["chief"],
        )
        seen.add(notice.kind)
        text, own = _rendered(notice)
        assert _english_sentences(text, own + staff_words) == [], (kind, text)
    assert seen >= set(WELSH_KINDS) - {NoticeKind.CONTACT_ACKNOWLEDGEMENT}


@pytest.mark.parametrize("channel", Channel.values)
@pytest.mark.parametrize("reason", ["", *NoReplyReason.values])
def test_no_sentence_of_a_welsh_acknowledgement_is_english(
    activate_profile, people, welsh_customer, channel, reason
):
    profile = activate_profile("btpa")
    customer = welsh_customer("Gareth Holloway")
    received = timezone.make_aware(timezone.datetime(2027, 1, 11, 10))
    contact = Contact.objects.create(
        reference="CON-2027-000001",
        customer=customer,
        channel=channel,
        received_at=received,
        summary="Llythyr",
        no_reply_reason=reason,
        respond_due_at=None if reason else received + timedelta(days=28),
    )
    notice = Notice.objects.create(
        reference="NOT-CY-ACK",
        kind=NoticeKind.CONTACT_ACKNOWLEDGEMENT,
        contact=contact,
        customer=customer,
        profile=profile,
        language=NoticeLanguage.WELSH,
        signatory=people["caseworker"],
        signatory_name="Cara Jones",
        signatory_role="Swyddog Gwasanaethau Cwsmeriaid",
        created_by=people["caseworker"],
    )
    text, own = _rendered(notice)
    assert _english_sentences(text, own) == [], text


def test_every_kind_of_sanction_is_worded_in_welsh(activate_profile, people):
    """Every kind of sanction, as any profile names it, in Welsh. "Other action" and a
    written agreement are in the approver's own words, and are left out."""
    # The approver's own words; and a matter not to engage on is one of the customer's
    # cases, which the decision notices above word in Welsh.
    own_words = {
        kinds.other.KIND,
        kinds.written_agreement.KIND,
        kinds.no_engagement_on_matter.KIND,
    }
    params = {
        kinds.one_method.KIND: {"channel": "email"},
        kinds.named_officer.KIND: {"officer": people["officer"]},
        kinds.telephone_schedule.KIND: {"weekdays": [1], "max_minutes": 10},
        kinds.building_exclusion.KIND: {
            "buildings": "Marmion House",
            "ends_on": date(2027, 6, 1),
        },
        kinds.specified_dates.KIND: {"dates": ["2027-03-01"]},
        kinds.third_party.KIND: {"third_party": "Cyngor ar Bopeth"},
        kinds.block_identifiers.KIND: {"blocked_identifiers": "07700 900123"},
    }
    for slug in ("btpa", "opcc", "ipcc", "tamworth", "natural-england"):
        activate_profile(slug)
    for stype in SanctionType.objects.exclude(kind__in=own_words):
        sanction = Sanction(sanction_type=stype, kind=stype.kind, **params.get(stype.kind, {}))
        sentence = kinds.CATALOGUE[stype.kind].wording["cy"](sanction)
        own = ["Rhian Pugh", "Customer Liaison Officer", stype.name, stype.description]
        assert _english_sentences(sentence, own) == [], (stype.kind, sentence)
