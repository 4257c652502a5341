"""Reports built by hand, as `screens.reports.figures` would hand them to an output: a
quarter for a whole council, with trends by month, on-time shares by channel, incidents by
category with long names, sections of summary figures only, figures that do not apply and
small counts."""

import datetime
from decimal import Decimal

from screens.reports.model import (
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

QUARTER = Period(
    start=datetime.date(2026, 10, 1),
    end=datetime.date(2026, 12, 31),
    label="1 October to 31 December 2026",
)
MONTHS = ("October 2026", "November 2026", "December 2026")
CHANNELS = ("Email", "Letter", "Telephone", "Web form", "In person")
CATEGORIES = (
    "Abusive, threatening or discriminatory language towards staff",
    "Unreasonable persistence after a final decision",
    "Excessive telephone calls to the contact centre",
    "Threats of violence",
    "Recording staff without consent and posting online",
    "Hate incident",
    "Damage to council property",
    "Other",
)


def trend_table(*, incidents=(41, 37, 52), contacts=(1204, 1311, 978)) -> Table:
    rows = tuple(
        Row(
            month,
            (
                Figure(f"trend.{i}.contacts", "Contacts", contacts[i]),
                Figure(f"trend.{i}.incidents", "Incidents", incidents[i]),
            ),
        )
        for i, month in enumerate(MONTHS)
    )
    return Table(
        key="trend.month",
        title="Contacts and incidents by month",
        columns=("Contacts", "Incidents"),
        rows=rows,
        chart=ChartKind.LINE,
    )


def on_time_table(*, acknowledged=None, answered=None) -> Table:
    acknowledged = acknowledged or (
        Decimal("96.4"),
        Decimal("88"),
        Decimal("100"),
        Decimal("91.25"),
        None,
    )
    answered = answered or (Decimal("81.5"), Decimal("73.3"), None, Decimal("85"), None)
    rows = tuple(
        Row(
            channel,
            (
                Figure(
                    f"on_time.{slug}.acknowledged",
                    "Acknowledged on time",
                    acknowledged[i],
                    Unit.PERCENT,
                ),
                Figure(f"on_time.{slug}.answered", "Answered on time", answered[i], Unit.PERCENT),
            ),
        )
        for i, (channel, slug) in enumerate(
            zip(CHANNELS, ("email", "letter", "telephone", "web", "in_person"), strict=True)
        )
    )
    return Table(
        key="standards.on_time.channel",
        title="Contacts acknowledged and answered on time, by channel",
        columns=("Acknowledged on time", "Answered on time"),
        rows=rows,
        chart=ChartKind.BAR,
        description="Share of contacts acknowledged and answered within the service standard, by channel.",
    )


def category_table(counts=(23, 17, 31, 4, 2, 3, 1, 9)) -> Table:
    return Table(
        key="incidents.category",
        title="Incidents by category",
        columns=("Incidents",),
        rows=tuple(
            Row(name, (Figure(f"incidents.category.{i}", name, counts[i], records=True),))
            for i, name in enumerate(CATEGORIES)
        ),
        chart=ChartKind.BAR,
    )


def long_table(rows: int = 60) -> Table:
    return Table(
        key="breaches.arrangement",
        title="Breaches by arrangement",
        columns=("Breaches", "Warnings sent"),
        rows=tuple(
            Row(
                f"Arrangement {n:02d}: one named officer",
                (
                    Figure(f"breaches.{n}", "Breaches", n % 7),
                    Figure(f"warnings.{n}", "Warnings", n % 3),
                ),
            )
            for n in range(1, rows + 1)
        ),
    )


def full_report(*, standards: bool = True, long: bool = False) -> Report:
    """A whole council's quarter. Without `standards`, the profile sets no service standard:
    every on-time figure is None."""
    on_time = (
        on_time_table()
        if standards
        else on_time_table(acknowledged=(None,) * 5, answered=(None,) * 5)
    )
    none = None
    sections = [
        Section(
            key="contacts",
            title="Contacts",
            figures=(
                Figure("contacts.total", "Contacts received", 3493, records=True),
                Figure("contacts.media", "Media enquiries", 3, records=True),
            ),
            tables=(trend_table(),),
        ),
        Section(
            key="standards",
            title="Service standards",
            figures=(
                Figure(
                    "standards.acknowledged",
                    "Acknowledged on time",
                    Decimal("93.1") if standards else none,
                    Unit.PERCENT,
                ),
                Figure(
                    "standards.answered",
                    "Answered on time",
                    Decimal("80.2") if standards else none,
                    Unit.PERCENT,
                ),
                Figure(
                    "standards.median",
                    "Median time to respond",
                    Decimal("4.5") if standards else none,
                    Unit.WORKING_DAYS,
                ),
                Figure(
                    "standards.p90",
                    "90th percentile time to respond",
                    Decimal("12") if standards else none,
                    Unit.WORKING_DAYS,
                ),
                Figure("standards.overdue", "Overdue now", 14 if standards else none, records=True),
            ),
            tables=(on_time,),
        ),
        Section(
            key="incidents",
            title="Incidents",
            figures=(
                Figure("incidents.total", "Incidents recorded", 90, records=True),
                Figure("incidents.hate", "Hate and inequality incidents", 3, records=True),
            ),
            tables=(category_table(),),
        ),
        Section(
            key="restrictions",
            title="Restrictions",
            figures=(
                Figure("restrictions.started", "Started", 6, records=True),
                Figure("restrictions.varied", "Varied", 2, records=True),
                Figure("restrictions.lifted", "Lifted", 1, records=True),
                Figure("restrictions.ended", "Ended", 0, records=True),
                Figure("restrictions.in_force", "In force on 31 December 2026", 27, records=True),
                Figure("restrictions.disengagements", "Disengagements", 4, records=True),
                Figure("restrictions.exclusions", "Building exclusions", 0, records=True),
            ),
        ),
        Section(
            key="reviews",
            title="Reviews",
            figures=(
                Figure("reviews.on_time", "Held on time", 11, records=True),
                Figure("reviews.late", "Held late", 2, records=True),
            ),
        ),
        Section(
            key="appeals",
            title="Appeals",
            figures=(
                Figure("appeals.received", "Received", 5, records=True),
                Figure("appeals.late", "Received late", 1, records=True),
                Figure("appeals.upheld", "Upheld", 1, records=True),
                Figure("appeals.dismissed", "Dismissed", 3, records=True),
            ),
            tables=(long_table(),) if long else (),
        ),
    ]
    return Report(
        organisation="Tamworth Borough Council",
        period=QUARTER,
        scope=Scope("The whole organisation"),
        sections=tuple(sections),
    )
