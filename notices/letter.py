"""From a notice's facts to its words, its HTML and its PDF (DESIGN.md §9).

`merge_values` works out every merge field from stored facts; `body_html` places them in
the template's text, escaping everything; `letter_html` lays the page out (A4, the address
in a DL envelope's window, the organisation's name and address, reference and date, the
signatory, an optional annex with the policy's own words); `render_pdf` makes a tagged PDF
(PDF/UA) with WeasyPrint, numbering the pages when the letter runs over one.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from pypdf import PdfReader, PdfWriter

from cases.models import AccessibilityFormat, Customer, IdentifierKind, Language
from contactpolicy.choices import DecisionKind
from contactpolicy.wording import long_date, received_words
from notices import deadlines, shipped, wording
from notices.merge_fields import FIELD, FIELDS, fields_used
from notices.models import (
    RESTRICTION_KINDS,
    Notice,
    NoticeKind,
    NoticeLanguage,
    NoticeTemplate,
    PrintFormat,
)
from restrictions.models import Sanction, SanctionStatus
from restrictions.sanctions import EXCLUSION_KINDS

DECISION_NOTICE_KINDS = {
    DecisionKind.WARN: NoticeKind.WARNING,
    DecisionKind.SANCTION: NoticeKind.SANCTIONS_IMPOSED,
    DecisionKind.VARY: NoticeKind.SANCTIONS_VARIED,
    DecisionKind.DISENGAGE: NoticeKind.DISENGAGEMENT,
    DecisionKind.CONTINUE: NoticeKind.REVIEW_OUTCOME,
    DecisionKind.EXTEND_EXCLUSION: NoticeKind.BUILDING_EXCLUSION,
    DecisionKind.LIFT: NoticeKind.SANCTIONS_LIFTED,
}


def notice_kind_for(decision) -> str:
    """The kind of notice a decision needs. Sanctions that only exclude from buildings are
    announced by an exclusion notice."""
    kind = DECISION_NOTICE_KINDS[DecisionKind(decision.kind)]
    if kind == NoticeKind.SANCTIONS_IMPOSED:
        kinds = {s.kind for s in decision.sanctions.all()}
        if kinds and kinds <= EXCLUSION_KINDS:
            return NoticeKind.BUILDING_EXCLUSION
    return kind


# Higher apps may tell a decision's notice as another kind than its own: the lift that
# an upheld appeal proposed reaches the customer as the appeal's outcome. Each provider
# answers a kind, or None for decisions it knows nothing of.
_NOTICE_KIND_PROVIDERS: list[Callable[..., str | None]] = []


def register_notice_kind(provider: Callable[..., str | None]) -> None:
    if provider not in _NOTICE_KIND_PROVIDERS:
        _NOTICE_KIND_PROVIDERS.append(provider)


def decision_notice_kind(decision) -> str:
    """The kind of notice a decision is told with: a registered provider's answer, else
    its own (`notice_kind_for`)."""
    for provider in _NOTICE_KIND_PROVIDERS:
        if kind := provider(decision):
            return kind
    return notice_kind_for(decision)


def language_for(customer: Customer, profile) -> str:
    """Welsh for a customer who writes in Welsh, where the organisation has Welsh notices."""
    if (
        customer.preferred_language == Language.WELSH
        and not customer.no_welsh_reply_needed
        and shipped.has_language(profile, NoticeLanguage.WELSH)
    ):
        return NoticeLanguage.WELSH
    return NoticeLanguage.ENGLISH


def print_format_for(customer: Customer) -> str:
    """Large print when the customer's record asks for it."""
    if AccessibilityFormat.LARGE_PRINT in (customer.accessibility_formats or []):
        return PrintFormat.LARGE_PRINT
    return PrintFormat.STANDARD


def template_for(profile, kind: str, language: str) -> NoticeTemplate | None:
    """The organisation's template, or the one shipped for its profile; None if neither."""
    found = NoticeTemplate.objects.filter(profile=profile, kind=kind, language=language).first()
    return found or shipped.template(profile, kind, language)


