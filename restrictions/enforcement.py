"""What staff must do when a restricted customer makes contact (DESIGN.md §5).

`assess` is a plain function of the sanctions in force and the contact in hand: it says,
for each sanction that bears on the contact, whether the contact is permitted, to be
redirected, or a breach, and the exact instruction, before anyone engages. The BTPA
termination script is given word for word where the profile has one.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from cases import normalise
from contactpolicy.choices import Channel, ReplyRule, SanctionKind
from restrictions.models import CheckOutcome, RestrictionCase, Scope

# Contact in person or by voice: nothing arrives to read and file.
SPOKEN_CHANNELS = {Channel.TELEPHONE, Channel.VISIT}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass
class Finding:
    outcome: str
    instruction: str
    sanction: object | None = None
    read_script: bool = False


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
    kind = sanction.kind
    if kind == SanctionKind.ONE_METHOD and sanction.channel:
        return f"Contact by {sanction.get_channel_display().lower()} only"
    if kind == SanctionKind.NAMED_OFFICER and sanction.officer:
        deputy = f" (deputy: {sanction.deputy})" if sanction.deputy else ""
        return f"Contact with {sanction.officer} only{deputy}"
    if kind == SanctionKind.TELEPHONE_SCHEDULE:
        days = ", ".join(WEEKDAYS[d] for d in sorted(sanction.weekdays)) or "any day"
        window = (
            f" {sanction.window_start:%H:%M}–{sanction.window_end:%H:%M}"
            if sanction.window_start and sanction.window_end
            else ""
        )
        limit = f", at most {sanction.max_minutes} minutes a call" if sanction.max_minutes else ""
        if sanction.max_minutes and not (sanction.weekdays or window):
            return f"Telephone calls of at most {sanction.max_minutes} minutes"
        return f"Telephone on {days}{window}{limit}"
    if kind == SanctionKind.BUILDING_EXCLUSION:
        until = (
            "permanently"
            if sanction.permanent
            else (f"until {sanction.ends_on:%-d %B %Y}" if sanction.ends_on else "")
        )
        excluded = f"Excluded from {sanction.buildings or 'our buildings'} {until}".strip()
        if sanction.injunction_applied_on:
            court = f" at {sanction.injunction_court}" if sanction.injunction_court else ""
            outcome = f": {sanction.injunction_outcome}" if sanction.injunction_outcome else ""
            excluded += (
                f"; injunction applied for{court} on "
                f"{sanction.injunction_applied_on:%-d %B %Y}{outcome}"
            )
        return excluded
    if kind == SanctionKind.THIRD_PARTY and sanction.third_party:
        return f"Contact through {sanction.third_party} only"
    if kind == SanctionKind.SPECIFIED_DATES and sanction.dates:
        return "Contact only on " + ", ".join(sanction.dates)
    if kind == SanctionKind.WRITTEN_AGREEMENT and sanction.agreement_signed_on:
        return f"{sanction.sanction_type.name.rstrip('.')}, signed {sanction.agreement_signed_on:%-d %B %Y}"
    return sanction.description or sanction.sanction_type.name


def _in_window(sanction, moment: datetime) -> bool:
    local = timezone.localtime(moment)
    if sanction.weekdays and local.weekday() not in sanction.weekdays:
        return False
    if sanction.window_start and local.time() < sanction.window_start:
        return False
    return not (sanction.window_end and local.time() >= sanction.window_end)


def _on_scoped_matter(sanction_or_case, case, topic_other: bool) -> bool:
    """Whether the contact is about a matter the restriction covers."""
    if topic_other:
        return False
    scoped_cases = {c.pk for c in sanction_or_case.scope_cases.all()}
    if scoped_cases:
        return case is not None and case.pk in scoped_cases
    return True


def _told(sanction, fallback: str, *lead: str, after: str = "") -> str:
    """What staff are told for this sanction (DESIGN.md §5, third column).

    The profile's own instruction for this kind of sanction, where its catalogue sets one,
    after the particulars of this sanction (`lead`: the officer, the channel, the
    identifier) and before anything that must follow it (`after`); otherwise the
    product's general wording (`fallback`).
    """
    own = (sanction.sanction_type.staff_instruction or "").strip()
    if not own:
        return fallback
    return _sentences(*lead, own, after)


def replies_at_outcome_only(sanction) -> bool:
    """Under this read-and-file sanction, a reply is sent only once the matter has reached
    an outcome (BTPA §8, written correspondence, mechanism 3), so new information does not
    start a reply clock. The rule is the sanction type's, set in the profile with its
    source; the others reply to new information or a new complaint (OPCC, IPCC §6)."""
    return (
        sanction.kind == SanctionKind.READ_AND_FILE
        and sanction.sanction_type.reply_rule == ReplyRule.AT_OUTCOME
    )


READ_AND_FILE_AT_OUTCOME = (
    "Read and file: log it and read it; no acknowledgement or reply is sent until the matter "
    "has reached an outcome. Mark any safeguarding concern, and a manager is told."
)
READ_AND_FILE_NEW_INFORMATION = (
    "Read and file: log it; no acknowledgement or reply is sent unless it contains new "
    "information or a new complaint. Tell a manager of any safeguarding concern."
)


def _telephone(sanction, *, moment: datetime, duration_minutes: int | None) -> Finding:
    """A call under a telephone restriction: outside its days and times, longer than its
    limit (OPCC: "place time limits on telephone conversations"; BTPA §8 telephone
    mechanism 2), or permitted. A limit may stand alone, without days or times."""
    described = describe(sanction)
    if not _in_window(sanction, moment):
        return Finding(
            CheckOutcome.BREACH,
            _told(
                sanction,
                f"{described}. This call is outside the agreed times: read the script and end "
                "the call.",
                described,
                "This call is outside the agreed times",
            ),
            sanction,
            read_script=True,
        )
    limit = sanction.max_minutes
    if limit and duration_minutes is not None and duration_minutes > limit:
        return Finding(
            CheckOutcome.BREACH,
            _told(
                sanction,
                f"{described}. This call lasted {duration_minutes} minutes, longer than the "
                f"{limit}-minute limit: end calls when the limit is reached.",
                described,
                f"This call lasted {duration_minutes} minutes, longer than the {limit}-minute "
                "limit",
            ),
            sanction,
        )
    scheduled = sanction.weekdays or sanction.window_start or sanction.window_end
    within = "This call is within the agreed times." if scheduled else ""
    end = f" End the call after {limit} minutes." if limit else ""
    text = f"{described}. {within}{end}".replace(".  ", ". ").strip()
    if not scheduled:
        # A limit on its own: the profile's instruction is about the limit, so it applies.
        text = _told(sanction, text, described, f"End the call after {limit} minutes")
    return Finding(CheckOutcome.PERMITTED, text, sanction)


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
    kind = sanction.kind
    described = describe(sanction)
    telephone = channel == Channel.TELEPHONE
    if kind == SanctionKind.ONE_METHOD and sanction.channel and channel != sanction.channel:
        method = sanction.get_channel_display().lower()
        if channel in SPOKEN_CHANNELS:
            # Nothing to read and file, and no termination script: that belongs to
            # telephone restrictions, and this one limits the channel, not the calls.
            caller = "caller" if telephone else "visitor"
            return Finding(
                CheckOutcome.BREACH,
                f"{described}. Do not discuss the matter: tell the {caller} that we deal with "
                f"them by {method} only"
                + (", then end the call." if telephone else f", and to get in touch by {method}."),
                sanction,
            )
        return Finding(
            CheckOutcome.BREACH,
            _told(
                sanction,
                f"{described}. Do not engage: read and file it, and tell the customer the "
                f"permitted method is {method}.",
                described,
                f"The permitted method is {method}",
            ),
            sanction,
        )
    if kind == SanctionKind.NAMED_OFFICER and sanction.officer:
        if officer is not None and officer.pk == sanction.officer_id:
            return Finding(
                CheckOutcome.PERMITTED, f"{described}: you are the named officer.", sanction
            )
        if officer is not None and officer.pk == sanction.deputy_id:
            return Finding(
                CheckOutcome.PERMITTED,
                f"{described}: you are the deputy. Deal with it only when {sanction.officer} "
                "is away, and tell them about it when they are back; otherwise transfer it to "
                f"{sanction.officer}.",
                sanction,
            )
        return Finding(
            CheckOutcome.REDIRECTED,
            _told(
                sanction,
                f"{described}. Transfer the contact to {sanction.officer}.",
                described,
                f"Transfer the contact to {sanction.officer}",
            ),
            sanction,
        )
    if kind == SanctionKind.TELEPHONE_SCHEDULE and telephone:
        return _telephone(sanction, moment=moment, duration_minutes=duration_minutes)
    if kind == SanctionKind.CALLS_RECORDED and telephone:
        return Finding(
            CheckOutcome.PERMITTED,
            _told(
                sanction,
                "Start recording the call, or fetch a colleague to listen, before you engage.",
            ),
            sanction,
        )
    if kind == SanctionKind.READ_AND_FILE:
        fallback = (
            READ_AND_FILE_AT_OUTCOME
            if replies_at_outcome_only(sanction)
            else READ_AND_FILE_NEW_INFORMATION
        )
        return Finding(CheckOutcome.PERMITTED, _told(sanction, fallback), sanction)
    if kind == SanctionKind.NO_ENGAGEMENT_ON_MATTER:
        if _on_scoped_matter(sanction, case, different_topic):
            return Finding(
                CheckOutcome.REDIRECTED,
                _told(
                    sanction,
                    f"{described}. On this matter: read and file it, with no reply.",
                    described,
                ),
                sanction,
            )
        return None
    if kind == SanctionKind.REFUSE_ALL:
        return Finding(
            CheckOutcome.BREACH,
            _told(
                sanction,
                "All communication is refused. Do not engage."
                + (" Read the script and end the call." if telephone else " Read and file it."),
                "All communication is refused",
                # A call under a refusal drawn for correspondence is still ended by script.
                after="Read the script and end the call."
                if telephone and "end the call" not in sanction.sanction_type.staff_instruction
                else "",
            ),
            sanction,
            read_script=telephone,
        )
    if kind == SanctionKind.BLOCK_IDENTIFIERS and sender:
        blocked = {
            normalise.phone_whole(x) if normalise.looks_like_phone(x) else normalise.email(x)
            for x in sanction.blocked_list
        }
        given = (
            normalise.phone_whole(sender)
            if normalise.looks_like_phone(sender)
            else normalise.email(sender)
        )
        if given in blocked:
            return Finding(
                CheckOutcome.BREACH,
                _told(sanction, f"{sender} is blocked. Do not engage.", f"{sender} is blocked"),
                sanction,
                read_script=telephone,
            )
        return None
    if kind == SanctionKind.WITNESS_REQUIRED and channel == Channel.VISIT:
        return Finding(
            CheckOutcome.PERMITTED,
            _told(sanction, "Arrange a witness and a suitable room before any meeting."),
            sanction,
        )
    if kind == SanctionKind.BUILDING_EXCLUSION and channel == Channel.VISIT:
        return Finding(
            CheckOutcome.BREACH,
            _told(
                sanction,
                f"{described}. Ask the person to leave. The breach is recorded and the "
                "exclusion will be reviewed, and may be extended.",
                described,
            ),
            sanction,
        )
    if kind == SanctionKind.THIRD_PARTY and sanction.third_party:
        return Finding(
            CheckOutcome.REDIRECTED,
            _told(
                sanction,
                f"{described}. Redirect the customer to {sanction.third_party}.",
                described,
                f"Redirect the customer to {sanction.third_party}",
            ),
            sanction,
        )
    if kind == SanctionKind.SPECIFIED_DATES and sanction.dates:
        if timezone.localtime(moment).date().isoformat() not in sanction.dates:
            return Finding(
                CheckOutcome.BREACH,
                _told(
                    sanction,
                    f"{described}. Today is not one of them: read and file it.",
                    described,
                    "Today is not one of them",
                ),
                sanction,
            )
        return Finding(CheckOutcome.PERMITTED, f"{described}. Today is one of them.", sanction)
    if kind in {SanctionKind.WRITTEN_AGREEMENT, SanctionKind.OTHER}:
        text = (
            sanction.agreed_terms
            or sanction.description
            or sanction.sanction_type.staff_instruction
        )
        # "Other action": as written by the approver, once (the description is both the
        # summary and the instruction); an agreement: what it is, then its terms.
        return (
            Finding(CheckOutcome.PERMITTED, _sentences(described, text), sanction) if text else None
        )
    return None


def _sentences(*parts: str) -> str:
    """The parts as sentences, each once, each ending with a full stop."""
    sentences: list[str] = []
    for part in parts:
        part = (part or "").strip()
        if part and part not in sentences:
            sentences.append(part)
    return " ".join(s if s.endswith((".", "!", "?")) else f"{s}." for s in sentences)


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
        if partial and (different_topic or not _on_scoped_matter(case, contact_case, False)):
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
