"""What a log is filtered by: a date range and each log's own choices, as forms and as the
plain values the row queries and the CSV writers take."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from django import forms

from cases.models import Direction
from contactpolicy.choices import Channel, ContactKind
from contactpolicy.forms import GovukDateField, GovukDateWidget, GovukForm
from contactpolicy.selectors import services_offered


@dataclass(frozen=True)
class LogFilters:
    """One log's filters. Dates are local days, both included; `team_lead_id` limits the
    log to the records of that manager's team and their own."""

    start: datetime.date | None = None
    end: datetime.date | None = None
    team_lead_id: int | None = None
    channel: str = ""
    direction: str = ""
    kind: str = ""
    service_id: int | None = None

    def as_record(self) -> dict:
        """The filters in use, as the export record keeps them."""
        chosen = {}
        for key, value in asdict(self).items():
            if value in (None, ""):
                continue
            chosen[key] = value.isoformat() if isinstance(value, datetime.date) else value
        return chosen


def date_range_widget() -> GovukDateWidget:
    """The GOV.UK date input, its boxes named `<field>-day`, `-month` and `-year`."""
    widget = GovukDateWidget()
    widget.widgets_names = ["-day", "-month", "-year"]
    return widget


def _date(label: str, subject: str, example: str) -> GovukDateField:
    field = GovukDateField(
        label=label, required=False, widget=date_range_widget(), help_text=example
    )
    field.error_subject = subject
    return field


class DateRangeForm(GovukForm):
    """From and to, both optional, both included."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and end < start:
            self.add_error("to", "The end date must be the same as or after the start date")
        return cleaned

    def log_filters(self, team_lead_id: int | None = None) -> LogFilters | None:
        """The filters to apply, or None while the form has errors."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return LogFilters(
            start=data["from"], end=data["to"], team_lead_id=team_lead_id, **self.own_filters()
        )

    def own_filters(self) -> dict:
        return {}

    def chosen_words(self) -> list[str]:
        """The log's own filters in use, as "Kind: Media enquiries only"."""
        words = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name) if name not in ("from", "to") else None
            if value and isinstance(field, forms.ChoiceField):
                words.append(f"{field.label}: {dict(field.choices)[value]}")
        return words


# "from" is a Python keyword, so the dates cannot be declared in the class body; the forms
# below inherit them from here, first.
for _name, _field in (
    ("from", _date("From", "the start date", "For example, 1 10 2026")),
    ("to", _date("To", "the end date", "For example, 31 12 2026")),
):
    DateRangeForm.declared_fields[_name] = DateRangeForm.base_fields[_name] = _field


DIRECTION_CHOICES = [
    ("", "In and out"),
    (Direction.INCOMING, "Contacts in"),
    (Direction.OUTGOING, "Contacts sent and replies out"),
]


class MailLogFilterForm(DateRangeForm):
    channel = forms.ChoiceField(
        label="Channel", choices=[("", "Every channel"), *Channel.choices], required=False
    )
    direction = forms.ChoiceField(label="Direction", choices=DIRECTION_CHOICES, required=False)
    kind = forms.ChoiceField(
        label="Kind",
        choices=[
            ("", "Every kind"),
            *[
                (value, "Media enquiries only" if value == ContactKind.MEDIA else label)
                for value, label in ContactKind.choices
            ],
        ],
        required=False,
    )

    def own_filters(self) -> dict:
        data = self.cleaned_data
        return {"channel": data["channel"], "direction": data["direction"], "kind": data["kind"]}


class HateIncidentsFilterForm(DateRangeForm):
    service = forms.ChoiceField(label="Service", choices=[], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [
            ("", "Every service"),
            *[(str(service.pk), service.name) for service in services_offered()],
        ]

    def own_filters(self) -> dict:
        service = self.cleaned_data["service"]
        return {"service_id": int(service) if service else None}
