"""The merge fields a notice template may use: what each means and how it is worked out.

Every value comes from stored facts — the customer's record, the decision and its
sanctions, the incidents it cites, the profile and its calendar — never from wording. A
template names a field as `{{ name }}`; nothing else in a template is interpreted, so an
administrator's text can only place these values, never run code.

`template_errors` is the check made whenever a template is saved or used, on its heading
and its text alike: an unknown field, template code, or a field its kind requires but does
not use, is refused with the field named.
"""

import re
from dataclasses import dataclass

from notices.models import DECISION_KINDS, RESTRICTION_KINDS, NoticeKind

FIELD = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
# Anything that looks like the start of template code but is not a well-formed field.
STRAY = re.compile(r"\{[{%#]|[}%#]\}")


@dataclass(frozen=True)
class MergeField:
    name: str
    meaning: str
    computed: str
    # A list (one item a line) rather than a phrase: it must stand on a line of its own.
    is_list: bool = False
    kinds: frozenset[str] | None = None  # None: any kind of notice


ALL = None
FIELDS: dict[str, MergeField] = {
    f.name: f
    for f in [
        MergeField("customer_name", "The customer's name", "The customer's record."),
        MergeField(
            "salutation",
            "The greeting to the customer",
            "The customer's title and surname; their full name when either is not recorded; "
            "for an organisation, the person letters go to, or “Dear Sir or Madam”.",
        ),
        MergeField(
            "customer_address",
            "The customer's postal address, one line a line",
            "The customer's current postal address (identifiers that are not retired).",
            is_list=True,
        ),
        MergeField(
            "customer_reference", "The customer's reference", "The customer's record (CUS-…)."
        ),
        MergeField("reference", "This notice's reference", "Given when the notice is drafted."),
        MergeField(
            "case_reference",
            "The reference of what the notice is about",
            "The decision's reference, or the contact's for an acknowledgement.",
        ),
        MergeField(
            "date",
            "The date of the notice",
            "The day it is issued, written out in the notice's language.",
        ),
        MergeField(
            "behaviour",
            "The behaviour found, in plain words",
            "One line for each incident the decision cites: when, how, and the policy's "
            "category for it.",
            is_list=True,
            kinds=frozenset(DECISION_KINDS),
        ),
        MergeField(
            "reasons",
            "The decision maker's reasons",
            "The reasons written on the decision.",
            kinds=frozenset(DECISION_KINDS),
        ),
        MergeField(
            "arrangements",
            "Each arrangement, in plain words",
            "One line for each sanction the decision puts in place (or, after a review, each "
            "one that continues): the channel, the named officer and how to reach them, the "
            "days and times, the length of calls, the buildings, the dates, the third party. "
            "A disengagement says what it covers.",
            is_list=True,
            kinds=frozenset(RESTRICTION_KINDS),
        ),
        MergeField(
            "how_long",
            "How long the arrangements last and when we review them",
            "Sentences: an exclusion to its end date or permanently, and the other "
            "arrangements until the review date.",
            kinds=frozenset(RESTRICTION_KINDS),
        ),
        MergeField(
            "decided_by",
            "Who made the decision",
            "A sentence naming each person who approved the decision, with their job title.",
            kinds=frozenset(DECISION_KINDS),
        ),
        MergeField(
            "how_to_write",
            "How to reach us to complain or appeal",
            "“write to us at the address at the top of this letter or email …”; only the one "
            "channel the customer is allowed, where a sanction allows only one.",
        ),
        MergeField(
            "appeal_limit",
            "Whether the customer can still challenge the decision at this stage",
            "A sentence from the profile's limit on challenges at each stage and the "
            "customer's earlier ones (Natural England: once at stages 2 and 5).",
            kinds=frozenset(DECISION_KINDS),
        ),
        MergeField(
            "review_date",
            "When the arrangements will be reviewed",
            "The decision's review date.",
            kinds=frozenset(RESTRICTION_KINDS),
        ),
        MergeField(
            "duration",
            "How long the arrangements last",
            "A sentence: until the review date, or to an exclusion's end date, or permanently.",
            kinds=frozenset(RESTRICTION_KINDS),
        ),
        MergeField(
            "appeal_deadline",
            "The last day to appeal",
            "The notice's date plus the profile's appeal window, counted by the calendar "
            "(Tamworth: one calendar month).",
            kinds=frozenset(DECISION_KINDS),
        ),
        MergeField(
            "contact_date",
            "When the customer's contact reached us",
            "The contact's received date.",
            kinds=frozenset({NoticeKind.CONTACT_ACKNOWLEDGEMENT}),
        ),
        MergeField(
            "contact_channel",
            "How the customer's contact reached us",
            "The contact's channel, in plain words.",
            kinds=frozenset({NoticeKind.CONTACT_ACKNOWLEDGEMENT}),
        ),
        MergeField(
            "next_step",
            "What happens next to the customer's contact",
            "A sentence: when we will reply in full, or why no reply is due (the reason staff "
            "recorded), or that we reply as soon as we can where the policy sets no standard.",
            kinds=frozenset({NoticeKind.CONTACT_ACKNOWLEDGEMENT}),
        ),
        MergeField(
            "response_due",
            "When we will reply in full",
            "The contact's response due date from the profile's service standard; empty when "
            "none is due (use “next_step” to say what happens instead).",
            kinds=frozenset({NoticeKind.CONTACT_ACKNOWLEDGEMENT}),
        ),
        MergeField(
            "appeal_received_date",
            "When the customer's appeal reached us",
            "The appeal's received date.",
            kinds=frozenset({NoticeKind.APPEAL_ACKNOWLEDGEMENT, NoticeKind.APPEAL_OUTCOME}),
        ),
        MergeField(
            "appeal_outcome",
            "What was decided on the appeal, in plain words",
            "A sentence: upheld, partly upheld or not upheld, and what that does to the "
            "arrangements.",
            kinds=frozenset({NoticeKind.APPEAL_OUTCOME}),
        ),
        MergeField(
            "appeal_arrangements",
            "The arrangements in force after the appeal",
            "One line for each arrangement that continues; none when they are lifted.",
            is_list=True,
            kinds=frozenset({NoticeKind.APPEAL_OUTCOME}),
        ),
        MergeField(
            "appeal_reasons",
            "Why the appeal was decided as it was",
            "The reasons the decider recorded.",
            kinds=frozenset({NoticeKind.APPEAL_OUTCOME}),
        ),
        MergeField("organisation_name", "The organisation's name", "The policy profile."),
        MergeField(
            "organisation_address",
            "The organisation's postal address",
            "The policy profile.",
            is_list=True,
        ),
        MergeField("organisation_telephone", "The organisation's telephone", "The policy profile."),
        MergeField("organisation_email", "The organisation's email", "The policy profile."),
        MergeField("policy_title", "The title of the policy", "The policy profile."),
        MergeField(
            "policy_enclosure",
            "A sentence saying the policy is enclosed, on a line of its own",
            "“A copy of our (policy title) is enclosed.” when the letterhead has the policy as "
            "a PDF, whose pages then follow the letter; otherwise nothing, and its paragraph "
            "is left out.",
        ),
        MergeField("signatory_name", "Who signs the notice", "The person who issues it, by name."),
        MergeField(
            "signatory_role", "The signatory's role", "Their job title, or their role's name."
        ),
    ]
}

