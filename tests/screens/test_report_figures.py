"""Every figure of the report for a known quarter, against values counted by hand
(issue 21, item 1). The records are in `tests/screens/reports_data.py`, each placed for
one figure or one edge of the period."""

import datetime
from decimal import Decimal

import pytest

from screens.reports.figures import build_report, figure_records
from screens.reports.forms import period_named
from screens.reports.model import Scope, Unit
from tests.screens.reports_data import TODAY, build_quarter

pytestmark = pytest.mark.django_db

Q3 = period_named("2026-Q3")
WHOLE = Scope("The whole organisation")

ZERO_CHANNELS = ("social_media", "visit")
EXPECTED_WHOLE = {
    # Contacts: c1 (midnight opening the quarter), c2 (23:59 on its last day), c5, c6, c7.
    "contacts.total": 5,
    "contacts.in": 4,
    "contacts.out": 1,
    "contacts.channel.email.in": 2,
    "contacts.channel.email.out": 0,
    "contacts.channel.letter.in": 2,
    "contacts.channel.letter.out": 0,
    "contacts.channel.telephone.in": 0,
    "contacts.channel.telephone.out": 1,
    **{f"contacts.channel.{c}.{d}": 0 for c in ZERO_CHANNELS for d in ("in", "out")},
    "contacts.kind.general.in": 3,
    "contacts.kind.general.out": 1,
    "contacts.kind.complaint.in": 1,
    "contacts.kind.complaint.out": 0,
    "contacts.kind.media.in": 0,
    "contacts.month.2026-07.in": 1,
    "contacts.month.2026-07.out": 0,
    "contacts.month.2026-08.in": 1,
    "contacts.month.2026-08.out": 1,
    "contacts.month.2026-09.in": 2,
    "contacts.month.2026-09.out": 0,
    # Acknowledgements due in the quarter: c1 (on time), c7 (late); c2's falls in October.
    "standards.acknowledge.due": 2,
    "standards.acknowledge.on_time": 1,
    "standards.acknowledge.share": Decimal("50.0"),
    # Responses due: c1 and c7 on time; c4 (received before the quarter) and c6 late.
    "standards.respond.due": 4,
    "standards.respond.on_time": 2,
    "standards.respond.share": Decimal("50.0"),
    # Answered in the quarter: c1 in 7 working days, c4 in 2, c7 in 5 (c6 in October).
    "standards.respond.answered": 3,
    "standards.respond.median": Decimal("5.0"),
    "standards.respond.p90": Decimal("7"),
    # c6 was due on 29 September and answered on 5 October.
    "standards.overdue": 1,
    "standards.channel.email.acknowledge.share": Decimal("100.0"),
    "standards.channel.email.respond.share": Decimal("33.3"),
    "standards.channel.letter.acknowledge.share": Decimal("0.0"),
    "standards.channel.letter.respond.share": Decimal("100.0"),
    "standards.channel.telephone.acknowledge.share": None,
    "standards.channel.telephone.respond.share": None,
    # Incidents: the one at 23:59 on 30 September is in; the one at 00:30 on 1 October not.
    "incidents.total": 3,
    "incidents.hate": 1,
    "incidents.category.A": 2,
    "incidents.category.B": 1,
    "incidents.category.C": 0,
    "incidents.month.2026-07": 1,
    "incidents.month.2026-08": 1,
    "incidents.month.2026-09": 1,
    "incidents.service.none": 1,
    # Decisions that took effect in the quarter.
    "restrictions.warnings": 0,
    "restrictions.started": 1,
    "restrictions.varied": 1,
    "restrictions.disengagements": 0,
    "restrictions.lifted": 1,
    # Sanctions: one ended on 10 August, one lifted on 30 September.
    "restrictions.ended": 2,
    # The one in force since May (spanning the quarter) and the exclusion from 1 September.
    "restrictions.in_force": 2,
    "restrictions.exclusions": 1,
    # Breaches by c6 and c2; c1 was permitted and c3 came in October.
    "breaches.total": 2,
    "breaches.kind.one_method": 2,
    "breaches.kind.named_officer": 1,
    "breaches.kind.refuse_all": 0,
    # Reviews: held a day early, held at 23:00 on the day due, held a day late.
    "reviews.held": 3,
    "reviews.on_time": 2,
    "reviews.late": 1,
    "appeals.received": 2,
    "appeals.late": 1,
    "appeals.outcome.upheld": 1,
    "appeals.outcome.partly_upheld": 0,
    "appeals.outcome.not_upheld": 1,
    "referrals.total": 3,
    "referrals.kind.police": 1,
    "referrals.kind.legal": 1,
    "referrals.kind.sharing": 1,
    "referrals.kind.legal_advice": 0,
}


@pytest.fixture
def quarter(btpa_active):
    return build_quarter(btpa_active)


def values(report) -> dict:
    return {figure.key: figure.value for figure in report.figures()}


def test_every_figure_of_the_quarter_matches_the_count_by_hand(btpa_active, quarter):
    report = build_report(btpa_active, Q3, WHOLE, today=TODAY)
    got = values(report)
    assert {key: got[key] for key in EXPECTED_WHOLE} == EXPECTED_WHOLE
    services = {
        f"incidents.service.{quarter.housing.pk}": 1,
        f"incidents.service.{quarter.parking.pk}": 1,
    }
    assert {key: got[key] for key in services} == services