def postal_address(customer: Customer) -> list[str]:
    identifier = next(
        (
            i
            for i in sorted(customer.identifiers.all(), key=lambda i: -i.pk)
            if i.kind == IdentifierKind.ADDRESS and i.retired_at is None
        ),
        None,
    )
    if identifier is None or identifier.is_partial_address:
        return []
    separator = "\n" if "\n" in identifier.value else ","
    lines = [line.strip() for line in identifier.value.split(separator) if line.strip()]
    if identifier.postcode and identifier.postcode.strip() not in lines:
        lines.append(identifier.postcode.strip())
    return lines


def appeal_deadline(profile, notice_date: date) -> date | None:
    """The last day to appeal that a letter dated `notice_date` states: the profile's window
    from the day a letter posted that day is deemed received, moved off days the
    organisation is closed (`notices.deadlines`, ADR 0016)."""
    if not (profile.appeal_window_value and profile.appeal_window_unit):
        return None
    return deadlines.stated_appeal_deadline(profile, deadlines.calendar_of(profile), notice_date)


# Who signs a notice when it is not whoever issues it: an appeal's outcome is signed by
# the person who decided the appeal. Each provider answers a user, or None for notices it
# knows nothing of (ADR 0004: notices never imports the app that knows).
_SIGNATORY_PROVIDERS: list[Callable[..., object | None]] = []


def register_signatory(provider: Callable[..., object | None]) -> None:
    if provider not in _SIGNATORY_PROVIDERS:
        _SIGNATORY_PROVIDERS.append(provider)


def signatory_for(*, kind: str, decision, notice_id: int | None, actor):
    """Who signs: a registered provider's answer, else the person issuing the notice."""
    for provider in _SIGNATORY_PROVIDERS:
        if (user := provider(kind=kind, decision=decision, notice_id=notice_id)) is not None:
            return user
    return actor


def signatory_role(user) -> str:
    if user.job_title:
        return user.job_title
    labels = user.role_labels
    return labels[-1] if labels else ""


@dataclass
class Facts:
    """What a notice says, before it is a row or after: its subject, people and date."""

    kind: str
    profile: object
    customer: Customer
    language: str
    notice_date: date
    reference: str
    signatory_name: str
    signatory_role: str
    decision: object = None
    contact: object = None
    notice_id: int | None = None


# Merge values worked out by a higher app for the kinds of notice it produces (an appeal's
# acknowledgement and outcome): notices never imports it (ADR 0004).
_MERGE_VALUE_PROVIDERS: list[Callable[[Facts], dict]] = []


def register_merge_values(provider: Callable[[Facts], dict]) -> None:
    """Add `provider(facts) -> {field: value}` to every notice's merge values."""
    if provider not in _MERGE_VALUE_PROVIDERS:
        _MERGE_VALUE_PROVIDERS.append(provider)


def facts_of(notice: Notice, *, on: date | None = None) -> Facts:
    return Facts(
        kind=notice.kind,
        profile=notice.profile,
        customer=notice.customer,
        language=notice.language,
        notice_date=notice.notice_date or on or timezone.localdate(),
        reference=notice.reference,
        signatory_name=notice.signatory_name,
        signatory_role=notice.signatory_role,
        decision=notice.decision,
        contact=notice.contact,
        notice_id=notice.pk,
    )


def _arranged_sanctions(decision) -> list:
    """The decision's own sanctions; after a review that keeps them, those still in force."""
    own = list(decision.sanctions.select_related("sanction_type", "officer", "deputy"))
    if own or decision.kind != DecisionKind.CONTINUE:
        return own
    return list(
        decision.restriction_case.sanctions.filter(status=SanctionStatus.ACTIVE).select_related(
            "sanction_type", "officer", "deputy"
        )
    )


def _sanctions_in_force(customer) -> list:
    """The customer's sanctions in force, for a letter that is not about a decision."""
    return list(
        Sanction.objects.filter(
            restriction_case__customer=customer, status=SanctionStatus.ACTIVE
        ).select_related("sanction_type")
    )


