"""What a change to a record changed, in words: "Acknowledge within: 2 working days → 3
working days".

simple-history keeps a full copy of a record at each change (`history_*` rows). The
difference between one copy and the copy before it is read here, for every screen that
shows a record's history (the audit log, the admin's history pages, the profile's
history): fields by their verbose names, choices by their labels, foreign keys by the
name of the record they point at, a value and its unit as one, many-to-many fields (a
person's roles) as the set before and after.

Reading is in bulk, so that a page of changes costs a fixed number of queries whatever the
history's size: `history_rows` reads a page's copies, `previous_rows` the copy before each
(one query), `related_names` the names their foreign keys point at (one query per related
model), `m2m_snapshots` the many-to-many sets kept with them (one query per field and
one per related model). `changes` itself reads nothing.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.text import capfirst

NOT_SET = "Not set"
# A change whose record has no earlier copy (it was loaded from a fixture, which keeps no
# history): what it was before is not known.
NOT_RECORDED = "Not recorded"
ADDED, CHANGED, REMOVED = "+", "~", "-"
ACTION_WORDS = {ADDED: "Added", CHANGED: "Changed", REMOVED: "Removed"}

# A number and its unit read as one ("3 working days"); the pair is named here when its
# fields' own names would not say it.
PAIR_LABELS = {
    "acknowledge": "Acknowledge within",
    "respond": "Respond within",
    "appeal_window": "Time allowed to appeal",
    "appeal_decision": "Time to decide an appeal",
}


# Fields whose own verbose name says less than it should, by field name.
FIELD_LABELS = {"groups": "Roles"}


@dataclass(frozen=True)
class Change:
    """One field's value before and after."""

    label: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.label}: {self.before} → {self.after}"


def tracked_fields(history_model) -> list[models.Field]:
    """The fields the history copies of the record, in the model's order."""
    return [
        field
        for field in history_model._meta.concrete_fields
        if not field.name.startswith("history_") and field.name != "id"
    ]


def _before_id(history_model) -> Subquery:
    """The history_id of the copy before the outer one, of the same record."""
    earlier = history_model.objects.filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")),
        id=OuterRef("id"),
    )
    return Subquery(earlier.order_by("-history_date", "-history_id").values("history_id")[:1])


def history_rows(history_model, history_ids: Iterable[int]) -> list:
    """The history copies of `history_ids`, each knowing the copy before it (one query)."""
    return list(
        history_model.objects.filter(history_id__in=list(history_ids)).annotate(
            before_id=_before_id(history_model)
        )
    )


def previous_rows(history_model, rows: Iterable) -> dict[int, object]:
    """The copy before each of `rows`, by the later copy's history_id: one query for rows
    read by `history_rows`, two for others."""
    rows = list(rows)
    if not rows:
        return {}
    if all(hasattr(row, "before_id") for row in rows):
        pairs = {row.history_id: row.before_id for row in rows}
    else:
        pairs = dict(
            history_model.objects.filter(history_id__in=[row.history_id for row in rows])
            .annotate(before_id=_before_id(history_model))
            .values_list("history_id", "before_id")
        )
    before = history_model.objects.in_bulk([pk for pk in pairs.values() if pk is not None])
    return {later: before[pk] for later, pk in pairs.items() if pk in before}


def related_names(history_model, rows: Iterable) -> dict[type, dict[object, str]]:
    """The names of the records the rows' foreign keys point at, by model and key (one
    query per related model)."""
    rows = list(rows)
    wanted: dict[type, set] = {}
    for field in tracked_fields(history_model):
        if field.is_relation and field.many_to_one:
            keys = {getattr(row, field.attname) for row in rows} - {None}
            wanted.setdefault(field.related_model, set()).update(keys)
    return {
        model: {pk: str(record) for pk, record in model._default_manager.in_bulk(keys).items()}
        for model, keys in wanted.items()
        if keys
    }


def m2m_snapshots(history_model, history_ids: Iterable[int]) -> dict[int, dict[str, frozenset]]:
    """For each history copy, the names in each many-to-many field it kept (a person's
    roles), by field name."""
    ids = list(history_ids)
    snapshots: dict[int, dict[str, frozenset]] = {pk: {} for pk in ids}
    for field in getattr(history_model, "_history_m2m_fields", ()):
        through = getattr(history_model, field.name).model
        target = field.m2m_reverse_field_name()
        links = list(
            through.objects.filter(history_id__in=ids).values_list("history_id", f"{target}_id")
        )
        names = {
            pk: str(record)
            for pk, record in field.related_model._default_manager.in_bulk(
                {key for _, key in links}
            ).items()
        }
        for pk in ids:
            snapshots[pk][field.name] = frozenset()
        for history_id, key in links:
            snapshots[history_id][field.name] |= {names.get(key, f"number {key}")}
    return snapshots