@pytest.mark.parametrize("scope", ["whole", "team", "service"])
def test_keys_are_unique_and_every_count_lists_its_records(btpa_active, quarter, scope):
    scope = {
        "whole": WHOLE,
        "team": Scope("Tess Lead's team", team_lead_id=quarter.lead.pk),
        "service": Scope("Housing", service_id=quarter.housing.pk),
    }[scope]
    report = build_report(btpa_active, Q3, scope, today=TODAY)
    keys = [figure.key for figure in report.figures()]
    assert len(keys) == len(set(keys))
    for figure in report.figures():
        if not figure.records:
            continue
        _counted, rows = figure_records(figure.key, btpa_active, Q3, scope, today=TODAY)
        assert rows.count() == figure.value, figure.key


def test_the_records_of_a_figure_are_those_counted(btpa_active, quarter):
    _counted, rows = figure_records("contacts.total", btpa_active, Q3, WHOLE, today=TODAY)
    received = sorted(c.received_at for c in rows)
    assert received[0] == datetime.datetime(2026, 6, 30, 23, 0, tzinfo=datetime.UTC)
    assert received[-1] == datetime.datetime(2026, 9, 30, 22, 59, tzinfo=datetime.UTC)
    assert figure_records("no.such.figure", btpa_active, Q3, WHOLE, today=TODAY) is None


def test_a_team_counts_what_its_members_handled_recorded_or_decided(btpa_active, quarter):
    """Tess's team is Tess and Mo, who reports to her; Otto is in no team of hers."""
    team = Scope("Tess Lead's team", team_lead_id=quarter.lead.pk)
    got = values(build_report(btpa_active, Q3, team, today=TODAY))
    expected = {
        "contacts.total": 3,  # c1, c5, c6: Mo's
        "contacts.in": 2,
        "standards.respond.due": 2,  # c1 on time, c6 late
        "standards.respond.on_time": 1,
        "standards.respond.share": Decimal("50.0"),
        "standards.respond.median": Decimal("7.0"),  # c1 only
        "standards.overdue": 1,
        "incidents.total": 2,  # recorded by Mo
        "incidents.hate": 1,
        "restrictions.started": 1,
        "restrictions.varied": 0,  # proposed by Otto
        "restrictions.lifted": 1,
        "breaches.total": 1,  # c6 is Mo's; c2 is Otto's
        "reviews.held": 2,  # Mo reviewed two; Otto one
        "appeals.received": 2,
        "referrals.total": 2,  # the legal referral is Otto's
    }
    assert {key: got[key] for key in expected} == expected


def test_a_service_counts_its_matters_and_incidents(btpa_active, quarter):
    housing = Scope("Housing", service_id=quarter.housing.pk)
    got = values(build_report(btpa_active, Q3, housing, today=TODAY))
    expected = {
        "contacts.total": 2,  # c1 and c6 are about the housing matter
        "contacts.out": 0,
        "standards.respond.due": 2,
        "standards.overdue": 1,
        "incidents.total": 1,
        "incidents.hate": 1,
        "breaches.total": 1,
        # The customer has a housing matter: their restriction counts for Housing.
        "restrictions.in_force": 2,
        "referrals.total": 3,
    }
    assert {key: got[key] for key in expected} == expected


def test_a_past_quarter_is_the_same_whenever_it_is_asked_for(btpa_active, quarter):
    first = build_report(btpa_active, Q3, WHOLE, today=TODAY)
    later = build_report(btpa_active, Q3, WHOLE, today=datetime.date(2027, 6, 1))
    assert first == later


def test_the_current_quarter_counts_what_is_overdue_now(btpa_active, quarter):
    """On 15 September c6 (due 29 September) is not yet overdue, and nothing else is."""
    today = datetime.date(2026, 9, 15)
    report = build_report(btpa_active, Q3, WHOLE, today=today)
    overdue = next(f for f in report.figures() if f.key == "standards.overdue")
    assert overdue.label == "Overdue now"
    assert overdue.value == 0


def test_with_no_service_standard_the_standards_do_not_apply(activate_profile):
    """Tamworth sets no service standard for correspondence: its report says so rather than
    counting against a target the policy never set."""
    tamworth = activate_profile("tamworth")
    report = build_report(tamworth, Q3, WHOLE, today=TODAY)
    standards = next(s for s in report.sections if s.key == "standards")
    shares = [f for f in standards.figures if f.unit is not Unit.COUNT or f.value is None]
    assert {f.key for f in shares} >= {
        "standards.acknowledge.share",
        "standards.respond.share",
        "standards.respond.median",
        "standards.respond.p90",
        "standards.overdue",
    }
    assert all(f.value is None and f.missing == "No standard set" for f in standards.figures)
    for row in standards.tables[0].rows:
        assert all(f.value is None and f.missing == "No standard set" for f in row.figures)


def test_figures_under_five_are_marked_small(btpa_active, quarter):
    report = build_report(btpa_active, Q3, WHOLE, today=TODAY)
    small = {f.key for f in report.figures() if f.small}
    assert "contacts.total" not in small  # 5
    assert "contacts.in" in small  # 4
    assert "contacts.channel.visit.in" not in small  # 0 points to no one


def test_the_tables_say_what_their_charts_show(btpa_active, quarter):
    report = build_report(btpa_active, Q3, WHOLE, today=TODAY)
    tables = {t.key: t for s in report.sections for t in s.tables}
    assert tables["contacts.months"].chart == "line"
    assert [r.label for r in tables["contacts.months"].rows] == [
        "July 2026",
        "August 2026",
        "September 2026",
    ]
    assert tables["incidents.months"].chart == "line"
    assert tables["standards.channels"].chart == "bar"
    assert tables["incidents.categories"].chart == "bar"
    assert all(tables[k].description for k in tables if tables[k].chart)
