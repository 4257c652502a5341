"""A written or voluntary agreement about contact: its text and the date it was signed
(Natural England Annex B, 4; Tamworth §8 "voluntary agreement")."""

from django import forms

from contactpolicy.choices import SanctionKind
from contactpolicy.forms import GovukDateField
from contactpolicy.wording import long_date
from restrictions.sanctions import base

KIND = SanctionKind.WRITTEN_AGREEMENT


def _terms_field(context: base.FieldContext) -> forms.Field:
    return base.textarea("Terms of the agreement")


def _signed_on_field(context: base.FieldContext) -> forms.Field:
    return GovukDateField(
        label="Date the customer signed the agreement (optional)",
        help_text="Leave empty until it is signed. For example, 3 2 2027",
        required=False,
    )


def describe(sanction) -> str:
    if sanction.agreement_signed_on:
        return f"{sanction.sanction_type.name.rstrip('.')}, signed {sanction.agreement_signed_on:%-d %B %Y}"
    return base.named_or_described(sanction)


def assess(sanction, contact: base.ContactInHand) -> base.Finding | None:
    return base.as_written(sanction, describe(sanction))


def _signed(sanction, language: str) -> str:
    if not sanction.agreement_signed_on:
        return ""
    word = "llofnodwyd" if language == "cy" else "signed"
    return f" ({word} {long_date(sanction.agreement_signed_on, language)})"


def in_english(sanction) -> str:
    signed, terms = _signed(sanction, "en"), sanction.agreed_terms.strip()
    return (
        f"The written agreement about your contact with us{signed}: {terms}"
        if terms
        else f"The written agreement about your contact with us{signed}."
    )


def in_welsh(sanction) -> str:
    signed, terms = _signed(sanction, "cy"), sanction.agreed_terms.strip()
    return (
        f"Y cytundeb ysgrifenedig am gysylltu â ni{signed}: {terms}"
        if terms
        else f"Y cytundeb ysgrifenedig am gysylltu â ni{signed}."
    )


SPEC = base.SanctionKindSpec(
    kind=KIND,
    parameters=(
        base.Parameter(
            "agreed_terms",
            _terms_field,
            required=True,
            missing="Enter the terms of the agreement",
        ),
        base.Parameter("agreement_signed_on", _signed_on_field),
    ),
    describe=describe,
    assess=assess,
    wording={"en": in_english, "cy": in_welsh},
)
