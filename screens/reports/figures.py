"""The report (issue 21; DESIGN.md §11): its sections and tables, built from the figures
that `screens.reports.definitions` defines and counts, as the page, the PDF and the CSV
show them."""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from appeals.models import AppealOutcome
from cases.models.contacts import Direction
from contactpolicy.choices import Channel, ContactKind
from restrictions.models.referrals import ReferralKind
from screens.reports.definitions import (
    NONE_ANSWERED,
    NONE_DUE,
    Counted,
    Definitions,
    count_all,
    definitions,
    percentile,
    scoped,
    share_of,
    working_days_to_respond,
)
from screens.reports.model import (
    NO_STANDARD,
    ChartKind,
    Figure,
    Period,
    Report,
    Row,
    Scope,
    Section,
    Table,
    Unit,
)


def build_report(profile, period: Period, scope: Scope, *, today: datetime.date) -> Report:
    """The report for `period` and `scope`, as the page, the PDF and the CSV show it.

    A fixed number of queries whatever the data: the services, one aggregate per kind of
    record, the response times of the contacts answered in the period, and the closure days
    where the profile is not the active one.
    """
    defs = definitions(profile, period, today=today)
    counts = count_all(defs, scope)

    def figure(key: str) -> Figure:
        counted = defs.counted[key]
        return Figure(key, counted.label, counts[key], records=True)

    def cells(keys: Iterable[str]) -> tuple[Figure, ...]:
        return tuple(figure(key) for key in keys)

    sections = [
        _contacts_section(defs, figure, cells),
        _standards_section(profile, defs, counts, figure, scope),
        _incidents_section(defs, counts, figure),
        *_restrictions_sections(defs, figure),
        Section(
            "appeals",
            "Appeals",
            figures=cells(("appeals.received", "appeals.late")),
            tables=(
                Table(
                    "appeals.outcomes",
                    "Appeals decided in the period, by outcome",
                    ("Appeals",),
                    tuple(
                        Row(outcome.label, (figure(f"appeals.outcome.{outcome.value}"),))
                        for outcome in AppealOutcome
                    ),
                ),
            ),
        ),
        Section(
            "referrals",
            "Referrals",
            figures=cells(("referrals.total",)),
            tables=(
                Table(
                    "referrals.kinds",
                    "Referrals by kind",
                    ("Referrals",),
                    tuple(
                        Row(kind.label, (figure(f"referrals.kind.{kind.value}"),))
                        for kind in ReferralKind
                    ),
                ),
            ),
        ),
    ]
    return Report(profile.name, period, scope, tuple(sections))


def _contacts_section(defs: Definitions, figure, cells) -> Section:
    directions = tuple(d.label for d in Direction)
    return Section(
        "contacts",
        "Contacts",
        figures=cells(("contacts.total", "contacts.in", "contacts.out")),
        tables=(
            Table(
                "contacts.channels",
                "Contacts by channel",
                directions,
                tuple(
                    Row(
                        channel.label,
                        cells(f"contacts.channel.{channel.value}.{d.value}" for d in Direction),
                    )
                    for channel in Channel
                ),
            ),
            Table(
                "contacts.kinds",
                "Contacts by kind",
                directions,
                tuple(
                    Row(
                        kind.label,
                        cells(f"contacts.kind.{kind.value}.{d.value}" for d in Direction),
                    )
                    for kind in ContactKind
                ),
            ),
            Table(
                "contacts.months",
                "Contacts by month",
                directions,
                tuple(
                    Row(label, cells(f"contacts.month.{code}.{d.value}" for d in Direction))
                    for code, label, _first, _last in defs.window.months()
                ),
                chart=ChartKind.LINE,
                description="Incoming and outgoing contacts in each month of the period.",
            ),
        ),
    )


