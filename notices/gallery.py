"""Every letter an organisation sends, with sample data, for its administrators to read
before going live: each kind of notice the active profile has a template for, in each
language it ships and each print format.

The letters are rendered by the same code as the real ones (`notices.letter`), about an
illustrative customer, decision, incidents and sanctions. Those are written to the
database only inside a transaction that is always rolled back, so no sample row is ever
left behind, and they are given references no real record has ("SAMPLE-…"). A contact
acknowledgement needs no stored rows, so its contact is built in memory.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from cases.models import Contact, Customer, CustomerIdentifier, IdentifierKind, Incident
from contactpolicy.choices import Channel, DecisionKind
from notices.letter import (
    Facts,
    letter_html,
    merge_values,
    render_pdf,
    signatory_role,
    template_for,
)
from notices.merge_fields import fields_for
from notices.models import NoticeKind, NoticeLanguage, PrintFormat
from notices.selectors import Preview, letter_preview
from notices.shipped import has_language
from restrictions.models import Decision, RestrictionCase, Sanction

# The decision each kind of notice is about, for the sample.
DECISION_OF_KIND = {
    NoticeKind.WARNING: DecisionKind.WARN,
    NoticeKind.SANCTIONS_IMPOSED: DecisionKind.SANCTION,
    NoticeKind.SANCTIONS_VARIED: DecisionKind.VARY,
    NoticeKind.DISENGAGEMENT: DecisionKind.DISENGAGE,
    NoticeKind.BUILDING_EXCLUSION: DecisionKind.SANCTION,
    NoticeKind.REVIEW_OUTCOME: DecisionKind.CONTINUE,
    NoticeKind.SANCTIONS_LIFTED: DecisionKind.LIFT,
    NoticeKind.APPEAL_ACKNOWLEDGEMENT: DecisionKind.SANCTION,
    NoticeKind.APPEAL_OUTCOME: DecisionKind.SANCTION,
}

SAMPLE_NAME = "Alex Sample"
SAMPLE_ADDRESS = "Flat 2\n14 Example Street\nAnytown"
SAMPLE_POSTCODE = "AB1 2CD"
SAMPLE_REASONS = (
    "You telephoned our office many times in one week and shouted at the staff who "
    "answered, after we had asked you to stop."
)
# The reasons are in the deciding officer's words; the sample gives them in each language.
SAMPLE_REASONS_IN = {
    "cy": "Fe wnaethoch ffonio ein swyddfa lawer gwaith mewn un wythnos a gweiddi ar y staff a "
    "atebodd, ar ôl i ni ofyn i chi stopio.",
}
# Values that only an appeal's own record gives (`appeals.notice_values`); notices never
# import appeals, so the sample says what such a letter would.
SAMPLE_APPEAL_VALUES = {
    "en": {
        "appeal_outcome": "We have not upheld your appeal. The arrangements for your "
        "contact with us still apply:",
        "appeal_reasons": "The recordings of the calls confirm what our staff reported.",
    },
    "cy": {
        "appeal_outcome": "Nid ydym wedi cadarnhau eich apêl. Mae'r trefniadau ar gyfer eich "
        "cysylltiad â ni yn dal i fod yn berthnasol:",
        "appeal_reasons": "Mae recordiadau'r galwadau yn cadarnhau'r hyn a adroddodd ein staff.",
    },
}


@dataclass(frozen=True)
class GalleryLetter:
    """One kind of letter in one language; the same words in each print format."""

    kind: NoticeKind
    language: NoticeLanguage
    preview: Preview
    print_formats: tuple[PrintFormat, ...] = tuple(PrintFormat)

    @property
    def anchor(self) -> str:
        return f"{self.kind.value}-{self.language.value}"


def gallery_languages(profile) -> list[NoticeLanguage]:
    """English, and each other language the organisation has notices in."""
    return [
        language
        for language in NoticeLanguage
        if language == NoticeLanguage.ENGLISH or has_language(profile, language)
    ]


def _rolled_back(work: Callable):
    """`work()`'s answer, with everything it wrote to the database undone."""
    with transaction.atomic():
        answer = work()
        transaction.set_rollback(True)
    return answer


