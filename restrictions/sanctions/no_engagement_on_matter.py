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


SPEC = base.SanctionKindSpec(
    kind=KIND,
    parameters=(
        base.Parameter("scope_cases", _cases_field),
        base.Parameter("scope_topics", _topics_field),
    ),
    assess=assess,
    wording={"en": in_english, "cy": in_welsh},
    covers_matters=True,
)
