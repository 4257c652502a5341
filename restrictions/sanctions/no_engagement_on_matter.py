"""No further engagement on a matter, or refuse to reopen a closed case (NE step 5)."""

from django import forms

from contactpolicy.choices import SanctionKind
from restrictions.models import CheckOutcome
from restrictions.sanctions import base

KIND = SanctionKind.NO_ENGAGEMENT_ON_MATTER


def _cases_field(context: base.FieldContext) -> forms.Field:
    return forms.MultipleChoiceField(
        label="Cases it covers (optional)",
        choices=context.case_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def _topics_field(context: base.FieldContext) -> forms.Field:
    return base.textarea("Matters or topics it covers (optional)", "One a line.", rows=3)


def assess(sanction, contact: base.ContactInHand) -> base.Finding | None:
    if not base.on_scoped_matter(sanction, contact.case, contact.different_topic):
        return None
    described = base.named_or_described(sanction)
    return base.told_finding(
        CheckOutcome.REDIRECTED,
        sanction,
        f"{described}. On this matter: read and file it, with no reply.",
        described,
    )


def _about(sanction) -> str:
    cases = [f"{c.subject} ({c.reference})" for c in sanction.scope_cases.all()]
    topics = [t.strip() for t in sanction.scope_topics.splitlines() if t.strip()]
    return "; ".join(cases + topics)


WORDS = {
    "en": {
        "about": "We will not reply further about: {}.",
        "matter": "We will not reply further on this matter.",
    },
    "cy": {
        "about": "Ni fyddwn yn ymateb ymhellach ynglŷn â: {}.",
        "matter": "Ni fyddwn yn ymateb ymhellach ar y mater hwn.",
    },
}


def _sentence(sanction, language: str, words) -> str:
    about = _about(sanction)
    return words["about"].format(about) if about else words["matter"]


SPEC = base.SanctionKindSpec(
    kind=KIND,
    parameters=(
        base.Parameter("scope_cases", _cases_field),
        base.Parameter("scope_topics", _topics_field),
    ),
    assess=assess,
    wording=base.in_every_language(WORDS, _sentence),
    covers_matters=True,
)