def merge_values(facts: Facts) -> dict[str, str | list[str]]:
    """Every merge field's value for this notice (lists for the list fields)."""
    language = facts.language
    profile = facts.profile
    customer = facts.customer
    values: dict[str, str | list[str]] = {
        "customer_name": customer.name,
        "addressee": addressee(customer),
        "salutation": wording.salutation(customer, language),
        "customer_address": postal_address(customer),
        "customer_reference": customer.reference,
        "reference": facts.reference,
        "date": long_date(facts.notice_date, language),
        "organisation_name": profile.name,
        "organisation_address": [line for line in profile.address.splitlines() if line.strip()],
        "organisation_telephone": profile.telephone,
        "organisation_email": profile.email,
        "policy_title": shipped.policy_title(profile, language),
        "policy_enclosure": policy_enclosure(profile, language),
        "signatory_name": facts.signatory_name,
        "signatory_role": facts.signatory_role,
    }
    decision = facts.decision
    sanctions = _arranged_sanctions(decision) if decision is not None else []
    # A decision that arranges nothing (a warning, a lift) leaves those in force.
    in_force = sanctions or _sanctions_in_force(customer)
    values["how_to_write"] = wording.how_to_write(profile, in_force, language)
    if decision is not None:
        values["case_reference"] = decision.reference
        values["reasons"] = decision.reasons
        values["behaviour"] = [
            wording.behaviour_line(incident, language)
            for incident in sorted(
                decision.incidents.select_related("category__profile"), key=lambda i: i.occurred_at
            )
        ]
        arrangements = [wording.arrangement(s, language) for s in sanctions]
        if decision.kind == DecisionKind.DISENGAGE:
            continuing = decision.restriction_case.sanctions.filter(
                status=SanctionStatus.ACTIVE
            ).exclude(decision=decision)
            arrangements = (
                wording.disengagement_lines(decision, language, continuing=continuing.exists())
                + arrangements
            )
        values["arrangements"] = arrangements
        values["review_date"] = long_date(decision.review_due, language)
        values["duration"] = wording.duration_sentence(decision, sanctions, language)
        values["how_long"] = wording.how_long(decision, sanctions, language)
        values["decided_by"] = wording.decided_by(decision, language)
        deadline = appeal_deadline(profile, facts.notice_date)
        values["appeal_deadline"] = long_date(deadline, language)
    contact = facts.contact
    if contact is not None:
        values["case_reference"] = contact.reference
        values["contact_date"] = long_date(timezone.localtime(contact.received_at).date(), language)
        values["contact_channel"] = received_words(contact.channel, language)
        values["response_due"] = (
            long_date(timezone.localtime(contact.respond_due_at).date(), language)
            if contact.respond_due_at
            else ""
        )
        values["next_step"] = wording.next_step(contact, language)
    for provider in _MERGE_VALUE_PROVIDERS:
        values.update(provider(facts))
    return values


ENCLOSURE_SENTENCE = {
    "en": "A copy of our {policy_title} is enclosed.",
    "cy": "Amgaeir copi o'n {policy_title}.",
}


def policy_enclosure(profile, language: str) -> str:
    """The sentence saying the policy is enclosed, when its PDF is there to enclose."""
    if not profile.policy_pdf:
        return ""
    return ENCLOSURE_SENTENCE[language].format(policy_title=shipped.policy_title(profile, language))


def encloses_policy(body: str, profile) -> bool:
    """Whether a letter with this text carries the policy after it: the text says so
    (`{{ policy_enclosure }}`) and the profile has the PDF."""
    return bool(profile.policy_pdf) and "policy_enclosure" in fields_used(body)


def with_policy(data: bytes, pages: int, profile) -> tuple[bytes, int]:
    """The letter's PDF with the policy's pages after it, and the number of pages in all.

    The letter's own catalogue (its structure tree, language and PDF/UA metadata) is kept;
    the policy's pages are appended as they are, so they carry whatever tagging the
    organisation's PDF had, which pypdf does not merge into the letter's structure tree.
    """
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    with profile.policy_pdf.open("rb") as stored:
        policy = PdfReader(io.BytesIO(stored.read()))
    writer.append(policy, import_outline=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), pages + len(policy.pages)


# -- The body: plain text with merge fields, to escaped HTML --------------------------------


