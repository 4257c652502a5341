"""What personal data the product holds, by kind: where each lives, how long it is kept and
the lawful basis the organisation relies on (the "What we hold" page, UK GDPR Art. 30).

Each kind names the models that hold it; `tests/contactpolicy/test_what_we_hold.py` reads
every model in the project and fails, naming it, for one that is in no kind and not listed
in `NOT_PERSONAL`. Models are named by label so this module imports no app above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import FileField
from django.utils import timezone

from contactpolicy.models import LawfulBasis, RetentionKind
from contactpolicy.retention import retention_schedule

PUBLIC_TASK = (
    "Public task: processing necessary to perform a task in the public interest or in the "
    "exercise of official authority (UK GDPR Art. 6(1)(e))"
)
SUBSTANTIAL_PUBLIC_INTEREST = (
    "Substantial public interest (UK GDPR Art. 9(2)(g)), under a condition in Part 2 of "
    "Schedule 1 to the Data Protection Act 2018, with an appropriate policy document"
)


@dataclass(frozen=True)
class PersonalDataKind:
    key: str
    name: str
    what: str
    models: tuple[str, ...] = ()
    special_category: bool = False
    # The kind that holds the history of every record (simple-history's tables).
    every_history_table: bool = False
    extra_places: tuple[str, ...] = field(default=())


KINDS: tuple[PersonalDataKind, ...] = (
    PersonalDataKind(
        "customer_details",
        "Customer details",
        "Names, how letters greet them, preferred language, accessibility needs, who acts "
        "for them, and links between customers.",
        ("cases.Customer", "cases.CustomerLink"),
    ),
    PersonalDataKind(
        "identifiers",
        "Identifiers",
        "Postal addresses, email addresses, phone numbers and social-media handles used to "
        "recognise a customer.",
        ("cases.CustomerIdentifier",),
    ),
    PersonalDataKind(
        "contacts",
        "Contacts and matters",
        "Each letter, email, call, message or visit: who it came from, its summary, the "
        "officer, and whom it was handed to; the matters they belong to; the checks of each "
        "against a restriction.",
        ("cases.Contact", "cases.ContactReassignment", "cases.Case", "restrictions.ContactCheck"),
    ),
    PersonalDataKind(
        "emails",
        "Emails taken in and sent",
        "Each email that reached the organisation's mailboxes, kept as it arrived: the "
        "sender's address and name, the subject, the text, the attachments, and whether the "
        "receiving server verified the sender; and each acknowledgement and reply sent back, "
        "as it was sent.",
        ("mailboxes.InboundEmail", "mailboxes.InboundAttachment", "mailboxes.OutboundEmail"),
    ),
    PersonalDataKind(
        "incidents",
        "Incidents",
        "Behaviour that caused concern: what happened, staff affected, reports to the police.",
        ("cases.Incident",),
    ),
    PersonalDataKind(
        "sensitive_notes",
        "Sensitive notes (special category data)",
        "Health, disability and distress. Seen by managers and above only; their words are "
        "kept in the note alone, never in history, emails, notifications or logs.",
        ("cases.SensitiveNote",),
        special_category=True,
    ),
    PersonalDataKind(
        "decisions",
        "Decisions and restrictions",
        "Restriction cases, decisions with their reasons and approvals, sanctions, "
        "injunction decisions, reviews and the customer's representations.",
        (
            "restrictions.RestrictionCase",
            "restrictions.Decision",
            "restrictions.Approval",
            "restrictions.Sanction",
            "restrictions.InjunctionDecision",
            "restrictions.Review",
            "restrictions.Representation",
        ),
    ),
    PersonalDataKind(
        "notices",
        "Notices",
        "Letters sent, stored as the exact PDF, their copies in other formats, and the post.",
        (
            "notices.Notice",
            "notices.NoticeCopy",
            "notices.ProductionRequest",
            "notices.PostBatch",
            "notices.PostBatchNotice",
            "notices.PostReprint",
        ),
    ),
    PersonalDataKind(
        "appeals",
        "Appeals and their documents",
        "Appeals against decisions, with the documents the customer or staff provided.",
        ("appeals.Appeal", "appeals.AppealDocument"),
    ),
    PersonalDataKind(
        "referrals",
        "Referrals and information shared",
        "Referrals to the police, the legal team and other agencies, and what was shared.",
        ("restrictions.Referral",),
    ),
    PersonalDataKind(
        "staff",
        "Staff accounts",
        "Names, email addresses, roles and line managers of staff; their sign-in devices "
        "(and when their identity provider last vouched for a second factor), "
        "sessions and sign-in attempts; their notifications and reminders.",
        (
            "contactpolicy.User",
            "contactpolicy.Notification",
            "contactpolicy.NotificationSettings",
            "contactpolicy.Reminder",
            "contactpolicy.FormSubmission",
            "otp_totp.TOTPDevice",
            "otp_static.StaticDevice",
            "otp_static.StaticToken",
            "contactpolicy.ProviderSecondFactor",
            "sessions.Session",
            "axes.AccessAttempt",
            "axes.AccessAttemptExpiration",
            "axes.AccessFailureLog",
            "axes.AccessLog",
        ),
    ),
    PersonalDataKind(
        "audit",
        "Audit and history",
        "Who changed which record, when, and what it held before; who viewed sensitive "
        "notes; what left the product as a file; the administrators' changes.",
        (
            "restrictions.AuditEvent",
            "cases.SensitiveNoteView",
            "cases.LegalHold",
            "cases.Forgetting",
            "cases.SubjectAccessExport",
            "cases.RedactionItem",
            "contactpolicy.Export",
            "contactpolicy.ProfileRevision",
            "contactpolicy.LawfulBasis",
            "admin.LogEntry",
        ),
        every_history_table=True,
    ),
)

# Models holding no personal data, and why.
NOT_PERSONAL: dict[str, str] = {
    "contactpolicy.PolicyProfile": "the organisation's rules and its own letterhead",
    "contactpolicy.OfficeHours": "the organisation's rules",
    "contactpolicy.ServiceStandard": "the organisation's rules",
    "contactpolicy.NoReplyException": "the organisation's rules",
    "contactpolicy.BehaviourCategory": "the organisation's rules",
    "contactpolicy.SanctionType": "the organisation's rules",
    "contactpolicy.DecisionRule": "the organisation's rules",
    "contactpolicy.ChecklistItem": "the organisation's rules",
    "contactpolicy.ClosureDay": "the organisation's calendar",
    "contactpolicy.Service": "the organisation's services",
    "mailboxes.Mailbox": "the organisation's own mailboxes and how the service signs in",
    "mailboxes.EmailTemplate": "email wording, before any customer's details are merged in",
    "contactpolicy.TaskSuccess": "when each background task last ran",
    "contactpolicy.RetentionPeriod": "the organisation's retention schedule",
    "contactpolicy.RetentionRun": "how many records of each kind the retention sweep forgot",
    "notices.NoticeTemplate": "letter wording, before any customer's details are merged in",
    "cases.ReferenceSequence": "the next free reference number",
    "auth.Permission": "what each role may do",
    "auth.Group": "the roles",
    "contenttypes.ContentType": "the list of kinds of record",
    "django_celery_beat.SolarSchedule": "when background tasks run",
    "django_celery_beat.IntervalSchedule": "when background tasks run",
    "django_celery_beat.ClockedSchedule": "when background tasks run",
    "django_celery_beat.CrontabSchedule": "when background tasks run",
    "django_celery_beat.PeriodicTasks": "when background tasks run",
    "django_celery_beat.PeriodicTask": "when background tasks run",
}


def is_history_table(model) -> bool:
    """A simple-history table: each row a copy of a record as it was."""
    return hasattr(model, "instance_type")


def kind_models(kind: PersonalDataKind) -> list[type[models.Model]]:
    found = [apps.get_model(label) for label in kind.models]
    if kind.every_history_table:
        found += sorted(
            (model for model in apps.get_models() if is_history_table(model)),
            key=lambda model: model._meta.label,
        )
    return found


def storage_folders(model) -> list[str]:
    """The folders in file storage the model's files are kept in."""
    folders = []
    for model_field in model._meta.concrete_fields:
        if isinstance(model_field, FileField):
            upload_to = model_field.upload_to
            folders.append(upload_to if isinstance(upload_to, str) else "(named per record)")
    return folders


