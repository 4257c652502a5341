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


WORDS = {
    "en": {"agreement": "The written agreement about your contact with us", "signed": "signed"},
    "cy": {"agreement": "Y cytundeb ysgrifenedig am gysylltu â ni", "signed": "llofnodwyd"},
}


def _sentence(sanction, language: str, words) -> str:
    signed = (
        f" ({words['signed']} {long_date(sanction.agreement_signed_on, language)})"
        if sanction.agreement_signed_on
        else ""
    )
    terms = sanction.agreed_terms.strip()
    return f"{words['agreement']}{signed}: {terms}" if terms else f"{words['agreement']}{signed}."


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
    wording=base.in_every_language(WORDS, _sentence),
)
