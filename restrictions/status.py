"""The one status of a customer's restriction on a day: what the sanctions register, its
CSV, the sanction banner and the banner's heading all say.

A case stays "Sanctions in place" until a decision moves it, but its sanctions may not
apply on the day read: a time-limited sanction has ended (DESIGN.md §10: it ends the day
after its end date, and the case waits for a review to lift or continue), or none has
begun yet. Every screen reads `restriction_status`, so none can say "Sanctions in place"
while another says nothing is in force.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from restrictions.enforcement import describe
from restrictions.models import (
    RESTRICTING_STATES,
    RestrictionCase,
    Sanction,
    SanctionStatus,
    Scope,
    Stage,
)


def with_sanction_dates(cases: QuerySet, day: date) -> QuerySet:
    """The cases with what their status reads beside the sanctions in force on `day`:
    when their approved sanctions begin, and the last day one that has ended applied.
    Subqueries of the same query: no query more."""
    approved = Sanction.objects.filter(
        restriction_case=OuterRef("pk"), status=SanctionStatus.ACTIVE
    ).order_by()
    ended = Sanction.objects.filter(
        restriction_case=OuterRef("pk"),
        status__in=[SanctionStatus.ACTIVE, SanctionStatus.ENDED],
        ends_on__lt=day,
    )
    return cases.annotate(
        # When its sanctions begin, for a contact dated before any of them applied.
        sanctions_begin=Subquery(
            approved.filter(starts_on__isnull=False).order_by("starts_on").values("starts_on")[:1]
        ),
        sanction_begins_at_approval=Exists(approved.filter(starts_on__isnull=True)),
        sanctions_ended_on=Subquery(ended.order_by("-ends_on").values("ends_on")[:1]),
    )


def _day(value: date) -> str:
    return f"{value:%-d %B %Y}"


@dataclass(frozen=True)
class RestrictionStatus:
    """Where a restriction case stands on `day`, given the sanctions in force that day."""

    case: RestrictionCase
    sanctions: list[Sanction]
    day: date

    @property
    def disengaged(self) -> bool:
        return self.case.is_disengaged

    @property
    def under_review(self) -> bool:
        return self.case.state == Stage.UNDER_REVIEW

    @property
    def since(self) -> date | None:
        """The day the case was disengaged, sanctioned or warned."""
        case = self.case
        moment = case.disengaged_at if self.disengaged else case.sanctioned_at or case.warned_at
        return timezone.localtime(moment).date() if moment else None

    @property
    def began_on(self) -> date | None:
        """The day the first of the case's approved sanctions applied from."""
        begin = getattr(self.case, "sanctions_begin", None)
        if begin is None or getattr(self.case, "sanction_begins_at_approval", False):
            return self.since
        return max(begin, self.since) if self.since else begin

    @property
    def _sanctions_stage(self) -> bool:
        """Sanctions, not disengagement, are what the case's stage restricts contact by."""
        return self.case.state in RESTRICTING_STATES and not self.disengaged

    @property
    def not_yet(self) -> bool:
        """Sanctions were approved, but none applies until a later day."""
        return (
            self._sanctions_stage
            and not self.sanctions
            and self.began_on is not None
            and self.day < self.began_on
        )

    @property
    def lapsed(self) -> bool:
        """The case is at sanctions, but none is in force any more (one ended by date)."""
        return self._sanctions_stage and not self.sanctions and not self.not_yet

    @property
    def ended_on(self) -> date | None:
        return getattr(self.case, "sanctions_ended_on", None) if self.lapsed else None

    @property
    def restricting(self) -> bool:
        """Contact is checked against the restriction: disengagement or a sanction applies."""
        return self.case.state in RESTRICTING_STATES and (self.disengaged or bool(self.sanctions))

    @property
    def label(self) -> str:
        """The stage as the register, its CSV and the banner's stage row say it."""
        case = self.case
        if self.lapsed:
            ended = f"Sanctions ended on {_day(self.ended_on)}" if self.ended_on else None
            what = ended or "No sanctions in force"
            return f"Under review ({what[0].lower()}{what[1:]})" if self.under_review else what
        if self.not_yet:
            return f"Sanctions from {_day(self.began_on)}"
        if self.under_review and case.state_before_review:
            return f"Under review ({Stage(case.state_before_review).label.lower()})"
        return case.get_state_display()

    @property
    def nothing_applies(self) -> str:
        """What is said when no sanction or disengagement applies on the day."""
        if self.not_yet:
            return f"Nothing yet: the sanctions apply from {_day(self.began_on)}."
        if self.lapsed:
            ended = (
                f"Nothing: the sanctions ended on {_day(self.ended_on)}"
                if self.ended_on
                else "No sanctions are in force"
            )
            return f"{ended}. Deal with the contact as usual; the restriction is to be reviewed."
        return (
            "No sanctions are in force: deal with the contact as usual, and record an incident "
            "if the behaviour continues."
        )

    @property
    def applies(self) -> list[str]:
        """What applies, one line each: disengagement, then each sanction in force."""
        lines = []
        if self.disengaged:
            partial = self.case.scope == Scope.PARTIAL
            lines.append("Disengaged on some topics" if partial else "Disengaged from all contact")
        lines.extend(describe(sanction) for sanction in self.sanctions)
        return lines or [self.nothing_applies]

    @property
    def heading(self) -> str:
        """The banner's heading."""
        suffix = " (under review: it stays in force)" if self.under_review else ""
        if self.case.state == Stage.WARNED:
            return "This customer has been warned about their behaviour"
        if self.disengaged:
            what = "on some topics" if self.case.scope == Scope.PARTIAL else "from all contact"
            return f"We have disengaged from this customer {what}{suffix}"
        if self.lapsed:
            ended = f" on {_day(self.ended_on)}" if self.ended_on else ""
            review = " (under review)" if self.under_review else ""
            return f"This customer's sanctions have ended{ended}{review}"
        return f"This customer's contact is restricted{suffix}"


def restriction_status(
    case: RestrictionCase, sanctions: list[Sanction], day: date
) -> RestrictionStatus:
    """The case's status on `day`, from the sanctions in force that day (`sanctions_in_force`)
    and a case read through `with_sanction_dates` for the same day."""
    return RestrictionStatus(case=case, sanctions=list(sanctions), day=day)