def _inline(text: str, values: dict) -> str:
    out, last = [], 0
    for match in FIELD.finditer(text):
        out.append(escape(text[last : match.start()]))
        value = values.get(match.group(1), "")
        if isinstance(value, list):
            value = ", ".join(value)
        out.append(escape(value))
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def _valediction(chunk: str) -> bool:
    """A closing like "Yours sincerely," or "Yn gywir,": one short line and no field."""
    line = chunk.strip()
    return "\n" not in line and len(line) <= 40 and not FIELD.search(line)


def body_html(body: str, values: dict) -> SafeString:
    """The template's text with its fields filled in, as HTML. Everything is escaped: the
    only structure is paragraphs, "# " headings and the list fields.

    The sign-off — the paragraph naming the signatory and the closing just before it — is
    wrapped in `<div class="close">`, which the page keeps whole, inside `<div
    class="sign-off">` with the two blocks before it, which the page does not break between:
    a signature never sits alone on a page, and at least two lines of the letter precede it."""
    blocks = []
    signs_at = None
    chunks = [c for c in body.replace("\r\n", "\n").split("\n\n") if c.strip()]
    for index, chunk in enumerate(chunks):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if any(m.group(1) == "signatory_name" for m in FIELD.finditer(chunk)):
            signs_at = len(blocks)
            if index and _valediction(chunks[index - 1]) and blocks:
                signs_at -= 1
        paragraph: list[str] = []

        def flush(paragraph=paragraph):
            if paragraph:
                blocks.append("<p>" + "<br>".join(paragraph) + "</p>")
                paragraph.clear()

        for line in lines:
            stripped = line.strip()
            match = FIELD.fullmatch(stripped)
            if match and match.group(1) in FIELDS and FIELDS[match.group(1)].is_list:
                flush()
                items = values.get(match.group(1)) or []
                if isinstance(items, str):
                    items = [items]
                name = match.group(1)
                if name in {"customer_address", "organisation_address"}:
                    blocks.append("<p>" + "<br>".join(escape(i) for i in items) + "</p>")
                elif items:
                    blocks.append(
                        "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"
                    )
            elif stripped.startswith("# "):
                flush()
                blocks.append(f"<h2>{_inline(stripped[2:], values)}</h2>")
            elif merged := _inline(stripped, values).strip():
                # A line whose fields were all empty (no policy to enclose) is left out,
                # and a paragraph of nothing but such lines with it.
                paragraph.append(merged)
        flush()
    if signs_at is not None and 0 < signs_at < len(blocks):
        # The two blocks before the closing come with it: the last may be a single line.
        lead = max(signs_at - 2, 0)
        blocks[lead:] = [
            '<div class="sign-off">',
            *blocks[lead:signs_at],
            '<div class="close">',
            *blocks[signs_at:],
            "</div></div>",
        ]
    return mark_safe("\n".join(blocks))  # noqa: S308 - built from escaped parts above


def subject_text(subject: str, values: dict) -> str:
    return FIELD.sub(lambda m: str(values.get(m.group(1), "")), subject)


# -- The page ---------------------------------------------------------------------------


def annex_items(facts: Facts) -> list[tuple[str, str]]:
    """The policy's own words that bear on this notice: the behaviour categories cited and
    the sanctions applied (as the profile quotes them), and the appeal route."""
    items: list[tuple[str, str]] = []
    decision = facts.decision
    if decision is not None:
        seen = set()
        for incident in decision.incidents.select_related("category"):
            category = incident.category
            if category.pk in seen:
                continue
            seen.add(category.pk)
            items.append((category.name, category.description))
        for sanction in _arranged_sanctions(decision):
            items.append((sanction.sanction_type.name, sanction.sanction_type.description))
    if facts.profile.appeal_route:
        items.append(
            ("Appeals" if facts.language == "en" else "Apeliadau", facts.profile.appeal_route)
        )
    return [(title, text) for title, text in items if title]


# -- Sizes: clear print, and the address in the envelope's window ------------------------

# Points. RNIB's clear print guidance asks for at least 12 pt; large print is at least
# 16 pt. Every line of a letter is at least the body size, headings larger.
SIZES = {
    PrintFormat.STANDARD: {"body": 12, "name": 14, "h1": 16, "h2": 14, "h3": 13},
    PrintFormat.LARGE_PRINT: {"body": 16, "name": 18, "h1": 22, "h2": 19, "h3": 17},
}
CLEAR_PRINT_MINIMUM = 12

