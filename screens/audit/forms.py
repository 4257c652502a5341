"""What the audit log is filtered by: who, what, when and which record."""

from __future__ import annotations

from django import forms

from contactpolicy.models import User
from restrictions.models.audit import EVENT_TYPES
from screens.audit.selectors import ACCOUNT, EVENT, EXPORT, NOBODY, PROFILE, AuditFilters
from screens.logs.filters import DateRangeForm

ANYONE = ""


def kind_choices() -> list:
    """Every kind of entry, the casework events by their type (a select's option groups)."""
    return [
        ("", "Everything"),
        (ACCOUNT, "Account changes: staff, roles, password links, second factors"),
        (PROFILE, "Policy profile changes"),
        (EXPORT, "Exports and readings of records"),
        (EVENT, "Every casework event"),
        (
            "Casework events of one type",
            sorted(
                ((f"{EVENT}:{value}", label) for value, label in EVENT_TYPES.items()),
                key=lambda choice: choice[1],
            ),
        ),
    ]


class AuditFilterForm(DateRangeForm):
    field_order = ["who", "kind", "record", "from", "to"]

    who = forms.ChoiceField(label="Who", choices=[], required=False)
    kind = forms.ChoiceField(label="What", choices=[], required=False)
    record = forms.CharField(
        label="Record",
        required=False,
        max_length=50,
        help_text="A customer, case or decision reference, a username, or a profile's short "
        "identifier. For example, CUS-2026-000012.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every member of staff, past and present (one query).
        people = User.objects.order_by("first_name", "last_name", "username").values_list(
            "pk", "first_name", "last_name", "username"
        )
        self.fields["who"].choices = [
            (ANYONE, "Anyone"),
            (NOBODY, "The application itself"),
            *[
                (str(pk), f"{first} {last}".strip() or username)
                for pk, first, last, username in people
            ],
        ]
        self.fields["kind"].choices = kind_choices()

    def audit_filters(self) -> AuditFilters | None:
        """The filters to apply, or None while the form has errors."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        who = data["who"]
        return AuditFilters(
            start=data["from"],
            end=data["to"],
            actor=NOBODY if who == NOBODY else (int(who) if who else None),
            kind=data["kind"],
            record=data["record"].strip(),
        )

    def chosen_words(self) -> list[str]:
        words = []
        data = self.cleaned_data
        if data.get("who"):
            words.append(f"by {dict(self.fields['who'].choices)[data['who']]}")
        if data.get("kind"):
            words.append(dict(_flatten(self.fields["kind"].choices)).get(data["kind"], ""))
        if data.get("record"):
            words.append(f"about {data['record'].strip()}")
        return words


def _flatten(choices):
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield value, label