# Which periods of the retention schedule (`contactpolicy.retention`) forget each kind.
RETAINED_AS: dict[str, tuple[RetentionKind, ...]] = {
    "customer_details": (RetentionKind.CUSTOMERS,),
    "identifiers": (RetentionKind.CUSTOMERS,),
    "contacts": (RetentionKind.CONTACTS, RetentionKind.MATTERS),
    "incidents": (RetentionKind.INCIDENTS,),
    "sensitive_notes": (RetentionKind.CUSTOMERS,),
    "decisions": (RetentionKind.RESTRICTION_CASES, RetentionKind.REVIEWS),
    "notices": (RetentionKind.NOTICES,),
    "appeals": (RetentionKind.APPEALS,),
    "referrals": (RetentionKind.REFERRALS,),
}
NOT_SCHEDULED = "Not in the retention schedule: kept until the organisation deletes it"


def retention_for(kind: PersonalDataKind, schedule) -> str:
    """How long this kind of data is kept under `schedule` (`retention_schedule`'s answer
    for the active profile), in words."""
    retained_as = RETAINED_AS.get(kind.key)
    if not retained_as:
        return NOT_SCHEDULED
    periods = [schedule[each] for each in retained_as]
    if len(periods) == 1:
        return periods[0].description
    return "; ".join(f"{period.kind.label}: {period.description}" for period in periods)


