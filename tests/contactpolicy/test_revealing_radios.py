"""Radios that reveal more questions name the block they reveal, so templates never
compare an option's value with a string."""

from django import forms

from contactpolicy.forms import GovukForm, RevealingRadioSelect


class Channel(GovukForm):
    channel = forms.ChoiceField(
        choices=[("telephone", "Telephone"), ("email", "Email")],
        widget=RevealingRadioSelect(reveals={"telephone": "channel-telephone"}),
    )


def test_only_the_revealing_option_names_its_block():
    options = {option.data["value"]: option.data["reveals"] for option in Channel()["channel"]}
    assert options == {"telephone": "channel-telephone", "email": ""}
