"""Every notice kind about a decision, for every profile, in English (and Welsh where it is
shipped), in standard and large print: the PDF's own text says what DESIGN.md §9 requires —
why, every arrangement, how long or when reviewed, how to appeal and by when (or how to
complain), and who signed it. The address sits in a DL envelope's window, and large print
is at least 16 pt."""

import io
from datetime import date, time, timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cases.models import Contact
from contactpolicy.choices import DecisionKind
from contactpolicy.roles import Role
from contactpolicy.wording import long_date
from notices.letter import appeal_deadline, notice_kind_for
from notices.models import Notice, NoticeKind, NoticeLanguage, PrintFormat
from notices.services import notice_render
from notices.shipped import category_name
from notices.wording import arrangement
from restrictions import sanctions as kinds
from restrictions.models import (
    Approval,
    ApprovalOutcome,
    Decision,
    DecisionStatus,
    RestrictionCase,
    Sanction,
)
from tests.conftest import PROFILE_SLUGS
from tests.notices.factories import addressed_customer, flat, pdf_text
from tests.restrictions.factories import incident, person

pytestmark = pytest.mark.django_db

REASONS = "You telephoned the office forty times in one week and shouted at the staff."
PT_PER_PX = 0.75
MM_PER_PT = 25.4 / 72


def _sanction_params(profile, kind, officer):
    stype = next((s for s in profile.sanction_types.all() if s.kind == kind), None)
    if stype is None:
        return None
    params = {
        kinds.one_method.KIND: {"channel": "letter"},
        kinds.named_officer.KIND: {"officer": officer},
        kinds.telephone_schedule.KIND: {
            "weekdays": [1, 3],
            "window_start": time(10),
            "window_end": time(12),
            "max_minutes": 15,
        },
        kinds.building_exclusion.KIND: {
            "buildings": "Marmion House, Lichfield Street",
            "ends_on": timezone.localdate() + timedelta(days=180),
        },
        kinds.third_party.KIND: {"third_party": "Citizens Advice Tamworth"},
    }.get(kind, {})
    return stype, params


def _decision(profile, kind, customer, people):
    case = RestrictionCase.objects.create(
        reference=f"RES-{customer.pk:06d}", customer=customer, opened_by=people["manager"]
    )
    decision = Decision.objects.create(
        reference=f"DEC-{kind[:4].upper()}-{customer.pk:06d}",
        restriction_case=case,
        kind=kind,
        reasons=REASONS,
        review_due=None if kind in {DecisionKind.WARN, DecisionKind.LIFT} else date(2027, 5, 28),
        proposed_by=people["manager"],
    )
    decision.incidents.set([incident(customer, people["caseworker"], days_ago=6)])
    wanted = {
        DecisionKind.SANCTION: [kinds.one_method.KIND, kinds.telephone_schedule.KIND],
        DecisionKind.VARY: [kinds.named_officer.KIND, kinds.telephone_schedule.KIND],
        DecisionKind.CONTINUE: [kinds.one_method.KIND],
        DecisionKind.EXTEND_EXCLUSION: [kinds.building_exclusion.KIND],
    }.get(kind, [])
    for sanction_kind in wanted:
        found = _sanction_params(profile, sanction_kind, people["officer"])
        if found is None:
            continue
        stype, params = found
        Sanction.objects.create(
            restriction_case=case, decision=decision, sanction_type=stype, kind=stype.kind, **params
        )
    # The decision is as it stands when its notice is issued: approved, not yet in effect.
    Approval.objects.create(
        decision=decision,
        approver=people["chief"],
        role=Role.CHIEF_EXECUTIVE,
        outcome=ApprovalOutcome.APPROVE,
        round=decision.round,
    )
    Decision.objects.filter(pk=decision.pk).update(status=DecisionStatus.APPROVED)
    decision.refresh_from_db()
    return decision


def _render(profile, decision, language, print_format, signatory):
    notice = Notice.objects.create(
        reference=f"NOT-{decision.reference[4:]}",
        kind=notice_kind_for(decision),
        decision=decision,
        customer=decision.restriction_case.customer,
        profile=profile,
        language=language,
        print_format=print_format,
        signatory=signatory,
        signatory_name=signatory.get_full_name(),
        signatory_role=signatory.job_title,
        created_by=signatory,
    )
    data, _ = notice_render(notice, on=date(2027, 1, 31))
    return data, notice


