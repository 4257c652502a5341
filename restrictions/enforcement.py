"""What staff must do when a restricted customer makes contact (DESIGN.md §5).

`assess` is a plain function of the sanctions in force and the contact in hand: it says,
for each sanction that bears on the contact, whether the contact is permitted, to be
redirected, or a breach, and the exact instruction, before anyone engages. The BTPA
termination script is given word for word where the profile has one. What each kind of
sanction says is its module's in `restrictions.sanctions`.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from contactpolicy.choices import Channel
from restrictions.models import CheckOutcome, RestrictionCase, Scope
from restrictions.sanctions import CATALOGUE
from restrictions.sanctions.base import ContactInHand, Finding, on_scoped_matter


@dataclass
class Assessment:
    """The banner: what applies and what to do, worst first."""

    case: RestrictionCase
    findings: list[Finding] = field(default_factory=list)
    script: str = ""

    @property
    def outcome(self) -> str:
        outcomes = {f.outcome for f in self.findings}
        for outcome in (CheckOutcome.BREACH, CheckOutcome.REDIRECTED):
            if outcome in outcomes:
                return outcome
        return CheckOutcome.PERMITTED

    @property
    def read_script(self) -> bool:
        return bool(self.script) and any(f.read_script for f in self.findings)

    @property
    def instruction(self) -> str:
        return "\n".join(f.instruction for f in self.findings)


def describe(sanction) -> str:
    """What the sanction is, in a line staff can read aloud."""
    return CATALOGUE[sanction.kind].describe(sanction)


def assess_sanction(
    sanction,
    *,
    channel: str,
    moment: datetime,
    officer,
    case,
    sender: str,
    different_topic: bool,
    duration_minutes: int | None = None,
) -> Finding | None:
    """What one sanction says about the contact in hand, or None if it does not bear on it."""
    contact = ContactInHand(
        channel=channel,
        moment=moment,
        officer=officer,
        case=case,
        sender=sender,
        different_topic=different_topic,
        duration_minutes=duration_minutes,
    )
    return CATALOGUE[sanction.kind].assess(sanction, contact)


def assess(
    case: RestrictionCase,
    sanctions,
    *,
    channel: str,
    moment: datetime | None = None,
    officer=None,
    contact_case=None,
    sender: str = "",
    different_topic: bool = False,
    duration_minutes: int | None = None,
    script: str = "",
) -> Assessment:
    """The instructions for a contact from a customer whose restriction case is `case`.

    `duration_minutes` is a call's logged length, when known: a call longer than a
    sanction's time limit is a breach of it.
    """
    moment = moment or timezone.now()
    assessment = Assessment(case=case, script=script)
    if case.is_disengaged:
        partial = case.scope == Scope.PARTIAL
        if partial and (different_topic or not on_scoped_matter(case, contact_case, False)):
            assessment.findings.append(
                Finding(
                    CheckOutcome.PERMITTED,
                    "Disengaged on some topics only; this contact is on a different topic, so deal with it as usual.",
                )
            )
        else:
            what = (
                f" on: {case.scope_topics.strip()}" if partial and case.scope_topics.strip() else ""
            )
            assessment.findings.append(
                Finding(
                    CheckOutcome.BREACH,
                    f"We have disengaged from this customer{what}. Do not engage or reply: read "
                    "and file it, unless the disengagement notice needs to be repeated."
                    + (
                        " Read the script and end the call." if channel == Channel.TELEPHONE else ""
                    ),
                    read_script=channel == Channel.TELEPHONE,
                )
            )
    for sanction in sanctions:
        finding = assess_sanction(
            sanction,
            channel=channel,
            moment=moment,
            officer=officer,
            case=contact_case,
            sender=sender,
            different_topic=different_topic,
            duration_minutes=duration_minutes,
        )
        if finding is not None:
            assessment.findings.append(finding)
    order = {CheckOutcome.BREACH: 0, CheckOutcome.REDIRECTED: 1, CheckOutcome.PERMITTED: 2}
    assessment.findings.sort(key=lambda f: order[f.outcome])
    return assessment
