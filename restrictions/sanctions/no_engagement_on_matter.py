"""No further engagement on a matter, or refuse to reopen a closed case (NE step 5)."""

from django import forms

from contactpolicy.choices import SanctionKind
from restrictions.models import CheckOutcome
from restrictions.sanctions.base import (
    UNTIL_REVIEWED,
    ContactInHand,
    FieldContext,
    Finding,
    Parameter,
    SanctionKindSpec,
    named_or_described,
    on_scoped_matter,
    textarea,
    told,
)

KIND = SanctionKind.NO_ENGAGEMENT_ON_MATTER


def _cases_field(context: FieldContext) -> forms.Field:
    return forms.MultipleChoiceField(
        label="Cases it covers (optional)",
        choices=context.case_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def _topics_field(context: FieldContext) -> forms.Field:
    return textarea("Matters or topics it covers (optional)", "One a line.", rows=3)


def assess(sanction, contact: ContactInHand) -> Finding | None:
    if not on_scoped_matter(sanction, contact.case, contact.different_topic):
        return None
    described = named_or_described(sanction)
    return Finding(
        CheckOutcome.REDIRECTED,
        told(sanction, f"{described}. On this matter: read and file it, with no reply.", described),
        sanction,
    )


def _about(sanction) -> str:
    cases = [f"{c.subject} ({c.reference})" for c in sanction.scope_cases.all()]
    topics = [t.strip() for t in sanction.scope_topics.splitlines() if t.strip()]
    return "; ".join(cases + topics)


def in_english(sanction) -> str:
    about = _about(sanction)
    return (
        f"We will not reply further about: {about}."
        if about
        else "We will not reply further on this matter."
    )


def in_welsh(sanction) -> str:
    about = _about(sanction)
    return (
        f"Ni fyddwn yn ymateb ymhellach ynglŷn â: {about}."
        if about
        else "Ni fyddwn yn ymateb ymhellach ar y mater hwn."
    )


SPEC = SanctionKindSpec(
    kind=KIND,
    parameters=(Parameter("scope_cases", _cases_field), Parameter("scope_topics", _topics_field)),
    describe=named_or_described,
    assess=assess,
    wording={"en": in_english, "cy": in_welsh},
    ending=UNTIL_REVIEWED,
    covers_matters=True,
)
