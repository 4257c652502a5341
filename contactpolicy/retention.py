"""The retention schedule: how long each kind of record is kept, and from when.

The one home of the schedule's data is the profile's `RetentionPeriod` rows; every reader
(the retention sweep, the "what we hold" page) asks `retention_schedule`. A kind the profile
sets no period for is kept: nothing is forgotten without a rule an administrator can read.
"""

from dataclasses import dataclass
from datetime import datetime

from contactpolicy.models import PolicyProfile, RetentionKind, RetentionTrigger


@dataclass(frozen=True)
class Period:
    """How long one kind of record is kept: `years` after the event `runs_from`, or
    forever when `years` is None (the profile sets no period for it)."""

    kind: RetentionKind
    years: int | None
    runs_from: RetentionTrigger | None
    source: str = ""

    @property
    def is_set(self) -> bool:
        return self.years is not None

    @property
    def description(self) -> str:
        if self.years is None:
            return "Kept: no retention period is set"
        unit = "year" if self.years == 1 else "years"
        return (
            f"{self.years} {unit} after {self.runs_from.label[0].lower()}{self.runs_from.label[1:]}"
        )

    def cutoff(self, now: datetime) -> datetime | None:
        """The latest moment the event may have happened for the records to be past their
        date on `now`; None when the kind is kept. A 29 February falls back a day."""
        if self.years is None:
            return None
        try:
            return now.replace(year=now.year - self.years)
        except ValueError:
            return now.replace(year=now.year - self.years, day=28)


def retention_schedule(profile: PolicyProfile | None) -> dict[RetentionKind, Period]:
    """Every record kind with its period and the event it runs from, in the schedule's
    order. Reads `profile.retention_periods.all()`, so a prefetch is honoured (one query,
    or none). With no profile, every kind is kept."""
    rows = {row.kind: row for row in profile.retention_periods.all()} if profile else {}
    schedule = {}
    for kind in RetentionKind:
        row = rows.get(kind.value)
        schedule[kind] = (
            Period(kind, row.years, RetentionTrigger(row.runs_from), row.source)
            if row
            else Period(kind, None, None)
        )
    return schedule
