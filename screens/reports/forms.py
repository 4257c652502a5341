"""Which report: a period by name (a quarter, a month or a year, as the profile's
`reporting_cadence` counts them) or a range of dates, and a scope (the whole organisation,
a service, a team). Read from GET parameters, so a link carries them; a bad parameter is
an error on the form, never a server error."""

from __future__ import annotations

import datetime
import re

from django import forms

from contactpolicy.choices import ReportingCadence
from contactpolicy.forms import GovukDateField, GovukForm
from contactpolicy.models import Service, User
from contactpolicy.roles import MANAGER_ROLES, Role
from screens import access
from screens.reports.model import Period, Scope

# How far back the named periods go: enough for year-on-year comparison of quarters.
YEARS_BACK = 5
# The longest range of dates one report covers.
LONGEST_RANGE = datetime.timedelta(days=366 * YEARS_BACK)
WHOLE_ORGANISATION = "The whole organisation"

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_YEAR = re.compile(r"^(\d{4})$")


def _date_label(start: datetime.date, end: datetime.date) -> str:
    if start.year == end.year:
        return f"{start:%-d %B} to {end:%-d %B %Y}"
    return f"{start:%-d %B %Y} to {end:%-d %B %Y}"


def period_named(code: str) -> Period | None:
    """The quarter ("2026-Q4"), month ("2026-10") or year ("2026") `code` names, or None."""
    if match := _QUARTER.match(code):
        year, quarter = int(match[1]), int(match[2])
        start = datetime.date(year, 3 * quarter - 2, 1)
        end = (start + datetime.timedelta(days=93)).replace(day=1) - datetime.timedelta(days=1)
        months = f"{start:%B} to {end:%B %Y}"
        return Period(start, end, f"Quarter {quarter} of {year}: {months}", code)
    if match := _MONTH.match(code):
        start = datetime.date(int(match[1]), int(match[2]), 1)
        end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        return Period(start, end, f"{start:%B %Y}", code)
    if match := _YEAR.match(code):
        year = int(match[1])
        return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"{year}", code)
    return None


def _period_code(day: datetime.date, cadence: str) -> str:
    if cadence == ReportingCadence.MONTHLY:
        return f"{day:%Y-%m}"
    if cadence == ReportingCadence.ANNUALLY:
        return f"{day.year}"
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def named_periods(cadence: str, today: datetime.date) -> list[Period]:
    """The periods of the cadence from the current one back `YEARS_BACK` years, newest first."""
    periods, day = [], today
    earliest = today.replace(year=today.year - YEARS_BACK)
    while day >= earliest:
        period = period_named(_period_code(day, cadence))
        periods.append(period)
        day = period.start - datetime.timedelta(days=1)
    return periods


def last_complete_period(cadence: str, today: datetime.date) -> Period:
    return named_periods(cadence, today)[1]


PERIOD_LABELS = {
    ReportingCadence.MONTHLY: "Month",
    ReportingCadence.QUARTERLY: "Quarter",
    ReportingCadence.ANNUALLY: "Year",
}
# The GET parameters each field reads: "from" is a Python keyword, so the fields are named
# otherwise, and `period` and `scope` are the form's answers.
PARAMETERS = {"named_period": "period", "start": "from", "end": "to"}


class ReportForm(GovukForm):
    named_period = forms.ChoiceField(label="Quarter", required=False)
    start = GovukDateField(label="From", required=False, help_text="For example, 1 10 2026")
    end = GovukDateField(label="To", required=False, help_text="For example, 31 12 2026")
    service = forms.TypedChoiceField(label="Service", required=False, coerce=int, empty_value=None)
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, *, user, profile, today: datetime.date):
        super().__init__(data)
        self.user, self.profile, self.today = user, profile, today
        self.cadence = getattr(profile, "reporting_cadence", None) or ReportingCadence.QUARTERLY
        self.periods = named_periods(self.cadence, today)
        self.default_period = self.periods[1]
        field = self.fields["named_period"]
        field.label = PERIOD_LABELS[self.cadence]
        field.choices = [
            (p.code, f"{p.label} (so far)" if i == 0 else p.label)
            for i, p in enumerate(self.periods)
        ]
        field.initial = self.default_period.code
        field.error_messages["invalid_choice"] = f"Choose a {field.label.lower()} from the list"
        self.whole = access.may_read_whole_organisation(user)
        if self.whole:
            self.fields["service"].choices = [("", WHOLE_ORGANISATION)] + [
                (s.pk, s.name) for s in Service.objects.order_by("name", "pk")
            ]
            leads = User.objects.filter(
                is_active=True, groups__name__in=[Role(r).label for r in MANAGER_ROLES]
            ).distinct()
            self.fields["team"].choices = [("", "All teams")] + [
                (u.pk, f"{_name(u)}'s team")
                for u in leads.order_by("first_name", "last_name", "pk")
            ]
        else:
            # A line manager reads their own team's report only.
            del self.fields["service"]
            del self.fields["team"]
        for name in ("service", "team"):
            if name in self.fields:
                self.fields[name].error_messages["invalid_choice"] = (
                    f"Choose a {name} from the list"
                )

    def add_prefix(self, field_name: str) -> str:
        return PARAMETERS.get(field_name, field_name)

    def clean(self):
        cleaned = super().clean()
        if self.has_error("start") or self.has_error("end"):
            return cleaned
        start, end = cleaned.get("start"), cleaned.get("end")
        if (start is None) != (end is None):
            missing = "end" if end is None else "start"
            self.add_error(missing, "Enter both dates, or choose a period instead")
        elif start is not None:
            if end < start:
                self.add_error("end", "The end date must be the same as or after the start date")
            elif end - start > LONGEST_RANGE:
                self.add_error("end", f"A report covers at most {YEARS_BACK} years")
            elif start > self.today:
                self.add_error("start", "The start date must be today or in the past")
        if cleaned.get("service") and cleaned.get("team"):
            self.add_error("team", "Choose a service or a team, not both")
        return cleaned

    @property
    def period(self) -> Period:
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start and end:
            return Period(start, end, _date_label(start, end))
        code = self.cleaned_data.get("named_period")
        return period_named(code) if code else self.default_period

    @property
    def scope(self) -> Scope:
        if not self.whole:
            return Scope(f"{_name(self.user)}'s team", team_lead_id=self.user.pk)
        service_id = self.cleaned_data.get("service")
        if service_id:
            return Scope(dict(self.fields["service"].choices)[service_id], service_id=service_id)
        team_id = self.cleaned_data.get("team")
        if team_id:
            return Scope(dict(self.fields["team"].choices)[team_id], team_lead_id=team_id)
        return Scope(WHOLE_ORGANISATION)


def _name(user) -> str:
    return user.get_full_name() or user.username