# The letterhead always prints the address, the reference and the date; the body must
# greet the customer and carry the signature.
ALWAYS_REQUIRED = ("salutation", "signatory_name", "signatory_role")

# A template written before a field existed meets its requirement with the older field.
ALTERNATIVES = {
    "salutation": ("customer_name",),
    "how_long": ("review_date",),
    "next_step": ("response_due",),
}


def required_fields(kind: str, profile=None) -> list[str]:
    """The fields a template of `kind` must use, in the order they are reported."""
    fields = list(ALWAYS_REQUIRED)
    if kind in DECISION_KINDS and kind != NoticeKind.SANCTIONS_LIFTED:
        fields.append("behaviour")
    if kind in RESTRICTION_KINDS:
        fields += ["arrangements", "how_long"]
        # An appeal route with a time limit: the notice gives the last day (DESIGN.md §9).
        if profile is not None and profile.appeal_window_value and profile.appeal_window_unit:
            fields.append("appeal_deadline")
    if kind == NoticeKind.CONTACT_ACKNOWLEDGEMENT:
        fields += ["contact_date", "next_step"]
    if kind == NoticeKind.APPEAL_OUTCOME:
        fields += ["appeal_outcome", "appeal_reasons"]
    return fields


def fields_used(body: str) -> list[str]:
    return [match.group(1) for match in FIELD.finditer(body)]


def fields_for(kind: str) -> list[MergeField]:
    """The fields a template of `kind` may use."""
    return [f for f in FIELDS.values() if f.kinds is None or kind in f.kinds]


def template_errors(*, subject: str, body: str, kind: str, profile=None) -> dict[str, list[str]]:
    """Why the template cannot be saved, by form field ("subject", "body"); empty when it can.

    The heading and the text are held to the same rules, so nothing refused in one can be
    saved in the other: only known merge fields this kind may use, written as `{{ name }}`,
    and no other template code. The text must also use the fields the kind requires, each
    list on a line of its own; a list cannot stand in a one-line heading at all.
    """
    errors = {}
    if problems := _text_errors(subject, kind, part="heading"):
        errors["subject"] = problems
    if problems := _text_errors(body, kind, part="text", profile=profile):
        errors["body"] = problems
    return errors


def _text_errors(text: str, kind: str, *, part: str, profile=None) -> list[str]:
    errors = []
    allowed = {f.name for f in fields_for(kind)}
    kind_label = NoticeKind(kind).label.lower() if kind in NoticeKind.values else kind
    seen = []
    for name in fields_used(text):
        if name in seen:
            continue
        seen.append(name)
        if name not in FIELDS:
            errors.append(f"“{{{{ {name} }}}}” is not a merge field")
        elif name not in allowed:
            errors.append(f"“{{{{ {name} }}}}” cannot be used in a {kind_label} notice")
        elif part == "heading" and FIELDS[name].is_list:
            errors.append(f"“{{{{ {name} }}}}” cannot be used in the heading: it is a list")
    if STRAY.search(FIELD.sub("", text)):
        errors.append(
            f"Write merge fields as {{{{ name }}}}: the {part} has a stray “{{{{”, “{{%” or “}}}}”"
        )
    if part == "text":
        for name in required_fields(kind, profile):
            if name not in seen and not any(old in seen for old in ALTERNATIVES.get(name, ())):
                errors.append(
                    f"A {kind_label} notice must use “{{{{ {name} }}}}” "
                    f"({FIELDS[name].meaning.lower()})"
                )
        for line in text.splitlines():
            for name in fields_used(line):
                if name in FIELDS and FIELDS[name].is_list and FIELD.sub("", line).strip():
                    errors.append(f"Put “{{{{ {name} }}}}” on a line of its own: it is a list")
    return list(dict.fromkeys(errors))
