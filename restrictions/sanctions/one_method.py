"""One contact method only (BTPA §8, written correspondence, 1)."""

from django import forms

from contactpolicy.choices import Channel, SanctionKind
from contactpolicy.wording import by_channel
from restrictions.models import CheckOutcome
from restrictions.sanctions import base

KIND = SanctionKind.ONE_METHOD

# Contact in person or by voice: nothing arrives to read and file.
SPOKEN_CHANNELS = {Channel.TELEPHONE, Channel.VISIT}


def _channel_field(context: base.FieldContext) -> forms.Field:
    return forms.ChoiceField(
        label="The one contact method allowed",
        choices=[("", "Choose a method"), *Channel.choices],
        required=False,
        # The method the profile's policy names by default, if it names one
        # (BTPA §8, written correspondence, 1: "by default, will be by post").
        initial=context.sanction_type.default_channel or None,
    )


def describe(sanction) -> str:
    if sanction.channel:
        return f"Contact by {sanction.get_channel_display().lower()} only"
    return base.named_or_described(sanction)


def assess(sanction, contact: base.ContactInHand) -> base.Finding | None:
    channel = contact.channel
    if not sanction.channel or channel == sanction.channel:
        return None
    described = describe(sanction)
    method = sanction.get_channel_display().lower()
    if channel in SPOKEN_CHANNELS:
        # Nothing to read and file, and no termination script: that belongs to
        # telephone restrictions, and this one limits the channel, not the calls.
        telephone = channel == Channel.TELEPHONE
        caller = "caller" if telephone else "visitor"
        return base.Finding(
            CheckOutcome.BREACH,
            f"{described}. Do not discuss the matter: tell the {caller} that we deal with "
            f"them by {method} only"
            + (", then end the call." if telephone else f", and to get in touch by {method}."),
            sanction,
        )
    return base.told_finding(
        CheckOutcome.BREACH,
        sanction,
        f"{described}. Do not engage: read and file it, and tell the customer the "
        f"permitted method is {method}.",
        described,
        f"The permitted method is {method}",
    )


def in_english(sanction) -> str:
    way = by_channel(sanction.channel, "en")
    return f"You may contact us only {way}. We will not respond to contact made in any other way."


def in_welsh(sanction) -> str:
    way = by_channel(sanction.channel, "cy")
    return (
        f"Dim ond {way} y cewch gysylltu â ni. Ni fyddwn yn ymateb i gysylltiad mewn ffordd arall."
    )


SPEC = base.SanctionKindSpec(
    kind=KIND,
    parameters=(
        base.Parameter(
            "channel",
            _channel_field,
            required=True,
            missing="Choose the one contact method allowed",
        ),
    ),
    describe=describe,
    assess=assess,
    wording=base.wording_needing("channel", en=in_english, cy=in_welsh),
    only_channel=True,
)
