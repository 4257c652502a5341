"""From a notice's facts to its words, its HTML and its PDF (DESIGN.md §9).

`merge_values` works out every merge field from stored facts; `body_html` places them in
the template's text, escaping everything; `letter_html` lays the page out (A4, the address
in a DL envelope's window, the organisation's name and address, reference and date, the
signatory, an optional annex with the policy's own words); `render_pdf` makes a tagged PDF
(PDF/UA) with WeasyPrint, numbering the pages when the letter runs over one.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

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
from notices.models import Notice, NoticeKind, NoticeLanguage, NoticeTemplate, PrintFormat
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
    if identifier is None:
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


def body_html(body: str, values: dict) -> SafeString:
    """The template's text with its fields filled in, as HTML. Everything is escaped: the
    only structure is paragraphs, "# " headings and the list fields."""
    blocks = []
    for chunk in body.replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
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


LABELS = {
    "en": {
        "reference": "Our reference",
        "date": "Date",
        "annex": "From our policy",
        "page": "Page",
        "of": "of",
    },
    "cy": {
        "reference": "Ein cyfeirnod",
        "date": "Dyddiad",
        "annex": "O'n polisi",
        "page": "Tudalen",
        "of": "o",
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
    return render_to_string(
        "notices/letter.html",
        {
            "facts": facts,
            "profile": facts.profile,
            "values": values,
            "subject": subject_text(subject if subject is not None else template.subject, values),
            "body": body_html(body if body is not None else template.body, values),
            "large_print": print_format == PrintFormat.LARGE_PRINT,
            "numbered": numbered,
            "annex": annex_items(facts) if include_annex else [],
            "labels": LABELS[facts.language],
            "logo": facts.profile.letter_logo.path if facts.profile.letter_logo else "",
        },
    )


def render_pdf(html_for, *, likely_long: bool = False) -> tuple[bytes, int]:
    """A tagged PDF (PDF/UA) of the letter, numbered when it runs over one page.

    `html_for(numbered)` gives the HTML. Laying a letter out is most of the cost, so it is
    first laid out as it will most likely end: unnumbered for standard print, where most
    letters fit on a page, numbered when `likely_long` (large print). Only when the guess
    was wrong is it laid out again.
    """
    from weasyprint import HTML

    numbered = likely_long
    document = HTML(string=html_for(numbered)).render(pdf_variant="pdf/ua-1")
    if (len(document.pages) > 1) != numbered:
        numbered = not numbered
        document = HTML(string=html_for(numbered)).render(pdf_variant="pdf/ua-1")
    return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)
