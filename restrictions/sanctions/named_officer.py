"""One named officer or single point of contact, with an optional deputy (BTPA §8)."""

from django import forms

from contactpolicy.choices import Channel, SanctionKind
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


def _by_email(sanction) -> bool:
    """Whether the arrangements are to reach the officer by email: another sanction of the
    same decision allows email only. Otherwise a letter gives no member of staff's own
    address: the customer may be restricted for how they treated staff, and an address a
    letter gives is one they are invited to use."""
    decision = getattr(sanction, "decision", None)
    if decision is None or not getattr(decision, "pk", None):
        return False
    return any(
        other.kind == SanctionKind.ONE_METHOD and other.channel == Channel.EMAIL
        for other in decision.sanctions.all()
    )


def _person(user, language: str, by_email: bool) -> str:
    """A named officer as the letter names them: their name and title, and their email
    address only where the customer is to reach them by email."""
    name = user.get_full_name() or user.username
    title = f", {user.job_title}" if getattr(user, "job_title", "") else ""
    email = ""
    if by_email and user.email:
        email = f" (e-bost: {user.email})" if language == "cy" else f" (email: {user.email})"
    return f"{name}{title}{email}"


def in_english(sanction) -> str:
    by_email = _by_email(sanction)
    deputy = (
        f" When they are away, contact {_person(sanction.deputy, 'en', by_email)}."
        if sanction.deputy
        else ""
    )
    officer = _person(sanction.officer, "en", by_email)
    return (
        f"You may contact only {officer}.{deputy} Contact with anyone else will be passed to them."
    )


def _with(person: str) -> str:
    """Welsh "with": "â", or "ag" before a vowel ("ag Owain")."""
    return f"ag {person}" if person[:1].lower() in "aeiouwyâêîôûŵŷ" else f"â {person}"


def in_welsh(sanction) -> str:
    by_email = _by_email(sanction)
    deputy = (
        f" Pan na fyddant ar gael, cysylltwch {_with(_person(sanction.deputy, 'cy', by_email))}."
        if sanction.deputy
        else ""
    )
    officer = _person(sanction.officer, "cy", by_email)
    # The title is set off by commas before the verb: "â Rhian Pugh, Swyddog, y cewch".
    if "," in officer:
        officer += ","
    return f"Dim ond {_with(officer)} y cewch gysylltu.{deputy} Bydd cysylltiad ag unrhyw un arall yn cael ei drosglwyddo iddynt."


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