@dataclass(frozen=True)
class Place:
    model: str  # the model's label, e.g. "cases.Contact"
    name: str  # in words
    table: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class HeldKind:
    kind: PersonalDataKind
    places: tuple[Place, ...]
    retention: str
    basis: str
    condition: str
    confirmed_by: str
    confirmed_at: object

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def files(self) -> list[str]:
        return sorted({folder for place in self.places for folder in place.files})


def default_basis(kind: PersonalDataKind) -> tuple[str, str]:
    return PUBLIC_TASK, SUBSTANTIAL_PUBLIC_INTEREST if kind.special_category else ""


def kind_get(key: str) -> PersonalDataKind | None:
    return next((kind for kind in KINDS if kind.key == key), None)


def what_we_hold(profile) -> list[HeldKind]:
    """Every kind of personal data held, with where it lives, its retention and its lawful
    basis: two queries, whatever the data."""
    stated = {row.kind: row for row in LawfulBasis.objects.select_related("confirmed_by")}
    schedule = retention_schedule(profile)
    held = []
    for kind in KINDS:
        row = stated.get(kind.key)
        basis, condition = (row.basis, row.condition) if row else default_basis(kind)
        places = tuple(
            Place(
                model._meta.label,
                str(model._meta.verbose_name).capitalize(),
                model._meta.db_table,
                tuple(storage_folders(model)),
            )
            for model in kind_models(kind)
        )
        held.append(
            HeldKind(
                kind=kind,
                places=places,
                retention=retention_for(kind, schedule),
                basis=basis,
                condition=condition,
                confirmed_by=str(row.confirmed_by) if row and row.confirmed_by else "",
                confirmed_at=row.confirmed_at if row else None,
            )
        )
    return held


def lawful_basis_confirm(
    *, kind: PersonalDataKind, basis: str, condition: str, actor
) -> LawfulBasis:
    """Set and confirm the organisation's lawful basis for `kind` (and its condition, for
    special category data)."""
    errors = {}
    if not basis.strip():
        errors["basis"] = "Enter the lawful basis"
    if kind.special_category and not condition.strip():
        errors["condition"] = "Enter the condition for processing special category data"
    if errors:
        raise ValidationError(errors)
    row, _ = LawfulBasis.objects.update_or_create(
        kind=kind.key,
        defaults={
            "basis": basis.strip(),
            "condition": condition.strip() if kind.special_category else "",
            "confirmed_by": actor,
            "confirmed_at": timezone.now(),
        },
    )
    return row