@pytest.fixture
def people(db):
    return {
        "caseworker": person(Role.CASEWORKER, job_title="Customer Services Officer"),
        "manager": person(Role.LINE_MANAGER, job_title="Team Manager"),
        "officer": person(
            Role.CASEWORKER,
            first_name="Rhian",
            last_name="Pugh",
            job_title="Customer Liaison Officer",
            email="rhian.pugh@example.org",
        ),
        "chief": person(
            Role.CHIEF_EXECUTIVE, first_name="Sam", last_name="Okafor", job_title="Chief Executive"
        ),
    }


CASES = [
    (slug, NoticeLanguage.ENGLISH, fmt) for slug in PROFILE_SLUGS for fmt in PrintFormat.values
] + [("btpa", NoticeLanguage.WELSH, fmt) for fmt in PrintFormat.values]


@pytest.mark.parametrize(("slug", "language", "print_format"), CASES)
def test_every_decision_notice_says_what_the_policy_requires(
    activate_profile, people, slug, language, print_format
):
    profile = activate_profile(slug)
    cy = language == NoticeLanguage.WELSH
    for kind in DecisionKind.values:
        customer = addressed_customer(name=f"Morgan Ellis {kind}")
        decision = _decision(profile, kind, customer, people)
        data, notice = _render(profile, decision, language, print_format, people["chief"])
        text = flat(pdf_text(data))
        where = f"{slug} {kind} {language} {print_format}"
        # Page numbers on a letter over one page, and only then.
        pages = len(PdfReader(io.BytesIO(data)).pages)
        page_word = "Tudalen" if cy else "Page"
        assert (f"{page_word} 1 of {pages}".replace(" of ", " o " if cy else " of ") in text) == (
            pages > 1
        ), where

        assert f"Morgan Ellis {kind}" in text, where
        assert "CF64 1AA" in text, where
        assert notice.reference in text, where
        assert ("31 Ionawr 2027" if cy else "31 January 2027") in text, where
        assert "Sam Okafor" in text and "Chief Executive" in text, where
        if kind != DecisionKind.LIFT:
            # Why: the behaviour found, in the policy's own category, and the reasons.
            category = decision.incidents.get().category
            assert category_name(category, language).rstrip(".") in text, where
            assert REASONS in text, where
        if notice.kind in {
            NoticeKind.SANCTIONS_IMPOSED,
            NoticeKind.SANCTIONS_VARIED,
            NoticeKind.DISENGAGEMENT,
            NoticeKind.BUILDING_EXCLUSION,
            NoticeKind.REVIEW_OUTCOME,
        }:
            for sanction in decision.sanctions.all():
                assert flat(arrangement(sanction, language)) in text, (where, sanction.kind)
            assert ("28 Mai 2027" if cy else "28 May 2027") in text, where
            deadline = appeal_deadline(profile, date(2027, 1, 31))
            if deadline is not None:
                # Tamworth §10: one calendar month "of their notification". A letter dated
                # Sunday 31 January 2027, posted that day, is deemed received on Tuesday 2
                # February (the second working day after posting): 2 March 2027.
                assert deadline == date(2027, 3, 2)
                assert long_date(deadline, language) in text, where
                assert "Head of Customer Services" in text, where
            elif profile.appeal_route:
                assert "complaint" in text.lower(), where
            else:
                assert ("gwyno" if cy else "complain") in text, where
        if kind == DecisionKind.SANCTION and print_format == PrintFormat.STANDARD and not cy:
            assert "Tuesday and Thursday between 10:00 and 12:00" in text, where
            assert "15 minutes" in text, where


@pytest.mark.parametrize("slug", PROFILE_SLUGS)
def test_a_contact_acknowledgement_renders_for_every_profile(activate_profile, people, slug):
    profile = activate_profile(slug)
    customer = addressed_customer(name="Dilys Price")
    received = timezone.make_aware(timezone.datetime(2027, 1, 11, 10, 0))
    contact = Contact.objects.create(
        reference="CON-2027-000001",
        customer=customer,
        channel="letter",
        received_at=received,
        summary="Letter asking about a complaint",
        logged_by=people["caseworker"],
        respond_due_at=received + timedelta(days=28),
    )
    languages = [NoticeLanguage.ENGLISH] + ([NoticeLanguage.WELSH] if slug == "btpa" else [])
    for language in languages:
        notice = Notice.objects.create(
            reference=f"NOT-2027-00000{1 if language == 'en' else 2}",
            kind=NoticeKind.CONTACT_ACKNOWLEDGEMENT,
            contact=contact,
            customer=customer,
            profile=profile,
            language=language,
            signatory=people["caseworker"],
            signatory_name="Cara Jones",
            signatory_role="Customer Services Officer",
            created_by=people["caseworker"],
        )
        text = flat(pdf_text(notice_render(notice, on=date(2027, 1, 12))[0]))
        assert "Dilys Price" in text
        assert ("11 Ionawr 2027" if language == "cy" else "11 January 2027") in text
        assert ("8 Chwefror 2027" if language == "cy" else "8 February 2027") in text
        assert "CON-2027-000001" in text
        assert "Cara Jones" in text


