"""Invariants of the lifecycle over random sequences of decisions (hypothesis).

Two levels. The state machine itself, in memory, over many sequences and profiles: every
guard, no database. Then the real services on a real database over a few sequences, each
example rolled back so the next starts clean.

The invariants (DESIGN.md §4): a restricting stage always has a review date; nobody is
disengaged from without sanctions first unless extreme behaviour was cited; nobody is
sanctioned without a warning unless excused; Natural England re-engages only after two clean
years; the stage changes only through an approved decision (or the opening of a review).
"""

import itertools
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contactpolicy.choices import DecisionKind
from contactpolicy.refusals import Refused, proceed
from contactpolicy.roles import Role
from contactpolicy.workcalendar import add_calendar_months
from restrictions.models import RESTRICTING_STATES, RestrictionCase, SanctionStatus, Stage
from restrictions.models.lifecycle import Applying
from restrictions.services import review_start
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import (
    approve,
    incident,
    person,
    propose_and_submit,
    sanction_of,
)


@dataclass(frozen=True)
class Step:
    kind: str  # a DecisionKind, or "review" to open a review
    approved: bool = True
    extreme: bool = False
    excused: bool = False
    review_due: bool = True
    partial: bool = False


mostly = st.sampled_from([True, True, True, False])
steps = st.one_of(
    st.just(Step("review")),
    st.builds(
        Step,
        kind=st.sampled_from(DecisionKind.values),
        approved=mostly,
        extreme=st.booleans(),
        excused=st.booleans(),
        review_due=mostly,
        partial=st.booleans(),
    ),
)
profiles = st.builds(
    SimpleNamespace,
    short_name=st.just("Test"),
    warning_first=st.booleans(),
    extreme_skips_warning=st.booleans(),
    reengage_clean_months=st.sampled_from([None, 24]),
    # The machine here runs on cases without a customer; whether an agent's client was
    # contacted is proved in test_agent_client_contacted_first.
    agent_client_contact_first=st.just(False),
)


def stub_decision(step: Step) -> SimpleNamespace:
    return SimpleNamespace(
        status="approved" if step.approved else "submitted",
        is_approved=step.approved,
        cites_extreme_behaviour=step.extreme,
        warning_not_possible_approved="No address to write to" if step.excused else "",
        review_due=timezone.localdate() + timedelta(days=90) if step.review_due else None,
        scope="partial" if step.partial else "all",
        scope_topics="One topic" if step.partial else "",
    )


def re_engages(before: Stage, before_review: str, after: Stage) -> bool:
    disengaged = before == Stage.DISENGAGED or (
        before == Stage.UNDER_REVIEW and before_review == Stage.DISENGAGED
    )
    return disengaged and after in (Stage.SANCTIONED, Stage.LIFTED)


@settings(max_examples=300, deadline=None, database=None)
@given(
    profile=profiles,
    sequence=st.lists(steps, min_size=1, max_size=12),
    months_since_incident=st.integers(min_value=0, max_value=40),
)
def test_state_machine_invariants(profile, sequence, months_since_incident):
    today = timezone.localdate()
    case = RestrictionCase()
    last_incident = add_calendar_months(today, -months_since_incident)
    case.last_incident_on = lambda: last_incident
    clean = months_since_incident >= 24
    warned = sanctioned = False

    for step in sequence:
        before, before_review = case.state, case.state_before_review
        if step.kind == "review":
            if case.state in (Stage.SANCTIONED, Stage.DISENGAGED):
                case.start_review()
                assert (case.state, case.state_before_review) == (Stage.UNDER_REVIEW, before)
            continue
        decision = stub_decision(step)
        try:
            proceed(
                case,
                case.transition_for(step.kind),
                decision,
                applying=Applying(decision, profile),
            )
        except Refused:
            allowed = False
        else:
            allowed = True
        after = case.state

        if not allowed:
            assert (after, case.state_before_review) == (before, before_review)
        else:
            assert step.approved, "only an approved decision moves the case"
            if step.kind == DecisionKind.WARN:
                warned = True
            if step.kind == DecisionKind.SANCTION:
                assert (
                    warned
                    or not profile.warning_first
                    or (step.extreme and profile.extreme_skips_warning)
                    or step.excused
                ), "sanctioned without a warning, and not excused"
                sanctioned = True
            if step.kind == DecisionKind.DISENGAGE:
                assert sanctioned or step.extreme, "disengaged without sanctions, not extreme"
            if profile.reengage_clean_months and re_engages(before, before_review, after):
                assert clean, "re-engaged within two years of an incident"

        # After every step, whatever happened:
        if case.state in RESTRICTING_STATES:
            assert case.review_due is not None
        if case.state == Stage.LIFTED:
            assert case.review_due is None
        assert (case.state == Stage.UNDER_REVIEW) == bool(case.state_before_review)