def _sample_decision(profile, actor) -> Decision:
    today = timezone.localdate()
    customer = Customer.objects.create(
        reference="SAMPLE-CUS", name=SAMPLE_NAME, title="Ms", surname="Sample", created_by=actor
    )
    CustomerIdentifier.objects.create(
        customer=customer,
        kind=IdentifierKind.ADDRESS,
        value=SAMPLE_ADDRESS,
        postcode=SAMPLE_POSTCODE,
    )
    case = RestrictionCase.objects.create(reference="SAMPLE-RC", customer=customer, opened_by=actor)
    decision = Decision.objects.create(
        reference="SAMPLE-DEC",
        restriction_case=case,
        kind=DecisionKind.SANCTION,
        reasons=SAMPLE_REASONS,
        review_due=today + timedelta(days=182),
        proposed_by=actor,
    )
    categories = list(profile.behaviour_categories.all()[:2])
    for number, category in enumerate(categories, start=1):
        incident = Incident.objects.create(
            reference=f"SAMPLE-INC-{number}",
            customer=customer,
            category=category,
            occurred_at=timezone.now() - timedelta(days=7 * number),
            channel=Channel.TELEPHONE,
            description="Shouted at the officer and swore repeatedly.",
            recorded_by=actor,
        )
        decision.incidents.add(incident)
    stype = next(
        (s for s in profile.sanction_types.all() if s.kind == "telephone_schedule"),
        profile.sanction_types.first(),
    )
    if stype is not None:
        Sanction.objects.create(
            restriction_case=case,
            decision=decision,
            sanction_type=stype,
            kind=stype.kind,
            channel=Channel.LETTER,
            weekdays=[1, 3],
            window_start=time(10),
            window_end=time(12),
            max_minutes=15,
            buildings="our main office",
            starts_on=today,
        )
    return decision


def _sample_contact(customer) -> Contact:
    now = timezone.now()
    return Contact(
        reference="SAMPLE-CON",
        customer=customer,
        channel=Channel.LETTER,
        received_at=now - timedelta(days=2),
        respond_due_at=now + timedelta(days=18),
    )


def _facts(profile, decision, kind, language, signatory) -> Facts:
    customer = decision.restriction_case.customer
    facts = Facts(
        kind=kind,
        profile=profile,
        customer=customer,
        language=language,
        notice_date=timezone.localdate(),
        reference="SAMPLE",
        signatory_name=signatory.get_full_name() or signatory.username,
        signatory_role=signatory_role(signatory),
    )
    if kind == NoticeKind.CONTACT_ACKNOWLEDGEMENT:
        return replace(facts, contact=_sample_contact(customer))
    decision.kind = DECISION_OF_KIND[kind]
    decision.reasons = SAMPLE_REASONS_IN.get(language, SAMPLE_REASONS)
    return replace(facts, decision=decision)


def _values(facts: Facts) -> dict:
    values = merge_values(facts)
    sample = SAMPLE_APPEAL_VALUES[facts.language]
    for field in (f.name for f in fields_for(facts.kind)):
        if field in values:
            continue
        if field.endswith("_date"):
            values[field] = values["date"]
        elif field == "appeal_arrangements":
            values[field] = values.get("arrangements", [])
        else:
            values[field] = sample.get(field, "")
    return values


def gallery_letters(profile, actor) -> list[GalleryLetter]:
    """Every letter, as its HTML preview. A fixed number of queries, whatever the data."""

    def work():
        decision = _sample_decision(profile, actor)
        letters = []
        for kind in NoticeKind:
            for language in gallery_languages(profile):
                template = template_for(profile, kind, language)
                if template is None:
                    continue
                facts = _facts(profile, decision, kind, language, actor)
                preview = letter_preview(facts, template, values=_values(facts))
                letters.append(GalleryLetter(kind, NoticeLanguage(language), preview))
        return letters

    return _rolled_back(work)


def sample_preview(profile, actor, *, kind: str, language: str, subject: str, body: str) -> Preview:
    """The words being edited for one kind of letter, filled in from the sample: any kind
    previews on a system that holds no customer or decision yet."""

    def work():
        decision = _sample_decision(profile, actor)
        facts = _facts(profile, decision, NoticeKind(kind), language, actor)
        template = template_for(profile, kind, language)
        return letter_preview(facts, template, values=_values(facts), subject=subject, body=body)

    return _rolled_back(work)


def gallery_pdf(profile, actor, *, kind: str, language: str, print_format: str) -> bytes | None:
    """One sample letter as a PDF, rendered now; None if the profile has no such letter."""
    template = template_for(profile, kind, language)
    if template is None:
        return None

    def work():
        decision = _sample_decision(profile, actor)
        facts = _facts(profile, decision, NoticeKind(kind), language, actor)
        values = _values(facts)
        data, _ = render_pdf(
            lambda numbered: letter_html(
                facts=facts,
                template=template,
                print_format=print_format,
                numbered=numbered,
                values=values,
            ),
            likely_long=print_format == PrintFormat.LARGE_PRINT,
        )
        return data

    return _rolled_back(work)
