"""Writes for customers, cases and contacts. Views and tasks call these; nothing else saves."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases import access, normalise
from cases.clocks import compute_clocks
from cases.models import (
    Case,
    CaseStatus,
    Contact,
    ContactReassignment,
    Customer,
    CustomerIdentifier,
    CustomerLink,
    Direction,
    IdentifierKind,
    Incident,
    Language,
    SenderConsent,
    SensitiveNote,
    SensitiveNoteView,
    next_reference,
)
from cases.notifications import incident_recorded_tell
from cases.safeguarding import safeguarding_alert_queue
from contactpolicy.choices import Channel
from contactpolicy.selectors import profile_calendar, profile_get_active


def _year(moment: datetime) -> int:
    return timezone.localtime(moment).year


@transaction.atomic
def customer_create(
    *,
    created_by,
    name: str,
    kind: str = "individual",
    preferred_language: str = Language.ENGLISH,
    other_language: str = "",
    accessibility_formats: Iterable[str] = (),
    accessibility_needs: str = "",
    third_party: str = "",
    identifiers: Iterable[tuple[str, str, str]] = (),
    title: str = "",
    surname: str = "",
    contact_name: str = "",
) -> Customer:
    """Record a customer with the identifiers (kind, value, postcode) that recognise them."""
    customer = Customer(
        reference=next_reference("CUS", _year(timezone.now())),
        name=name.strip(),
        kind=kind,
        title=title.strip(),
        surname=surname.strip(),
        contact_name=contact_name.strip(),
        preferred_language=preferred_language,
        other_language=other_language,
        accessibility_formats=list(accessibility_formats),
        accessibility_needs=accessibility_needs,
        third_party=third_party,
        created_by=created_by,
    )
    customer.full_clean()
    customer.save()
    for identifier_kind, value, postcode in identifiers:
        try:
            customer_identifier_add(
                customer=customer, kind=identifier_kind, value=value, postcode=postcode
            )
        except ValidationError as error:
            raise _identifier_error(identifier_kind, error) from error
    return customer


def customer_update(*, customer: Customer, actor, **details) -> list[str]:
    """Change a customer's details (any of `Customer.DETAILS`); return the fields changed.

    Locks the row, saves only what changed, and records one history entry naming `actor`
    (simple-history), so the customer's history page shows who changed what and when.
    Nothing is saved when nothing changed.
    """
    unknown = set(details) - set(Customer.DETAILS)
    if unknown:
        raise ValueError(f"Not a customer detail: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = Customer.objects.select_for_update().get(pk=customer.pk)
        for name in ("name", "title", "surname", "contact_name", "other_language", "third_party"):
            if name in details:
                details[name] = details[name].strip()
        if details.get("preferred_language", locked.preferred_language) != Language.OTHER:
            details["other_language"] = ""
        changed = [name for name, value in details.items() if getattr(locked, name) != value]
        if not changed:
            return []
        for name in changed:
            setattr(locked, name, details[name])
        locked.full_clean()
        locked._history_user = actor
        locked.save(update_fields=changed)
    return changed


def _identifier_error(kind: str, error: ValidationError) -> ValidationError:
    """An identifier's refusal keyed by what it is about ("email", "phone", "address" or
    "postcode"), so a form adding several at once shows it against the right field."""
    keyed: dict[str, list[str]] = {}
    errors = error.error_dict if hasattr(error, "error_dict") else {"value": error.error_list}
    for field, messages in errors.items():
        key = "postcode" if field == "postcode" else kind
        keyed.setdefault(key, []).extend(ValidationError(messages).messages)
    return ValidationError(keyed)


def _identifier_value(kind: str, value: str) -> str:
    """A phone number is checked and kept in its one written form, however it was typed."""
    value = value.strip()
    if kind == IdentifierKind.PHONE:
        try:
            return normalise.phone_canonical(value)
        except normalise.InvalidPhoneNumber as error:
            raise ValidationError(
                {"value": "Enter a phone number, like 01632 960 001 or +44 7700 900 982"}
            ) from error
    return value


def _identifier_check(identifier: CustomerIdentifier) -> None:
    if (
        identifier.kind == IdentifierKind.ADDRESS
        and not identifier.postcode
        and not identifier.value
    ):
        raise ValidationError("Enter the address or its postcode.")
    if identifier.kind != IdentifierKind.ADDRESS and not identifier.value:
        raise ValidationError({"value": "Enter the " + identifier.get_kind_display().lower()})
    identifier.full_clean(exclude=["normalised"])


def customer_identifier_add(
    *, customer: Customer, kind: str, value: str, postcode: str = ""
) -> CustomerIdentifier:
    """Add something that recognises the customer (`normalise.phone_canonical` for phones)."""
    identifier = CustomerIdentifier(
        customer=customer,
        kind=kind,
        value=_identifier_value(kind, value),
        postcode=postcode.strip().upper(),
    )
    _identifier_check(identifier)
    identifier.save()
    return identifier


@transaction.atomic
def customer_identifier_correct(
    *, identifier: CustomerIdentifier, value: str, postcode: str = ""
) -> CustomerIdentifier:
    """Correct a mistyped identifier in place. Its history keeps what it said before."""
    identifier = CustomerIdentifier.objects.select_for_update().get(pk=identifier.pk)
    if identifier.is_retired:
        raise ValidationError("A retired identifier cannot be corrected: add a new one instead.")
    identifier.value = _identifier_value(identifier.kind, value)
    identifier.postcode = postcode.strip().upper() if identifier.kind == "address" else ""
    _identifier_check(identifier)
    identifier.save(update_fields=["value", "postcode", "normalised"])
    return identifier


@transaction.atomic
def customer_identifier_retire(
    *, identifier: CustomerIdentifier, retired_by, at: datetime | None = None
) -> CustomerIdentifier:
    """Stop an identifier recognising the customer (a number given up, an old address).

    Nothing is deleted: the identifier stays on the customer's record with who retired it
    and when, so past contacts from it still make sense. Retiring twice changes nothing.
    """
    identifier = CustomerIdentifier.objects.select_for_update().get(pk=identifier.pk)
    if identifier.is_retired:
        return identifier
    identifier.retired_at = at or timezone.now()
    identifier.retired_by = retired_by
    identifier.save(update_fields=["retired_at", "retired_by"])
    return identifier


def customer_link_add(*, customer: Customer, other: Customer, kind: str, note: str = ""):
    """Record a connection between two customers (agent and client, same business or
    address). DESIGN.md §3: a restriction on one is never applied to the other."""
    if other.pk == customer.pk:
        raise ValidationError({"other": "A customer cannot be linked to themselves"})
    if CustomerLink.objects.filter(customer=customer, other=other, kind=kind).exists():
        raise ValidationError({"other": f"{customer} is already linked to {other} that way"})
    link = CustomerLink(customer=customer, other=other, kind=kind, note=note.strip())
    link.full_clean(exclude=["customer", "other"])
    link.save()
    return link


def customer_link_remove(*, link: CustomerLink) -> None:
    """Remove a connection recorded in error or no longer true; its history keeps it."""
    link.delete()


@transaction.atomic
def case_open(*, customer: Customer, subject: str, officer=None, service=None) -> Case:
    """Open a matter, complaint, enquiry or request for the customer, in `service` (by
    default the handling officer's)."""
    if service is None and officer is not None:
        service = officer.service
    case = Case(
        reference=next_reference("CAS", _year(timezone.now())),
        customer=customer,
        subject=subject.strip(),
        officer=officer,
        service=service,
    )
    case.full_clean()
    case.save()
    return case


def _locked_case(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


_UNCHANGED = object()


@transaction.atomic
def case_edit(*, case: Case, subject: str, officer=None, service=_UNCHANGED) -> Case:
    """Change a case's subject, its handling officer or its service; history keeps the old
    values. The service is left as it is unless given."""
    case = _locked_case(case)
    case.subject, case.officer = subject.strip(), officer
    fields = ["subject", "officer"]
    if service is not _UNCHANGED:
        case.service = service
        fields.append("service")
    case.full_clean(exclude=["customer", "officer", "service"])
    case.save(update_fields=fields)
    return case


@transaction.atomic
def case_close(*, case: Case, status: str, outcome: str, outcome_date: date) -> Case:
    """Record the outcome of a case: reached (a reply may still follow) or closed.

    A closed case may then be named by a restriction refusing to reopen it (DESIGN.md §5).
    """
    case = _locked_case(case)
    if status not in (CaseStatus.OUTCOME_REACHED, CaseStatus.CLOSED):
        raise ValidationError({"status": "Choose whether the outcome is reached or it is closed"})
    if case.status == CaseStatus.CLOSED:
        raise ValidationError("This case is closed already.")
    if not outcome.strip():
        raise ValidationError({"outcome": "Enter the outcome"})
    if outcome_date > timezone.localdate():
        raise ValidationError({"outcome_date": "The outcome date must be today or in the past"})
    if outcome_date < timezone.localtime(case.opened_at).date():
        raise ValidationError({"outcome_date": "The outcome date must be on or after it opened"})
    case.status, case.outcome, case.outcome_date = status, outcome.strip(), outcome_date
    case.save(update_fields=["status", "outcome", "outcome_date"])
    return case


@transaction.atomic
def contact_attach_to_case(*, contact: Contact, case: Case | None) -> Contact:
    """Put a contact on one of its customer's cases, or take it off (`case=None`)."""
    contact = _locked(contact)
    if case is not None and case.customer_id != contact.customer_id:
        raise ValidationError({"case": "That case belongs to a different customer"})
    contact.case = case
    contact.save(update_fields=["case"])
    return contact


@dataclass(frozen=True)
class SenderConsentAnswer:
    """What staff say of the sender's consent when a contact holding sensitive personal
    information is handed on (BTPA §5): `consent` is a `SenderConsent` value."""

    consent: str = ""
    given_on: date | None = None
    how: str = ""
    exception: str = ""


def sender_consent_errors(answer: SenderConsentAnswer) -> dict[str, str]:
    """What is missing from the answer, by field: consent, with when and how; or the
    exception in the law relied on instead."""
    if answer.consent == SenderConsent.GIVEN:
        errors = {}
        if answer.given_on is None:
            errors["consent_given_on"] = "Enter the date the sender consented"
        elif answer.given_on > timezone.localdate():
            errors["consent_given_on"] = "The date the sender consented must be today or earlier"
        if not answer.how.strip():
            errors["consent_how"] = "Enter how the sender consented"
        return errors
    if answer.consent == SenderConsent.EXCEPTION:
        if not answer.exception.strip():
            return {"consent_exception": "Enter the exception in the law that applies"}
        return {}
    return {"consent": "Say whether the sender consented to their contact being handed on"}


@transaction.atomic
def contact_reassign(
    *,
    contact: Contact,
    officer,
    reason: str,
    reassigned_by,
    consent: SenderConsentAnswer | None = None,
    profile=None,
) -> Contact:
    """Hand a contact to another officer, keeping why (shown on the contact's page).

    Who may do it is `cases.access.may_work_on_contact`: the officer, their line manager
    or a head of service; the view asks before calling this. A contact marked as holding
    sensitive personal information needs the sender's consent, or the exception relied on,
    where the profile asks (`Contact.needs_sender_consent`).
    """
    errors = {}
    if not reason.strip():
        errors["reason"] = "Enter why the contact is being reassigned"
    contact = _locked(contact)
    asked = contact.needs_sender_consent(profile or profile_get_active())
    consent = consent or SenderConsentAnswer()
    if asked:
        errors |= sender_consent_errors(consent)
    if errors:
        raise ValidationError(errors)
    if contact.officer_id == officer.pk:
        raise ValidationError({"officer": f"The contact is already with {officer}"})
    given = asked and consent.consent == SenderConsent.GIVEN
    ContactReassignment.objects.create(
        contact=contact,
        from_officer_id=contact.officer_id,
        to_officer=officer,
        reason=reason.strip(),
        reassigned_by=reassigned_by,
        consent=consent.consent if asked else "",
        consent_given_on=consent.given_on if given else None,
        consent_how=consent.how.strip() if given else "",
        consent_exception=consent.exception.strip()
        if asked and consent.consent == SenderConsent.EXCEPTION
        else "",
    )
    contact.officer = officer
    contact._change_reason = reason.strip()[:100]
    contact.save(update_fields=["officer"])
    return contact


@transaction.atomic
def contact_mark_sensitive(*, contact: Contact, holds: bool) -> Contact:
    """Mark (or unmark) a contact as holding sensitive personal information, as staff who
    have read it judge."""
    contact = _locked(contact)
    if contact.sensitive_personal_information != holds:
        contact.sensitive_personal_information = holds
        contact.save(update_fields=["sensitive_personal_information"])
    return contact


@dataclass(frozen=True)
class ContactDetails:
    """What staff record of one contact: the contact form's answers, as `contact_log`
    takes them. The customer it is from, and who it goes to, are the caller's to say."""

    channel: str
    received_at: datetime
    summary: str
    sender: str = ""
    kind: str = "general"
    direction: str = Direction.INCOMING
    case: Case | None = None
    language: str = Language.ENGLISH
    copied_for_information: bool = False
    no_reply_reason: str = ""
    no_reply_note: str = ""
    duration_minutes: int | None = None
    ended_by_staff: bool = False
    ended_reason: str = ""
    requester_deadline: datetime | None = None
    safeguarding_concern: bool = False


@transaction.atomic
def contact_log(
    *,
    logged_by,
    details: ContactDetails,
    customer: Customer | None = None,
    officer=None,
    profile=None,
) -> Contact:
    """Log one contact and start its service-standard clocks from the active profile.

    It is from `customer`, or from someone not identified (`details.sender` says who), and
    goes to `officer`, by default the person logging it. `profile` saves reading the
    active profile again when the caller has it already. A contact marked as a
    safeguarding concern alerts a manager once the contact is saved (DESIGN.md §5),
    whatever restriction applies.
    """
    case = details.case
    if details.ended_by_staff and not details.ended_reason.strip():
        raise ValidationError({"ended_reason": "Enter why the call was ended"})
    if case is not None and customer is not None and case.customer_id != customer.pk:
        raise ValidationError({"case": "That case belongs to a different customer"})
    if customer is None and not details.sender.strip():
        raise ValidationError({"sender": "Enter who the contact came from"})
    if details.no_reply_reason:
        profile = profile or profile_get_active()
        if refusal := profile.no_reply_refusal(details.no_reply_reason, details.channel):
            raise ValidationError({"no_reply_reason": refusal})

    contact = Contact(
        reference=next_reference("CON", _year(details.received_at)),
        customer=customer,
        sender=details.sender.strip(),
        channel=details.channel,
        kind=details.kind,
        direction=details.direction,
        received_at=details.received_at,
        case=case,
        summary=details.summary.strip(),
        officer=officer or logged_by,
        logged_by=logged_by,
        language=details.language,
        reply_in_welsh=details.language == Language.WELSH
        and not (customer is not None and customer.no_welsh_reply_needed),
        copied_for_information=details.copied_for_information,
        no_reply_reason=details.no_reply_reason,
        no_reply_note=details.no_reply_note.strip(),
        duration_minutes=details.duration_minutes,
        ended_by_staff=details.ended_by_staff,
        ended_reason=details.ended_reason.strip(),
        requester_deadline=details.requester_deadline,
        safeguarding_concern=details.safeguarding_concern,
    )
    if details.direction == Direction.INCOMING:
        _start_clocks(contact, profile)
    else:
        contact.clock_note = "Sent by us: no clock runs."
        contact.reply_expected = False
    contact.refresh_next_due()
    # The related rows were handed in as objects: no need to query that they exist.
    contact.full_clean(exclude=["reference", "customer", "case", "officer", "logged_by"])
    contact.save()
    safeguarding_alert_queue(contact=contact)
    return contact


def _start_clocks(contact: Contact, profile=None, calendar=None) -> None:
    profile = profile or profile_get_active()
    calendar = calendar or profile_calendar(profile)
    clocks = compute_clocks(
        profile=profile,
        calendar=calendar,
        channel=contact.channel,
        kind=contact.kind,
        received_at=contact.received_at,
        copied_for_information=contact.copied_for_information,
        no_reply_reason=contact.no_reply_reason,
        requester_deadline=contact.requester_deadline,
    )
    acknowledge, respond = clocks.acknowledge_due_at, clocks.respond_due_at
    if contact.paused_working_days:
        # Working days already spent waiting for the customer still extend the clocks.
        acknowledge = acknowledge and calendar.extend_by_working_days(
            acknowledge, contact.paused_working_days
        )
        respond = respond and calendar.extend_by_working_days(respond, contact.paused_working_days)
    contact.acknowledge_due_at = acknowledge
    contact.respond_due_at = respond
    contact.clock_note = clocks.note
    contact.reply_expected = clocks.reply_expected


def _locked(contact: Contact) -> Contact:
    return Contact.objects.select_for_update().get(pk=contact.pk)


CLOCK_FIELDS = [
    "acknowledge_due_at",
    "acknowledged_at",
    "respond_due_at",
    "responded_at",
    "paused_at",
    "pause_reason",
    "paused_working_days",
    "next_due_at",
    "clock_note",
]


# Marking a contact acknowledged or answered can be undone by the person who did it, for a
# short while and only while nothing else has changed on the contact since.
UNDO_WINDOW = timedelta(minutes=10)
ACKNOWLEDGED = "Acknowledged"
ANSWERED = "Answered"
UNDONE_PREFIX = "Undone: "


@dataclass(frozen=True)
class ClockMark:
    """What marking a contact did: `record` is its history row, the one an undo names."""

    contact: Contact
    changed: bool
    record: int | None = None


def _save_marked(contact: Contact, fields: list[str], reason: str, actor) -> int:
    contact._change_reason = reason
    if actor is not None:
        contact._history_user = actor
    contact.save(update_fields=fields)
    return contact.history.values_list("history_id", flat=True).latest("history_date")


@transaction.atomic
def contact_acknowledge(
    *, contact: Contact, actor=None, at: datetime | None = None, by_letter: str = ""
) -> ClockMark:
    """Record that the contact was acknowledged; a second time changes nothing.

    `by_letter` names the acknowledgement letter that did it (`notices.services`): that
    acknowledgement went to the customer, so it is no marking to undo.
    """
    contact = _locked(contact)
    if contact.acknowledged_at is not None:
        return ClockMark(contact, changed=False)
    contact.acknowledged_at = at or timezone.now()
    contact.refresh_next_due()
    reason = f"Acknowledged by letter {by_letter}" if by_letter else ACKNOWLEDGED
    record = _save_marked(contact, ["acknowledged_at", "next_due_at"], reason, actor)
    return ClockMark(contact, changed=True, record=record)


@transaction.atomic
def contact_respond(*, contact: Contact, actor=None, at: datetime | None = None) -> ClockMark:
    """Record the full response; a response also acknowledges."""
    contact = _locked(contact)
    if contact.responded_at is not None:
        return ClockMark(contact, changed=False)
    moment = at or timezone.now()
    contact.responded_at = moment
    if contact.acknowledge_due_at and contact.acknowledged_at is None:
        contact.acknowledged_at = moment
    if contact.paused_at is not None:
        contact.paused_at = None
    contact.refresh_next_due()
    record = _save_marked(contact, CLOCK_FIELDS, ANSWERED, actor)
    return ClockMark(contact, changed=True, record=record)


@transaction.atomic
def contact_mark_undo(
    *, contact: Contact, actor, record: int | None, now: datetime | None = None
) -> tuple[Contact, str]:
    """Put a contact's clocks back exactly as they were before `actor` marked it.

    Refused unless `record` is the contact's latest change, was a marking, was made by
    `actor` and is at most UNDO_WINDOW old. The marking and its undoing both stay in the
    contact's history. Returns the contact and what was undone.
    """
    contact = _locked(contact)
    latest = contact.history.order_by("-history_date", "-history_id").first()
    refusal = None
    if latest is None or record is None or latest.history_id != record:
        refusal = "It cannot be undone: the contact has changed since"
    elif latest.history_change_reason not in (ACKNOWLEDGED, ANSWERED):
        refusal = "It cannot be undone: the contact's last change was not a marking"
    elif latest.history_user_id != actor.pk:
        refusal = "Only the person who marked the contact can undo it"
    elif (now or timezone.now()) - latest.history_date > UNDO_WINDOW:
        minutes = int(UNDO_WINDOW.total_seconds() // 60)
        refusal = f"It can no longer be undone: undo is possible for {minutes} minutes"
    previous = None if refusal else latest.prev_record
    if refusal is None and previous is None:
        refusal = "It cannot be undone: the contact has no earlier state"
    if refusal:
        raise ValidationError(refusal, code="undo_refused")
    for name in CLOCK_FIELDS:
        setattr(contact, name, getattr(previous, name))
    contact._change_reason = UNDONE_PREFIX + latest.history_change_reason
    contact._history_user = actor
    contact.save(update_fields=CLOCK_FIELDS)
    return contact, latest.history_change_reason


@transaction.atomic
def contact_pause(*, contact: Contact, reason: str, at: datetime | None = None) -> Contact:
    """Stop the clocks while waiting for the customer; the reason is kept."""
    contact = _locked(contact)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the clock is paused"})
    if contact.next_due_at is None:
        raise ValidationError("There is no running clock to pause on this contact.")
    if contact.paused_at is None:
        contact.paused_at = at or timezone.now()
        contact.pause_reason = reason.strip()
        contact.refresh_next_due()
        contact.save(update_fields=CLOCK_FIELDS)
    return contact


@transaction.atomic
def contact_resume(*, contact: Contact, at: datetime | None = None) -> Contact:
    """Restart paused clocks; each working day spent paused moves the due dates on a day."""
    contact = _locked(contact)
    if contact.paused_at is None:
        return contact
    calendar = profile_calendar(profile_get_active())
    moment = at or timezone.now()
    days = calendar.working_days_between(
        timezone.localtime(contact.paused_at).date(), timezone.localtime(moment).date()
    )
    if days:
        if contact.acknowledge_due_at and contact.acknowledged_at is None:
            contact.acknowledge_due_at = calendar.extend_by_working_days(
                contact.acknowledge_due_at, days
            )
        if contact.respond_due_at and contact.responded_at is None:
            contact.respond_due_at = calendar.extend_by_working_days(contact.respond_due_at, days)
    contact.paused_working_days += days
    contact.paused_at = None
    contact.refresh_next_due()
    contact.save(update_fields=CLOCK_FIELDS)
    return contact


def _open_contacts():
    """Incoming contacts not yet answered whose clocks follow the profile's standards.

    Chosen by what was received, not by the clocks they hold now: a profile that sets no
    standard clears a contact's clocks, and the contact must still be found when a profile
    that sets one is activated again (issue 8, defect 1). Copies for information and the
    stated no-reply exceptions never run a clock under any profile, so they are left out.
    """
    return Contact.objects.filter(
        direction=Direction.INCOMING,
        responded_at__isnull=True,
        copied_for_information=False,
        no_reply_reason="",
    )


def _recompute_clocks(contact: Contact, profile, calendar) -> tuple:
    """Set the contact's clocks afresh from what was received; return the due times before.

    An acknowledgement already made keeps the due time it was judged against.
    """
    before = (contact.acknowledge_due_at, contact.respond_due_at)
    _start_clocks(contact, profile, calendar)
    if contact.acknowledged_at:
        contact.acknowledge_due_at = before[0]
    contact.refresh_next_due()
    return before


def contacts_recompute_due(*, batch_size: int = 500) -> int:
    """Work out again the due times of every open contact from what was received.

    Runs when the calendar changes (a closure day added or removed, the profile edited or
    another profile activated). Each contact's clocks are computed from its received time,
    channel, kind, deadline, exceptions and the working days spent paused, never from the
    clocks it holds, so switching to a profile and back restores every due time exactly.
    Each batch is its own transaction, so a long run holds no lock for long. Returns how many
    contacts changed.
    """
    profile = profile_get_active()
    calendar = profile_calendar(profile)
    open_ids = list(_open_contacts().order_by("pk").values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(open_ids), batch_size):
        with transaction.atomic():
            batch = Contact.objects.select_for_update().filter(
                pk__in=open_ids[start : start + batch_size]
            )
            for contact in batch:
                kept = (contact.clock_note, contact.next_due_at, contact.reply_expected)
                before = _recompute_clocks(contact, profile, calendar)
                after = (contact.acknowledge_due_at, contact.respond_due_at)
                now = (contact.clock_note, contact.next_due_at, contact.reply_expected)
                if (after, *now) != (before, *kept):
                    contact.save(update_fields=[*CLOCK_FIELDS, "reply_expected"])
                    changed += 1
    return changed


@dataclass(frozen=True)
class DueChange:
    """How many open contacts of one channel would see one clock change in one way."""

    channel: str
    clock: str  # "acknowledgement" or "response"
    change: str  # "lose", "gain" or "move"
    count: int

    def __str__(self) -> str:
        channel = Channel(self.channel).label.lower()
        noun = f"{channel} contact" if self.count == 1 else f"{channel} contacts"
        article = "an" if self.clock[0] in "aeiou" else "a"
        verb = {
            "lose": f"will lose the {self.clock} due date",
            "gain": f"will gain {article} {self.clock} due date",
            "move": f"will have the {self.clock} due date moved",
        }[self.change]
        return f"{self.count} {noun} {verb}"


def contacts_recompute_preview(*, profile) -> tuple[int, list[DueChange]]:
    """What activating `profile` would do to open contacts' due dates, saving nothing.

    Returns the number of open contacts whose due dates would change, and the changes
    counted by channel, clock and kind of change. `profile` should come with its rules
    prefetched (`contactpolicy.selectors.profile_get`).
    """
    calendar = profile_calendar(profile)
    counts: Counter = Counter()
    contacts_changed = 0
    for contact in _open_contacts().order_by("pk").iterator(chunk_size=2000):
        before = _recompute_clocks(contact, profile, calendar)
        after = (contact.acknowledge_due_at, contact.respond_due_at)
        if after == before:
            continue
        contacts_changed += 1
        for clock, old, new in zip(("acknowledgement", "response"), before, after, strict=True):
            if old != new:
                change = "lose" if new is None else "gain" if old is None else "move"
                counts[(contact.channel, clock, change)] += 1
    changes = [
        DueChange(channel=channel, clock=clock, change=change, count=count)
        for (channel, clock, change), count in sorted(counts.items())
    ]
    return contacts_changed, changes


def sensitive_note_add(*, customer: Customer, author, text: str) -> SensitiveNote:
    if not text.strip():
        raise ValidationError({"text": "Enter the note"})
    return SensitiveNote.objects.create(customer=customer, text=text.strip(), created_by=author)


def sensitive_notes_viewed(*, customer: Customer, viewer) -> None:
    """Log that `viewer` has seen the customer's sensitive notes (DESIGN.md §3, §13)."""
    SensitiveNoteView.objects.create(customer=customer, viewed_by=viewer)


@transaction.atomic
def incident_record(
    *,
    recorded_by,
    customer: Customer,
    category,
    occurred_at: datetime,
    channel: str,
    description: str,
    staff_affected: str = "",
    contact: Contact | None = None,
    severity: str = "medium",
    hate_incident: bool = False,
    extreme: bool = False,
    police_report_required: bool = False,
    reported_to: str = "",
    reported_at: datetime | None = None,
    report_reference: str = "",
    service=None,
) -> Incident:
    """Record behaviour that caused concern; it joins the timeline as evidence.

    Only those the profile names mark behaviour extreme in itself (`access.may_mark_extreme`).
    Behaviour the policy always reports to the police (`police_always_reported`) is
    flagged, and the report is then due (`restrictions.referral_selectors`). Its service is
    the one given, by default the recording officer's."""
    profile = profile_get_active()
    if category.profile_id != profile.pk:
        raise ValidationError({"category": "Choose a category from the organisation's policy"})
    if contact is not None and contact.customer_id != customer.pk:
        raise ValidationError({"contact": "That contact is from a different customer"})
    if occurred_at > timezone.now():
        raise ValidationError({"occurred_at": "The incident must have happened already"})
    if extreme and not (answer := access.may_mark_extreme(recorded_by, profile)):
        raise ValidationError({"extreme": answer.reason})
    if police_report_required and not profile.police_always_reported:
        raise ValidationError(
            {"police_report_required": "The policy does not say such behaviour is always reported"}
        )
    incident = Incident(
        reference=next_reference("INC", _year(occurred_at)),
        customer=customer,
        category=category,
        occurred_at=occurred_at,
        channel=channel,
        description=description.strip(),
        staff_affected=staff_affected.strip(),
        contact=contact,
        severity=severity,
        hate_incident=hate_incident,
        extreme=extreme,
        police_report_required=police_report_required,
        reported_to=reported_to,
        reported_at=reported_at,
        report_reference=report_reference.strip(),
        recorded_by=recorded_by,
        service=service if service is not None else getattr(recorded_by, "service", None),
    )
    incident.full_clean(exclude=["reference"])
    incident.save()
    transaction.on_commit(partial(incident_recorded_tell, incident.pk), robust=True)
    return incident


@transaction.atomic
def incident_mark_extreme(*, actor, incident: Incident) -> Incident:
    """Mark a recorded incident's behaviour as extreme in itself, where the profile's policy
    has that notion and `actor` is one it names (Natural England, "Extreme behaviour": "a
    Director will consider"). Marking it again changes nothing."""
    answer = access.may_mark_extreme(actor, profile_get_active())
    if not answer:
        raise PermissionDenied(answer.reason)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if not incident.extreme:
        incident.extreme = True
        incident._change_reason = f"Marked extreme by {actor}"
        incident.save(update_fields=["extreme"])
    return incident