# -- The same, through the services and the database ----------------------------------------


@pytest.fixture
def tamworth(activate_profile):
    return activate_profile("tamworth")


DB_KINDS = ["warn", "sanction", "vary", "extend_exclusion", "disengage", "continue", "lift"]
db_steps = st.lists(
    st.one_of(
        st.just(("review", False)),
        st.tuples(st.sampled_from(DB_KINDS), st.booleans()),
    ),
    min_size=1,
    max_size=4,
)


@pytest.mark.django_db
@settings(
    max_examples=8,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=db_steps)
def test_services_keep_the_invariants(tamworth, sequence):
    with transaction.atomic():
        _run(tamworth, sequence)
        transaction.set_rollback(True)  # the next example starts from an empty slate


def _run(profile, sequence):
    proposer, head = person(Role.LINE_MANAGER), person(Role.HEAD_OF_SERVICE)
    recorder = person(Role.CASEWORKER)
    customer = CustomerFactory()
    sanctions = {
        "sanction": [sanction_of(profile, "one_method", channel="letter")],
        "vary": [sanction_of(profile, "one_method", channel="email")],
        "extend_exclusion": [
            sanction_of(profile, "building_exclusion", buildings="Marmion House", permanent=True)
        ],
    }
    moves = 0
    for kind, extreme in sequence:
        case = customer.restriction_cases.first()
        try:
            if kind == "review":
                if case is None:
                    continue
                before = case.state
                case = review_start(case=case, actor=head)
                moves += before != Stage.UNDER_REVIEW
            else:
                cites = kind in {"warn", "sanction", "disengage", "extend_exclusion"} or extreme
                evidence = [incident(customer, recorder, extreme=extreme)] if cites else []
                decision = propose_and_submit(
                    proposer,
                    customer,
                    kind,
                    incidents=evidence,
                    sanctions=sanctions.get(kind, ()),
                    review_in_days=None if kind in {"warn", "lift"} else 60,
                )
                approve(decision, head)
                moves += 1
        except (ValidationError, Refused):
            pass  # refused, with nothing kept
        case = customer.restriction_cases.first()
        if case is None:
            continue
        case.refresh_from_db()
        if case.state in RESTRICTING_STATES:
            assert case.review_due is not None
            assert case.review_due > timezone.localdate()
        if case.state == Stage.DISENGAGED:
            applied = case.decisions.filter(kind="disengage", applied_at__isnull=False).latest(
                "applied_at"
            )
            assert case.sanctioned_at is not None or applied.cites_extreme_behaviour
        if case.state in (Stage.MONITORING, Stage.WARNED, Stage.LIFTED):
            assert not case.sanctions.filter(status=SanctionStatus.ACTIVE).exists()
        # The stage changed only through applied decisions and opened reviews: one history
        # row each, after the row that created the case.
        assert case.history.count() == 1 + moves
        assert case.decisions.filter(applied_at__isnull=False).count() + reviews(case) == moves


def reviews(case) -> int:
    """How many times the case's history enters "under review"."""
    rows = list(case.history.order_by("history_date", "history_id"))
    return sum(
        1
        for previous, row in itertools.pairwise(rows)
        if row.state == Stage.UNDER_REVIEW and previous.state != Stage.UNDER_REVIEW
    )
