"""Exclusion from buildings, for a time or permanently (Tamworth §8). Whether to seek a
court injunction to support it is a later decision of its own (`InjunctionDecision`,
`restrictions.injunction_services`), not part of the exclusion's proposal."""

from datetime import date

from django import forms

from contactpolicy.choices import Channel, SanctionKind
from contactpolicy.forms import GovukDateField
from contactpolicy.wording import long_date
from restrictions.models import CheckOutcome
from restrictions.sanctions import base

KIND = SanctionKind.BUILDING_EXCLUSION


def _buildings_field(context: base.FieldContext) -> forms.Field:
    return base.textarea("Buildings", "One a line.", rows=3)


def _ends_on_field(context: base.FieldContext) -> forms.Field:
    ends_on = GovukDateField(
        label="Exclusion ends on", help_text="For example, 31 3 2027", required=False
    )
    ends_on.error_subject = "the date the exclusion ends"
    return ends_on


def _permanent_field(context: base.FieldContext) -> forms.Field:
    return forms.BooleanField(label="The exclusion is permanent", required=False)


def check(values: dict, *, today: date) -> dict[str, str]:
    """Its end: a date in the future or permanent, not both."""
    ends_on, permanent = values.get("ends_on"), values.get("permanent", False)
    if ends_on and permanent:
        return {"ends_on": "Enter an end date or choose permanent, not both"}
    if ends_on and ends_on <= today:
        return {"ends_on": "The exclusion must end in the future"}
    if not ends_on and not permanent:
        return {"ends_on": "Enter the date the exclusion ends, or choose permanent"}
    return {}


def describe(sanction) -> str:
    until = (
        "permanently"
        if sanction.permanent
        else (f"until {sanction.ends_on:%-d %B %Y}" if sanction.ends_on else "")
    )
    return f"Excluded from {sanction.buildings or 'our buildings'} {until}".strip()


def assess(sanction, contact: base.ContactInHand) -> base.Finding | None:
    if contact.channel != Channel.VISIT:
        return None
    described = describe(sanction)
    return base.told_finding(
        CheckOutcome.BREACH,
        sanction,
        f"{described}. Ask the person to leave. The breach is recorded and the "
        "exclusion will be reviewed, and may be extended.",
        described,
    )


WORDS = {
    "en": {
        "buildings": "our buildings",
        "permanently": " permanently",
        "until": " until {}",
        "sentence": "You must not enter {where}{until}. If you do, you will be asked to leave.",
        "permanent": "The exclusion is permanent.",
        "lasts": "The exclusion lasts until {}.",
    },
    "cy": {
        "buildings": "ein hadeiladau",
        "permanently": " yn barhaol",
        "until": " tan {}",
        "sentence": "Ni chewch ddod i {where}{until}. Os dewch, gofynnir i chi adael.",
        "permanent": "Mae'r gwaharddiad yn barhaol.",
        "lasts": "Mae'r gwaharddiad yn para tan {}.",
    },
}


def _how_long(sanction, language: str, permanent: str, until: str) -> str:
    """`permanent`, or `until` with the end date, or nothing while neither is set."""
    if sanction.permanent:
        return permanent
    if sanction.ends_on:
        return until.format(long_date(sanction.ends_on, language))
    return ""


def _sentence(sanction, language: str, words) -> str:
    where = sanction.buildings.strip() or words["buildings"]
    until = _how_long(sanction, language, words["permanently"], words["until"])
    return words["sentence"].format(where=where, until=until)


def _lasts(sanction, language: str, words) -> str:
    return _how_long(sanction, language, words["permanent"], words["lasts"])


def _ended(sanction) -> str:
    return f"The exclusion from {sanction.buildings.strip() or 'our buildings'}"


SPEC = base.SanctionKindSpec(
    kind=KIND,
    parameters=(
        base.Parameter(
            "buildings",
            _buildings_field,
            required=True,
            missing="Enter the buildings the customer is excluded from",
        ),
        base.Parameter("ends_on", _ends_on_field),
        base.Parameter("permanent", _permanent_field),
    ),
    describe=describe,
    assess=assess,
    wording=base.in_every_language(WORDS, _sentence),
    ending=base.Ending(
        ended=_ended,
        lasts=base.in_every_language(WORDS, _lasts),
        exclusion=True,
    ),
    check=check,
)
