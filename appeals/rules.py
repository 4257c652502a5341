"""The profile's appeal rules, as plain functions: deadlines, due dates, limits, documents.

Forms and services both ask these; nothing here is written for one organisation. Every
date is counted by the organisation's calendar (`contactpolicy.workcalendar`): the day a
notice is issued, or an appeal received, is day zero.
"""

from datetime import date, time
from pathlib import PurePath

from cases.clocks import target_due
from contactpolicy import posts
from contactpolicy.choices import Channel, ContactKind
from contactpolicy.posts import Post
from contactpolicy.roles import Role, roles_at_least
from contactpolicy.workcalendar import WorkCalendar, local_datetime, to_local
from notices import deadlines
from restrictions.models import Stage

MAX_DOCUMENTS = 10
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# What a customer's supporting documents may be: scans, photographs and ordinary documents.
DOCUMENT_TYPES = {
    ".pdf": ("application/pdf", b"%PDF"),
    ".png": ("image/png", b"\x89PNG"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    ".txt": ("text/plain", b""),
}


def has_appeal_route(profile) -> bool:
    """Whether the policy gives the customer an appeal (or a dispute) at all."""
    return bool((profile.appeal_route or "").strip())


def term(profile) -> str:
    """ "appeal", or the policy's own word ("dispute" for IPCC)."""
    return (profile.appeal_term or "appeal").strip() or "appeal"


def appeal_deadline(profile, calendar: WorkCalendar, notified_on: date | None) -> date | None:
    """The last day to appeal: the profile's window from the day the customer was notified,
    moved on to the next working day when it ends on a day the organisation is closed
    (`notices.deadlines`, ADR 0016).

    None where the policy sets no window, or the customer has not been notified (the
    window has not started).
    """
    return deadlines.appeal_deadline(profile, calendar, notified_on)


def decision_due(profile, calendar: WorkCalendar, received_on: date) -> date | None:
    """When the appeal must be decided (Tamworth §10: six weeks from the request)."""
    if not (profile.appeal_decision_value and profile.appeal_decision_unit):
        return None
    return calendar.period_end(
        received_on, profile.appeal_decision_value, profile.appeal_decision_unit
    )


# The contact channel whose service standard applies to an appeal received each way. One
# received "another way" has no channel, so no standard.
CHANNEL_OF = {
    "post": Channel.LETTER,
    "email": Channel.EMAIL,
    "telephone": Channel.TELEPHONE,
    "in_person": Channel.VISIT,
}


def acknowledge_due(profile, calendar: WorkCalendar, received_on: date, received_via: str):
    """When the appeal must be acknowledged: the profile's acknowledgement standard for
    correspondence by the channel it came by, counted from the day it was received, as any
    contact's (`cases.clocks`). None when the profile sets no such standard."""
    channel = CHANNEL_OF.get(received_via)
    if channel is None:
        return None
    standard = profile.standard_for(channel, ContactKind.GENERAL)
    if (
        standard is None
        or not standard.tracked
        or standard.acknowledge_value is None
        or not standard.acknowledge_unit
    ):
        return None
    received = local_datetime(received_on, time.min)
    due = target_due(calendar, received, standard.acknowledge_value, standard.acknowledge_unit)
    return to_local(due).date()


def is_late(deadline: date | None, received_on: date) -> bool:
    return deadline is not None and received_on > deadline


def stage_refusal(profile, stage: str) -> str:
    """Why a decision that put the case at `stage` cannot be appealed, or ""."""
    stages = profile.appeal_stages
    if stages and stage not in stages:
        allowed = " or ".join(Stage(s).label.lower() for s in stages if s in Stage.values)
        return (
            f"Under the {profile.short_name} policy a customer may {term(profile)} only against "
            f"a decision that leaves them at one of these stages: {allowed}."
        )
    return ""


def limit_refusal(profile, stage: str, earlier: list) -> str:
    """Why another appeal at `stage` is over the profile's limit, or "".

    `earlier` are the customer's appeals at that stage that were not refused (a refused
    appeal was never considered). Natural England: "only once at stages 2 and 5".
    """
    limit = profile.appeal_limit_per_stage
    if not limit or len(earlier) < limit:
        return ""
    times = "once" if limit == 1 else f"{limit} times"
    made = ", ".join(f"{a.reference} received {a.received_on:%-d %B %Y}" for a in earlier)
    return (
        f"The {profile.short_name} policy allows a customer to {term(profile)} only {times} at "
        f"the “{Stage(stage).label}” stage, and they already have ({made})."
    )


def decider_posts(profile, approver_roles_of_decision: set) -> list[Post]:
    """Who decides an appeal in the first place: the profile's post (Tamworth §4, §10: a
    member of CMT); where the policy names nobody, those who may approve the decision
    appealed against (the level the policy asks for that decision)."""
    if post := posts.decider_post(profile):
        return [post]
    return [Post(role, or_above=False) for role in Role if role in approver_roles_of_decision]


def roles_of(deciders: list[Post]) -> set:
    return {role for post in deciders for role in post.roles}


def late_decider_roles(profile, deciders: set) -> set:
    """Who accepts or refuses a late appeal: the profile's role, else the deciders."""
    if profile.appeal_late_decided_by_role:
        return set(roles_at_least(profile.appeal_late_decided_by_role))
    return set(deciders)


def investigator_post(profile) -> Post:
    """Who investigates: the post the appeal goes to (Tamworth §10: the Head of Customer
    Services); where the policy names nobody, any line manager or above."""
    return posts.investigator_post(profile) or Post(Role.LINE_MANAGER)


def someone_of(named: list[Post]) -> str:
    """The posts in a sentence: "a chief executive", "the Head of Customer Services"."""
    return " or ".join(post.someone for post in named) or "nobody"


def role_names(roles: set) -> str:
    ordered = [r for r in Role if r in roles]
    return " or ".join(Role(r).label.lower() for r in ordered) or "nobody"


def document_errors(files: list) -> list[str]:
    """Why the uploaded files cannot be kept, each naming the file; empty when they can.

    `files` are Django `UploadedFile`s. The name's extension, the declared type and the
    first bytes must all agree with one of `DOCUMENT_TYPES`.
    """
    errors = []
    if len(files) > MAX_DOCUMENTS:
        errors.append(f"Upload {MAX_DOCUMENTS} documents or fewer")
    for upload in files:
        name = PurePath(upload.name or "").name
        suffix = PurePath(name).suffix.lower()
        if suffix not in DOCUMENT_TYPES:
            errors.append(f"{name or 'The file'} must be a PDF, JPG, PNG, DOCX or TXT file")
            continue
        if upload.size > MAX_DOCUMENT_BYTES:
            errors.append(f"{name} must be smaller than 10MB")
            continue
        if upload.size == 0:
            errors.append(f"{name} is empty")
            continue
        _, magic = DOCUMENT_TYPES[suffix]
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        if magic and not head.startswith(magic):
            errors.append(f"{name} is not the kind of file its name says it is")
    return errors