# A DL window envelope's window, as `letter.html` places the address block: 20 mm from the
# left edge, 47 mm from the top, 90 × 40 mm. The block is never clipped: an address that
# cannot fit is refused before the letter is issued.
WINDOW_WIDTH_MM = 90
WINDOW_HEIGHT_MM = 40
ADDRESS_LINE_HEIGHT = 1.15
# At 12 pt, set at 1.15, the window holds eight lines: the name and seven address lines,
# the postcode last and on its own line as Royal Mail asks. A UK address rarely needs more
# than a building, a street, a locality, the post town and the postcode.
ADDRESS_LINES_MAX = int(WINDOW_HEIGHT_MM / (CLEAR_PRINT_MINIMUM * ADDRESS_LINE_HEIGHT * 25.4 / 72))
MM_PER_PT = 25.4 / 72

# The sizes the address block may take, largest first. Standard print's is its body size.
# Large print's starts at 16 pt and steps down, never under clear print's 12 pt, only when
# the address cannot otherwise fit: the window is physical, and the block is what the
# postal service reads to deliver the letter, while the customer reads the letter itself
# (every other line stays at 16 pt). Refusing instead would leave a large-print customer
# with no letter, or a standard-print one, until their address is shortened.
ADDRESS_SIZES = {
    PrintFormat.STANDARD: (12,),
    PrintFormat.LARGE_PRINT: (16, 14, 12),
}


FONT_DIRECTORIES = ("/usr/share/fonts", "/usr/local/share/fonts")


@cache
def _advances() -> tuple[dict[int, float], float]:
    """Each character's advance in ems in the letter's font (DejaVu Sans, installed with
    WeasyPrint's system packages), and a wide advance for characters it lacks. If the font
    cannot be read, every character counts as wide, which can only refuse an address that
    would have fitted, never pass one that does not."""
    wide = 1.0
    try:
        from fontTools.ttLib import TTFont

        path = next(
            found
            for directory in FONT_DIRECTORIES
            for found in sorted(Path(directory).rglob("DejaVuSans.ttf"))
        )
        font = TTFont(path, lazy=True)
        units = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        return {cp: metrics[name][0] / units for cp, name in font.getBestCmap().items()}, wide
    except (StopIteration, OSError, KeyError, ImportError):
        return {}, wide


def _width_mm(text: str, size: float) -> float:
    advances, wide = _advances()
    ems = sum(advances.get(ord(c), wide) for c in text)
    # Pango's kerning only narrows a line; 2% covers rounding and unusual shaping.
    return ems * size * MM_PER_PT * 1.02


def _wrapped_lines(line: str, size: float) -> int:
    """How many lines `line` takes in the window's width at `size`, wrapping at spaces and
    inside a word only when the word alone is too wide (CSS `overflow-wrap: anywhere`)."""
    count, current = 1, ""
    for word in line.split():
        candidate = f"{current} {word}" if current else word
        if _width_mm(candidate, size) <= WINDOW_WIDTH_MM:
            current = candidate
            continue
        if current:
            count += 1
        current = ""
        for char in word:
            if current and _width_mm(current + char, size) > WINDOW_WIDTH_MM:
                count += 1
                current = ""
            current += char
    return count


def address_lines(lines: list[str], size: float) -> int:
    """How many printed lines the address block takes at `size`, after wrapping."""
    return sum(_wrapped_lines(line, size) for line in lines)


def address_size(lines: list[str], print_format: str) -> int | None:
    """The size in points the address block (the name and the address lines) prints at so
    that it fits the envelope's window, or None when it fits at no size allowed."""
    for size in ADDRESS_SIZES[print_format]:
        height = address_lines(lines, size) * size * ADDRESS_LINE_HEIGHT * MM_PER_PT
        if height <= WINDOW_HEIGHT_MM:
            return size
    return None


def address_fits(lines: list[str], print_format: str) -> bool:
    """Whether the name and address fit the envelope's window in this print format."""
    return address_size(lines, print_format) is not None


