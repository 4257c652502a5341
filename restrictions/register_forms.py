"""The sanctions register's filters."""

from django import forms

from contactpolicy.forms import GovukForm
from restrictions.register_selectors import STAGE_CHOICES, sanction_kinds_in_catalogue


class RegisterFilterForm(GovukForm):
    q = forms.CharField(
        label="Name or customer reference",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )
    stage = forms.ChoiceField(
        label="Stage", choices=[("", "Any stage"), *STAGE_CHOICES], required=False
    )
    kind = forms.ChoiceField(label="Sanction in force", choices=[], required=False)
    overdue = forms.BooleanField(label="Only reviews that are overdue", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Any sanction"), *sanction_kinds_in_catalogue()]

    def filters(self) -> dict:
        """The filters to apply: none of an invalid form's values are trusted."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"],
            "stage": data["stage"],
            "kind": data["kind"],
            "overdue": data["overdue"],
        }

    def selected(self) -> list[dict]:
        """The filters in use, each with the query-string key that removes it."""
        if not self.is_valid():
            return []
        data = self.cleaned_data
        chosen = []
        if data["q"]:
            chosen.append({"heading": "Name or reference", "text": data["q"], "key": "q"})
        if data["stage"]:
            label = dict(self.fields["stage"].choices)[data["stage"]]
            chosen.append({"heading": "Stage", "text": label, "key": "stage"})
        if data["kind"]:
            label = dict(self.fields["kind"].choices)[data["kind"]]
            chosen.append({"heading": "Sanction in force", "text": label, "key": "kind"})
        if data["overdue"]:
            chosen.append({"heading": "Review", "text": "Overdue", "key": "overdue"})
        return chosen