def _chars(data: bytes, page: int = 0):
    """(text, left in mm, baseline from the top in mm, size in pt) for each run of text."""
    runs = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            x = tm[4] * cm[0] + cm[4]
            y = tm[5] * cm[3] + cm[5]
            runs.append(
                (
                    text.strip(),
                    x * MM_PER_PT,
                    (841.89 - y) * MM_PER_PT,
                    font_size * abs(tm[0] * cm[0]),
                )
            )

    PdfReader(io.BytesIO(data)).pages[page].extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize("print_format", PrintFormat.values)
def test_the_address_shows_in_a_dl_envelope_window(activate_profile, people, print_format):
    profile = activate_profile("btpa")
    customer = addressed_customer(name="Morgan Ellis")
    decision = _decision(profile, DecisionKind.SANCTION, customer, people)
    data, _ = _render(profile, decision, NoticeLanguage.ENGLISH, print_format, people["chief"])
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    lines = ["Morgan Ellis", "14 Harbour Row", "Penarth", "Vale of Glamorgan", "CF64 1AA"]
    runs = [r for r in _chars(data) if r[0] in lines]
    assert [r[0] for r in runs] == lines
    # The window: 20 mm from the left edge, its top 45–50 mm from the top, 90 × 40 mm.
    for _, left, _, _ in runs:
        assert 19 <= left <= 21
    first_top = runs[0][2] - runs[0][3] * 25.4 / 72
    assert 45 <= first_top <= 50
    assert runs[-1][2] <= 45 + 40


def test_large_print_is_at_least_16_point(activate_profile, people):
    profile = activate_profile("btpa")
    customer = addressed_customer(name="Morgan Ellis")
    decision = _decision(profile, DecisionKind.SANCTION, customer, people)
    large, _ = _render(
        profile, decision, NoticeLanguage.ENGLISH, PrintFormat.LARGE_PRINT, people["chief"]
    )
    standard_decision = _decision(
        profile, DecisionKind.WARN, addressed_customer(name="Eira Hughes"), people
    )
    standard, _ = _render(
        profile, standard_decision, NoticeLanguage.ENGLISH, PrintFormat.STANDARD, people["chief"]
    )
    body = [r for r in _chars(large) if r[0].startswith(("Dear ", "What we found", REASONS[:20]))]
    assert body
    assert all(round(size, 2) >= 16 for _, _, _, size in body), body
    heading = next(r for r in _chars(large) if r[0].startswith("How we will manage"))
    assert heading[3] > 16
    greeting = next(r for r in _chars(standard) if r[0].startswith("Dear "))
    assert greeting[3] < 16


def test_the_pdf_is_tagged_for_screen_readers(activate_profile, people):
    profile = activate_profile("opcc")
    decision = _decision(
        profile, DecisionKind.WARN, addressed_customer(name="Morgan Ellis"), people
    )
    data, _ = _render(
        profile, decision, NoticeLanguage.ENGLISH, PrintFormat.STANDARD, people["chief"]
    )
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def test_a_long_letter_numbers_its_pages_and_encloses_the_policy(activate_profile, people):
    profile = activate_profile("tamworth")
    decision = _decision(
        profile, DecisionKind.SANCTION, addressed_customer(name="Morgan Ellis"), people
    )
    notice = Notice.objects.create(
        reference="NOT-2027-000900",
        kind=notice_kind_for(decision),
        decision=decision,
        customer=decision.restriction_case.customer,
        profile=profile,
        include_policy_annex=True,
        signatory=people["chief"],
        signatory_name="Sam Okafor",
        signatory_role="Chief Executive",
        created_by=people["chief"],
    )
    data, pages = notice_render(notice)
    assert pages >= 2
    text = pdf_text(data)
    assert f"Page 1 of {pages}" in text
    assert f"From our policy: {profile.policy_title}" in flat(text)
    assert "within one calendar month of their notification" in flat(text)
