"""The retention sweep: anonymise what has passed its date in the retention schedule.

What is due is worked out per customer and kind. A customer's records are due when the
event their period runs from (`RetentionTrigger`) is older than the period, and never
while a legal hold is in force on the customer, a restriction of theirs is in force or an
appeal of theirs is open. A customer whose own period has passed is forgotten whole: every
kind of their records goes with them, so nothing left names them. Contacts from senders
never matched to a customer run from their own date.

Anonymising keeps every row and what reports count, overwrites the free text in the live
rows and in their history rows, and deletes stored files once the batch commits. Work is
done in batches of `batch_size` rows, each its own short transaction, so no lock is held
for long; a `Forgetting` row per customer and kind makes a second run do nothing.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Exists, F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat, Greatest
from django.utils import timezone

from appeals.models import OPEN_STATES, Appeal
from cases.models import Case as Matter
from cases.models import Contact, Customer, CustomerIdentifier, Forgetting, Incident, LegalHold
from contactpolicy.models import (
    Notification,
    PolicyProfile,
    Reminder,
    RetentionKind,
    RetentionRun,
    RetentionTrigger,
)
from contactpolicy.retention import retention_schedule
from restrictions.models import RestrictionCase
from restrictions.models.lifecycle import IN_FORCE
from screens.retention.kinds import KINDS, MARKER, Part

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
# Customers whose records are gathered at once; their rows are then changed in batches.
CUSTOMER_CHUNK = 200


@dataclass
class SweepResult:
    """What a run did, or would do: rows per kind, files deleted, customers touched.
    Counts only, so it may be logged and shown."""

    dry_run: bool
    counts: Counter = field(default_factory=Counter)
    customers: Counter = field(default_factory=Counter)
    files_deleted: int = 0
    prompts: int = 0  # notifications and reminders past the shortest period
    run: RetentionRun | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def lines(self) -> list[str]:
        verb = "Would anonymise" if self.dry_run else "Anonymised"
        lines = [
            f"{verb} {self.counts[kind]} {kind.label.lower()} of {self.customers[kind]} customers"
            for kind in RetentionKind
            if self.counts[kind] or self.customers[kind]
        ]
        if self.prompts:
            verb = "Would delete" if self.dry_run else "Deleted"
            lines.append(f"{verb} {self.prompts} notifications and reminders")
        if not self.dry_run:
            lines.append(f"Deleted {self.files_deleted} stored files")
        return lines or ["Nothing has passed its date"]


def _latest(queryset, date_field: str):
    return Subquery(
        queryset.filter(customer=OuterRef("pk"))
        .order_by()
        .values("customer")
        .annotate(latest=Max(date_field))
        .values("latest")[:1]
    )


def customers_with_dates() -> models.QuerySet:
    """Customers the sweep may forget, with `last_activity` and `last_lifted`.

    The last activity is the latest of their being recorded, a contact received, an
    incident, a matter opened and a restriction opened or lifted. Customers under a legal
    hold, with a restriction in force or with an appeal open are left out.
    """
    epoch = Value(datetime(1900, 1, 1, tzinfo=UTC))
    restriction_cases = RestrictionCase.objects.all()
    return (
        Customer.objects.order_by()
        .exclude(Exists(LegalHold.objects.in_force().filter(customer=OuterRef("pk"))))
        .exclude(Exists(RestrictionCase.objects.filter(IN_FORCE, customer=OuterRef("pk"))))
        .exclude(Exists(Appeal.objects.filter(state__in=OPEN_STATES, customer=OuterRef("pk"))))
        .annotate(
            last_lifted=_latest(restriction_cases, "lifted_at"),
            last_activity=Greatest(
                F("created_at"),
                Coalesce(_latest(Contact.objects.all(), "received_at"), epoch),
                Coalesce(_latest(Incident.objects.all(), "occurred_at"), epoch),
                Coalesce(_latest(Matter.objects.all(), "opened_at"), epoch),
                Coalesce(_latest(restriction_cases, "opened_at"), epoch),
                Coalesce(F("last_lifted"), epoch),
            ),
        )
    )


def due_customers(
    profile: PolicyProfile | None, now: datetime
) -> dict[RetentionKind, dict[int, datetime]]:
    """Per kind, the customers whose records of that kind are due, each with the moment
    its period ran from (what its `Forgetting` row records)."""
    schedule = retention_schedule(profile)
    cutoffs = {kind: period.cutoff(now) for kind, period in schedule.items() if period.is_set}
    due: dict[RetentionKind, dict[int, datetime]] = {kind: {} for kind in RetentionKind}
    if not cutoffs:
        return due
    latest_cutoff = max(cutoffs.values())
    candidates = customers_with_dates().filter(
        Q(last_activity__lte=latest_cutoff) | Q(last_lifted__lte=latest_cutoff)
    )
    rows = list(candidates.values_list("pk", "last_activity", "last_lifted"))
    done = _forgotten_through([pk for pk, _, _ in rows])
    for pk, last_activity, last_lifted in rows:
        for kind, cutoff in cutoffs.items():
            period = schedule[kind]
            began = (
                last_lifted
                if period.runs_from == RetentionTrigger.LIFTED and last_lifted
                else last_activity
            )
            if began <= cutoff:
                due[kind][pk] = began
        if pk in due[RetentionKind.CUSTOMERS]:
            for kind in RetentionKind:
                due[kind].setdefault(pk, last_activity)
    for kind in RetentionKind:
        due[kind] = {
            pk: began
            for pk, began in due[kind].items()
            if (through := done.get((pk, kind.value))) is None or through < began
        }
    return due


def _forgotten_through(pks: list[int]) -> dict[tuple[int, str], datetime]:
    done = {}
    for start in range(0, len(pks), 10_000):
        chunk = pks[start : start + 10_000]
        for customer_id, kind, through in Forgetting.objects.filter(
            customer_id__in=chunk
        ).values_list("customer_id", "kind", "through"):
            done[(customer_id, kind)] = through
    return done


def _unique_fields(model: type[models.Model]) -> set[str]:
    return {
        name
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint)
        for name in constraint.fields
    }


def _updates(part: Part, model: type[models.Model], now: datetime) -> dict:
    updates = {}
    # A history table may leave a field out (a sensitive note's words are never copied).
    present = {f.name for f in model._meta.concrete_fields}
    for f in part.personal_fields():
        if f.name not in present:
            continue
        if isinstance(f, models.FileField):
            updates[f.name] = Value("")
        elif isinstance(f, models.JSONField):
            updates[f.name] = Value(f.get_default(), output_field=f)
        elif model is part.model and f.name in _unique_fields(model):
            # Rows made alike must stay distinct: the marker carries the row's own number.
            updates[f.name] = Concat(Value(f"{MARKER} "), Cast("pk", models.CharField()))
        else:
            marker = MARKER if (f.max_length or 1_000_000) >= len(MARKER) else ""
            updates[f.name] = models.Case(
                models.When(**{f.name: ""}, then=Value("")), default=Value(marker)
            )
    if part.model is CustomerIdentifier and model is part.model:
        updates["retired_at"] = Coalesce(F("retired_at"), Value(now))
    if model is not part.model:
        updates["history_change_reason"] = Value(None, output_field=models.TextField())
    return updates


def _anonymise_batch(part: Part, pks: list[int], now: datetime) -> int:
    """Overwrite one batch of rows and their history rows; returns the files deleted once
    the transaction commits."""
    names: set[tuple] = set()
    history = part.history_model
    with transaction.atomic():
        for f in part.file_fields():
            for model, key in ((part.model, "pk__in"), (history, "id__in")):
                if model is None:
                    continue
                for name in (
                    model.objects.filter(**{key: pks})
                    .exclude(**{f.name: ""})
                    .values_list(f.name, flat=True)
                ):
                    names.add((f.storage, name))
        rows = part.model.objects.filter(pk__in=pks)
        # A queryset that refuses changes (an issued notice) offers `anonymise` instead.
        getattr(rows, "anonymise", rows.update)(**_updates(part, part.model, now))
        if history is not None:
            history.objects.filter(id__in=pks).update(**_updates(part, history, now))
        if part.model is Customer:
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Customer),
                object_id__in=[str(pk) for pk in pks],
            ).update(object_repr=MARKER, change_message="")
        transaction.on_commit(lambda: _delete_files(names))
    return len(names)


def _delete_files(names: Iterable[tuple]) -> None:
    for storage, name in names:
        storage.delete(name)


def _batches(values: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def retention_sweep(
    *,
    profile: PolicyProfile | None,
    now: datetime | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
) -> SweepResult:
    """Anonymise every record past its date under `profile`'s retention schedule (or, with
    `dry_run`, count them and change nothing). Records the run with its counts, and logs
    them, without anything about the people concerned."""
    now = now or timezone.now()
    result = SweepResult(dry_run=dry_run)
    due = due_customers(profile, now)
    for kind in RetentionKind:
        customers = due[kind]
        result.customers[kind] = len(customers)
        for chunk in _batches(sorted(customers), CUSTOMER_CHUNK):
            main = True
            for part in KINDS[kind]:
                pks = list(
                    part.model.objects.filter(**{f"{part.to_customer}__in": chunk})
                    .order_by("pk")
                    .values_list("pk", flat=True)
                    .distinct()
                )
                if main:
                    result.counts[kind] += len(pks)
                    main = False
                if dry_run:
                    continue
                for batch in _batches(pks, batch_size):
                    result.files_deleted += _anonymise_batch(part, batch, now)
            if not dry_run:
                _record_forgetting(kind, {pk: customers[pk] for pk in chunk}, now)
    schedule = retention_schedule(profile)
    contacts = schedule[RetentionKind.CONTACTS]
    if contacts.is_set:
        unmatched = Contact.objects.filter(
            customer__isnull=True, received_at__lte=contacts.cutoff(now)
        ).exclude(summary=MARKER)
        pks = list(unmatched.order_by("pk").values_list("pk", flat=True))
        result.counts[RetentionKind.CONTACTS] += len(pks)
        if not dry_run:
            for part in KINDS[RetentionKind.CONTACTS]:
                path = "pk" if part.model is Contact else part.to_customer.replace("__customer", "")
                for batch in _batches(pks, batch_size):
                    rows = list(
                        part.model.objects.filter(**{f"{path}__in": batch}).values_list(
                            "pk", flat=True
                        )
                    )
                    if rows:
                        result.files_deleted += _anonymise_batch(part, rows, now)
    result.prompts = _forget_prompts(schedule, now, dry_run)
    if not dry_run:
        result.run = RetentionRun.objects.create(
            started_at=now,
            finished_at=timezone.now(),
            dry_run=False,
            counts={
                **{
                    kind.value: result.counts[kind] for kind in RetentionKind if result.counts[kind]
                },
                **({"prompts": result.prompts} if result.prompts else {}),
            },
            files_deleted=result.files_deleted,
        )
    for line in result.lines():
        logger.info("Retention sweep: %s", line)
    return result


def _forget_prompts(schedule, now: datetime, dry_run: bool) -> int:
    """A notification or a reminder is a prompt to staff, not a record, and its words may
    name a customer: it goes once it is older than the shortest period the schedule sets,
    so it never outlives the records it pointed to."""
    cutoffs = [period.cutoff(now) for period in schedule.values() if period.is_set]
    if not cutoffs:
        return 0
    cutoff = min(cutoffs, key=lambda moment: now - moment)  # the shortest period
    old = (
        Notification.objects.filter(created_at__lt=cutoff),
        Reminder.objects.filter(created_at__lt=cutoff),
    )
    if dry_run:
        return sum(queryset.count() for queryset in old)
    return sum(queryset.delete()[0] for queryset in old)


def _record_forgetting(kind: RetentionKind, began: dict[int, datetime], now: datetime) -> None:
    with transaction.atomic():
        existing = set(
            Forgetting.objects.filter(customer_id__in=began, kind=kind.value).values_list(
                "customer_id", flat=True
            )
        )
        for pk in existing:
            Forgetting.objects.filter(customer_id=pk, kind=kind.value).update(
                through=began[pk], forgotten_at=now
            )
        Forgetting.objects.bulk_create(
            Forgetting(customer_id=pk, kind=kind.value, through=through, forgotten_at=now)
            for pk, through in began.items()
            if pk not in existing
        )