def _standards_section(profile, defs: Definitions, counts, figure, scope: Scope) -> Section:
    def absent(key: str, label: str, unit: Unit, missing: str) -> Figure:
        return Figure(key, label, None, unit, missing=missing)

    def share(key: str, label: str, on_time: str, due: str, applies: bool) -> Figure:
        if not applies:
            return absent(key, label, Unit.PERCENT, NO_STANDARD)
        value = share_of(counts[on_time], counts[due])
        return Figure(
            key, label, value, Unit.PERCENT, missing="" if value is not None else NONE_DUE
        )

    ack, resp = defs.acknowledge_standard, defs.respond_standard
    figures: list[Figure] = []
    if ack:
        figures += [figure("standards.acknowledge.due"), figure("standards.acknowledge.on_time")]
    figures.append(
        share(
            "standards.acknowledge.share",
            "Share acknowledged on time",
            "standards.acknowledge.on_time",
            "standards.acknowledge.due",
            ack,
        )
    )
    if resp:
        figures += [figure("standards.respond.due"), figure("standards.respond.on_time")]
    figures.append(
        share(
            "standards.respond.share",
            "Share answered on time",
            "standards.respond.on_time",
            "standards.respond.due",
            resp,
        )
    )
    median_label = "Median working days to respond"
    p90_label = "90th percentile of working days to respond"
    if resp:
        figures.append(figure("standards.respond.answered"))
        days = working_days_to_respond(profile, defs.window, scope)
        if days:
            median = Decimal(str(statistics.median(days))).quantize(Decimal("0.1"), ROUND_HALF_UP)
            figures += [
                Figure("standards.respond.median", median_label, median, Unit.WORKING_DAYS),
                Figure("standards.respond.p90", p90_label, percentile(days, 90), Unit.WORKING_DAYS),
            ]
        else:
            figures += [
                absent("standards.respond.median", median_label, Unit.WORKING_DAYS, NONE_ANSWERED),
                absent("standards.respond.p90", p90_label, Unit.WORKING_DAYS, NONE_ANSWERED),
            ]
        figures.append(figure("standards.overdue"))
    else:
        figures += [
            absent("standards.respond.median", median_label, Unit.WORKING_DAYS, NO_STANDARD),
            absent("standards.respond.p90", p90_label, Unit.WORKING_DAYS, NO_STANDARD),
            absent(
                "standards.overdue",
                "Overdue now" if defs.window.current else "Overdue at the period's end",
                Unit.COUNT,
                NO_STANDARD,
            ),
        ]
    rows = tuple(
        Row(
            channel.label,
            (
                share(
                    f"standards.channel.{channel.value}.acknowledge.share",
                    f"Acknowledged on time by {channel.label.lower()}",
                    f"standards.channel.{channel.value}.acknowledge.on_time",
                    f"standards.channel.{channel.value}.acknowledge.due",
                    ack,
                ),
                share(
                    f"standards.channel.{channel.value}.respond.share",
                    f"Answered on time by {channel.label.lower()}",
                    f"standards.channel.{channel.value}.respond.on_time",
                    f"standards.channel.{channel.value}.respond.due",
                    resp,
                ),
            ),
        )
        for channel in Channel
    )
    return Section(
        "standards",
        "Service standards",
        figures=tuple(figures),
        tables=(
            Table(
                "standards.channels",
                "On-time performance by channel",
                ("Acknowledged on time", "Answered on time"),
                rows,
                chart=ChartKind.BAR if (ack or resp) else ChartKind.NONE,
                description="The share of acknowledgements and of replies due in the period "
                "that were made on time, for each channel.",
            ),
        ),
    )


def _incidents_section(defs: Definitions, counts, figure) -> Section:
    return Section(
        "incidents",
        "Incidents",
        figures=(figure("incidents.total"), figure("incidents.hate")),
        tables=(
            Table(
                "incidents.categories",
                "Incidents by category",
                ("Incidents",),
                tuple(
                    Row(category.name, (figure(f"incidents.category.{category.code}"),))
                    for category in defs.categories
                ),
                chart=ChartKind.BAR,
                description="How many incidents of each category of behaviour were recorded "
                "in the period.",
            ),
            Table(
                "incidents.services",
                "Incidents by service",
                ("Incidents",),
                (
                    *(
                        Row(service.name, (figure(f"incidents.service.{service.pk}"),))
                        for service in defs.services
                        # A service added since has no row: a past period's report
                        # stays the same.
                        if counts[f"incidents.service.{service.pk}"]
                    ),
                    Row("No service recorded", (figure("incidents.service.none"),)),
                ),
            ),
            Table(
                "incidents.months",
                "Incidents by month",
                ("Incidents",),
                tuple(
                    Row(label, (figure(f"incidents.month.{code}"),))
                    for code, label, _first, _last in defs.window.months()
                ),
                chart=ChartKind.LINE,
                description="How many incidents were recorded in each month of the period.",
            ),
        ),
    )


def _restrictions_sections(defs: Definitions, figure) -> list[Section]:
    restrictions = Section(
        "restrictions",
        "Restrictions",
        figures=tuple(
            figure(key)
            for key in (
                "restrictions.warnings",
                "restrictions.started",
                "restrictions.varied",
                "restrictions.disengagements",
                "restrictions.lifted",
                "restrictions.ended",
                "restrictions.in_force",
                "restrictions.exclusions",
            )
        ),
    )
    breaches = Section(
        "breaches",
        "Breaches",
        figures=(figure("breaches.total"),),
        tables=(
            Table(
                "breaches.kinds",
                "Breaches by arrangement breached",
                ("Breaches",),
                tuple(
                    Row(label, (figure(f"breaches.kind.{kind}"),))
                    for kind, label in defs.sanction_kinds
                ),
            ),
        ),
    )
    reviews = Section(
        "reviews",
        "Reviews",
        figures=tuple(figure(key) for key in ("reviews.held", "reviews.on_time", "reviews.late")),
    )
    return [restrictions, breaches, reviews]


def figure_records(
    key: str, profile, period: Period, scope: Scope, *, today: datetime.date
) -> tuple[Counted, QuerySet] | None:
    """The figure `key` and the records it counted, or None for a key no figure has."""
    counted = definitions(profile, period, today=today).counted.get(key)
    if counted is None:
        return None
    rows = scoped(counted.kind, scope).filter(counted.where)
    if counted.distinct:
        rows = rows.distinct()
    return counted, rows
