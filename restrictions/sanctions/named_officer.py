"""One named officer or single point of contact, with an optional deputy (BTPA §8)."""

from django import forms

from contactpolicy.choices import SanctionKind
from restrictions.models import CheckOutcome
from restrictions.sanctions import base

KIND = SanctionKind.NAMED_OFFICER


def _staff_field(label: str, help_text: str = ""):
    def build(context: base.FieldContext) -> forms.Field:
        return forms.ChoiceField(
            label=label,
            help_text=help_text,
            choices=[("", "Choose a member of staff"), *context.staff_choices],
            required=False,
            error_messages={"invalid_choice": "Choose an active member of staff"},
        )

    return build


def describe(sanction) -> str:
    if not sanction.officer:
        return base.named_or_described(sanction)
    deputy = f" (deputy: {sanction.deputy})" if sanction.deputy else ""
    return f"Contact with {sanction.officer} only{deputy}"


def assess(sanction, contact: base.ContactInHand) -> base.Finding | None:
    if not sanction.officer:
        return None
    described = describe(sanction)
    officer = contact.officer
    if officer is not None and officer.pk == sanction.officer_id:
        return base.Finding(
            CheckOutcome.PERMITTED, f"{described}: you are the named officer.", sanction
        )
    if officer is not None and officer.pk == sanction.deputy_id:
        return base.Finding(
            CheckOutcome.PERMITTED,
            f"{described}: you are the deputy. Deal with it only when {sanction.officer} "
            "is away, and tell them about it when they are back; otherwise transfer it to "
            f"{sanction.officer}.",
            sanction,
        )
    return base.told_finding(
        CheckOutcome.REDIRECTED,
        sanction,
        f"{described}. Transfer the contact to {sanction.officer}.",
        described,
        f"Transfer the contact to {sanction.officer}",
    )


def _person(user, language: str) -> str:
    """A named officer with how to reach them: their name, title and email address."""
    name = user.get_full_name() or user.username
    title = f", {user.job_title}" if getattr(user, "job_title", "") else ""
    email = (
        (f" (e-bost: {user.email})" if language == "cy" else f" (email: {user.email})")
        if user.email
        else ""
    )
    return f"{name}{title}{email}"


def in_english(sanction) -> str:
    deputy = (
        f" When they are away, contact {_person(sanction.deputy, 'en')}." if sanction.deputy else ""
    )
    return f"You may contact only {_person(sanction.officer, 'en')}.{deputy} Contact with anyone else will be passed to them."


def in_welsh(sanction) -> str:
    deputy = (
        f" Pan na fydd ar gael, cysylltwch â {_person(sanction.deputy, 'cy')}."
        if sanction.deputy
        else ""
    )
    return f"Dim ond â {_person(sanction.officer, 'cy')} y cewch gysylltu.{deputy} Bydd cysylltiad â staff eraill yn cael ei drosglwyddo iddynt."


SPEC = base.SanctionKindSpec(
    kind=KIND,
    parameters=(
        base.Parameter(
            "officer",
            _staff_field("Named officer"),
            required=True,
            missing="Choose the named officer",
            personal=True,
        ),
        base.Parameter(
            "deputy",
            _staff_field("Deputy (optional)", "Who takes the contact when they are away."),
            personal=True,
        ),
    ),
    describe=describe,
    assess=assess,
    wording=base.wording_needing("officer", en=in_english, cy=in_welsh),
    transfers_to_officer=True,
)