def addressee(customer: Customer) -> list[str]:
    """The line above the customer's name in the address block: for an organisation, the
    person its letters go to, when its record names one."""
    person = customer.contact_name.strip() if customer.is_organisation else ""
    return [person] if person else []


def recipient_of(customer: Customer) -> list[str]:
    """The lines of the address block for `customer`, as `recipient_lines` prints them."""
    return [*addressee(customer), customer.name, *postal_address(customer)]


def recipient_lines(values: dict) -> list[str]:
    """The lines of the address block: the person an organisation's letters go to, the
    customer's name, then their address."""
    return [*values.get("addressee", []), values["customer_name"], *values["customer_address"]]


def breakable(text: str) -> SafeString:
    """An email or web address that may wrap after its dots, @ and slashes (`<wbr>`), so a
    long one breaks where a reader expects rather than anywhere in a word."""
    return mark_safe(re.sub(r"([./@])(?=[^/])", r"\1<wbr>", str(escape(text))))  # noqa: S308


LABELS = {
    "en": {
        "reference": "Our reference",
        "date": "Date",
        "annex": "From our policy",
        "page": "Page",
        "of": "of",
        "telephone": "Phone",
        "email": "Email",
        "web": "Web",
    },
    "cy": {
        "reference": "Ein cyfeirnod",
        "date": "Dyddiad",
        "annex": "O'n polisi",
        "page": "Tudalen",
        "of": "o",
        "telephone": "Ffôn",
        "email": "E-bost",
        "web": "Gwefan",
    },
}


def letter_html(
    *,
    facts: Facts,
    template: NoticeTemplate,
    print_format: str,
    include_annex: bool = False,
    numbered: bool = False,
    body: str | None = None,
    subject: str | None = None,
    values: dict | None = None,
) -> str:
    values = values if values is not None else merge_values(facts)
    # An address too long for the window prints at the smallest size, unclipped, in a
    # preview; issuing refuses it (`notices.services.notice_issue`).
    fitted = address_size(recipient_lines(values), print_format)
    return render_to_string(
        "notices/letter.html",
        {
            "facts": facts,
            "profile": facts.profile,
            "values": values,
            "recipient": recipient_lines(values),
            "subject": subject_text(subject if subject is not None else template.subject, values),
            "body": body_html(body if body is not None else template.body, values),
            "large_print": print_format == PrintFormat.LARGE_PRINT,
            "sizes": SIZES[print_format],
            "letterhead_email": breakable(facts.profile.email),
            "letterhead_web_address": breakable(facts.profile.web_address),
            "address_size": fitted or ADDRESS_SIZES[print_format][-1],
            "address_line_height": str(ADDRESS_LINE_HEIGHT),
            "numbered": numbered,
            "annex": annex_items(facts) if include_annex else [],
            "labels": LABELS[facts.language],
            "logo": facts.profile.letter_logo.path if facts.profile.letter_logo else "",
        },
    )


def likely_long(notice: Notice, print_format: str | None = None) -> bool:
    """Whether the notice, in its own print format or `print_format`, most likely runs over
    one page: in large print, with the policy enclosed, or, in standard print's 12 pt, when
    it sets out arrangements, their reasons and how to dispute them. Warnings, lifts and
    acknowledgements usually fit on one."""
    return (
        (print_format or notice.print_format) == PrintFormat.LARGE_PRINT
        or notice.include_policy_annex
        or notice.kind in RESTRICTION_KINDS
    )


def render_pdf(html_for, *, likely_long: bool = False) -> tuple[bytes, int]:
    """A tagged PDF (PDF/UA) of the letter, numbered when it runs over one page.

    `html_for(numbered)` gives the HTML. Laying a letter out is most of the cost, so it is
    first laid out as it will most likely end: numbered when `likely_long` (see the function
    of that name), else unnumbered. Only when the guess was wrong is it laid out again.
    """
    from weasyprint import HTML

    numbered = likely_long
    document = HTML(string=html_for(numbered)).render(pdf_variant="pdf/ua-1")
    if (len(document.pages) > 1) != numbered:
        numbered = not numbered
        document = HTML(string=html_for(numbered)).render(pdf_variant="pdf/ua-1")
    return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)