def value_text(field: models.Field, value, names: Mapping[type, Mapping] | None = None) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "" or value == [] or value == {}:
        return NOT_SET
    if field.is_relation:
        found = (names or {}).get(field.related_model, {}).get(value)
        return (
            found or f"{capfirst(field.related_model._meta.verbose_name)} number {value} (removed)"
        )
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%-d %B %Y at %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%-d %B %Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, list) and all(isinstance(item, str | int) for item in value):
        return ", ".join(str(item) for item in value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _label(field: models.Field) -> str:
    return FIELD_LABELS.get(field.name) or capfirst(str(field.verbose_name))


def changes(
    history_model,
    before,
    after,
    *,
    names: Mapping[type, Mapping] | None = None,
    m2m_before: Mapping[str, frozenset] | None = None,
    m2m_after: Mapping[str, frozenset] | None = None,
    missing: str = NOT_SET,
) -> list[Change]:
    """What changed from the copy `before` (None when the record was added) to `after`.

    A record added shows each value it was given; a removed one shows nothing (its last
    copy is the same as the one before). Without a copy before, each value is shown as
    changed from `missing`. Reads nothing from the database: the names come
    from `related_names` and the many-to-many sets from `m2m_snapshots`.
    """
    fields = {field.name: field for field in tracked_fields(history_model)}
    found: list[Change] = []
    done: set[str] = set()
    for name, field in fields.items():
        if name in done:
            continue
        stem = name.removesuffix("_value")
        unit = fields.get(f"{stem}_unit") if name.endswith("_value") else None
        if unit is not None:
            done.add(unit.name)
            old, new = (
                _pair_text(field, unit, row, names) if row is not None else missing
                for row in (before, after)
            )
            label = PAIR_LABELS.get(stem, capfirst(stem.replace("_", " ")))
        else:
            old = (
                value_text(field, getattr(before, field.attname), names)
                if before is not None
                else missing
            )
            new = value_text(field, getattr(after, field.attname), names)
            label = _label(field)
        if old != new:
            found.append(Change(label, old, new))
    for field in getattr(history_model, "_history_m2m_fields", ()):
        old_set = (m2m_before or {}).get(field.name, frozenset())
        new_set = (m2m_after or {}).get(field.name, frozenset())
        if old_set != new_set or (m2m_before is None and missing != NOT_SET):
            old_words = ", ".join(sorted(old_set)) or NOT_SET
            found.append(
                Change(
                    _label(field),
                    old_words if m2m_before is not None else missing,
                    ", ".join(sorted(new_set)) or NOT_SET,
                )
            )
    return found


def _pair_text(value_field, unit_field, row, names) -> str:
    value, unit = getattr(row, value_field.attname), getattr(row, unit_field.attname)
    if value is None:
        return NOT_SET
    if unit is None:
        return str(value)
    words = value_text(unit_field, unit, names).lower()
    if value == 1:
        # "1 working days" reads as "1 working day".
        words = words.removesuffix("s")
    return f"{value} {words}"


def history_changes(history_model, rows: list) -> dict[int, list[Change]]:
    """Every row's changes against the copy before it, by history_id: a fixed number of
    queries for any number of rows."""
    before = previous_rows(history_model, rows)
    everything = [*rows, *before.values()]
    names = related_names(history_model, everything)
    snapshots = (
        m2m_snapshots(history_model, [row.history_id for row in everything])
        if getattr(history_model, "_history_m2m_fields", ())
        else {}
    )
    answer = {}
    for row in rows:
        earlier = before.get(row.history_id)
        if row.history_type == REMOVED:
            answer[row.history_id] = []
            continue
        added = row.history_type == ADDED
        answer[row.history_id] = changes(
            history_model,
            None if added else earlier,
            row,
            names=names,
            m2m_before=snapshots.get(earlier.history_id) if earlier and not added else None,
            m2m_after=snapshots.get(row.history_id),
            missing=NOT_SET if added or earlier is not None else NOT_RECORDED,
        )
    return answer


# The field that names a record in a list of changes, after its kind ("Closure day 29
# December 2026", "Service standard General enquiry").
NAMING_FIELDS = ("username", "slug", "name", "code", "date", "weekday", "reason", "kind", "text")


def record_label(history_model, row) -> str:
    """The record a history copy is of, in words: its kind and its name."""
    noun = capfirst(str(history_model.instance_type._meta.verbose_name))
    fields = {field.name: field for field in history_model._meta.concrete_fields}
    for name in NAMING_FIELDS:
        if name in fields:
            return f"{noun} {value_text(fields[name], getattr(row, fields[name].attname))}"
    return f"{noun} number {row.id}"


def profile_history_changes(profile_history_model, child_models, rows: list) -> dict[int, list]:
    """For each copy of one profile (`rows`, newest first), what changed in it and in its
    own records (`child_models`, each with a `profile` key) from then until the profile's
    next copy: the admin saves the profile, then the records edited on its page, so a
    change of office hours alone reads as what it was, not as "Changed" with no difference.
    Each change's label names the record it is about. A fixed number of queries."""
    if not rows:
        return {}
    own = history_changes(profile_history_model, rows)
    profile_id = rows[0].id
    newest = max(row.history_date for row in rows)
    after = (
        profile_history_model.objects.filter(id=profile_id, history_date__gt=newest)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    starts = sorted({row.history_date for row in rows})
    answer = {row.history_id: list(own[row.history_id]) for row in rows}
    by_start = {
        row.history_date: row.history_id for row in sorted(rows, key=lambda r: r.history_id)
    }
    for model in child_models:
        history_model = model.history.model
        children = history_model.objects.filter(profile_id=profile_id, history_date__gte=starts[0])
        if after is not None:
            children = children.filter(history_date__lt=after)
        children = list(children.order_by("history_date", "history_id"))
        found = history_changes(history_model, children)
        for child in children:
            start = max(moment for moment in starts if moment <= child.history_date)
            label = record_label(history_model, child)
            if child.history_type == ADDED:
                lines = [Change(label, "Not there", "Added")]
            elif child.history_type == REMOVED:
                lines = [Change(label, "There", "Removed")]
            else:
                lines = [
                    Change(f"{label}: {change.label}", change.before, change.after)
                    for change in found[child.history_id]
                ]
            answer[by_start[start]].extend(lines)
    return answer
