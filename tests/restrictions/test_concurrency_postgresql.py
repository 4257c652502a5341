"""Concurrent approvals cannot both win (DESIGN.md §13 "Reliable"; ADR 0003).

Two people answer at the same moment, each in their own thread with their own database
connection, against a real PostgreSQL server (SQLite serialises every writer, so it proves
nothing here). To make sure the two really overlap, the winner is held inside its transaction
for a moment after taking its row lock; the loser must wait for it and then see the outcome.

Run with: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pytest <this file>
"""

import threading
import time
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from contactpolicy.roles import Role
from restrictions import services
from restrictions.models import Approval, Decision, DecisionStatus, RestrictionCase, Stage
from restrictions.services import TransitionRefused
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import (
    approve,
    incident,
    person,
    propose_and_submit,
    sanction_of,
)
from tests.services import require_postgresql

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]

HOLD = 0.3  # seconds the first thread keeps its lock


@dataclass
class Outcome:
    result: object = None
    error: Exception | None = None
    finished_at: float = 0.0


def run_together(*calls) -> list[Outcome]:
    """Start `calls` at the same instant in threads; each closes its connection when done."""
    barrier = threading.Barrier(len(calls))
    outcomes = [Outcome() for _ in calls]

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index].result = call()
        except Exception as error:  # the test inspects what each thread raised
            outcomes[index].error = error
        finally:
            outcomes[index].finished_at = time.monotonic()
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a thread is still waiting: a deadlock?"
    return outcomes


def hold_after(monkeypatch, name: str) -> list[float]:
    """Sleep for HOLD after `services.<name>` returns (it runs while the row locks are held).
    Returns the list of moments each call started sleeping."""
    real = getattr(services, name)
    started: list[float] = []

    def slowed(*args, **kwargs):
        result = real(*args, **kwargs)
        started.append(time.monotonic())
        time.sleep(HOLD)
        return result

    monkeypatch.setattr(services, name, slowed)
    return started


@pytest.fixture
def postgresql():
    require_postgresql()


def test_two_chief_executives_approve_the_same_decision_at_once(
    postgresql, activate_profile, monkeypatch
):
    profile = activate_profile("btpa")
    manager, recorder = person(Role.LINE_MANAGER), person(Role.CASEWORKER)
    customer = CustomerFactory()
    warn = propose_and_submit(
        manager, customer, "warn", incidents=[incident(customer, recorder)], review_in_days=None
    )
    approve(warn, person(Role.CHIEF_EXECUTIVE))  # BTPA §8.12: every decision is the CE's
    decision = propose_and_submit(
        manager,
        customer,
        "sanction",
        incidents=[incident(customer, recorder, days_ago=1)],
        sanctions=[
            sanction_of(profile, "one_method", channel="letter"),
            sanction_of(profile, "calls_recorded"),
        ],
    )
    assert profile.rule_for("sanction").reserved_to_chief_executive
    chiefs = [person(Role.CHIEF_EXECUTIVE), person(Role.CHIEF_EXECUTIVE)]
    case = customer.restriction_cases.get()
    assert case.state == Stage.WARNED
    holds = hold_after(monkeypatch, "decision_apply")

    outcomes = run_together(*[lambda chief=chief: approve(decision, chief) for chief in chiefs])

    winners = [o for o in outcomes if o.error is None]
    losers = [o for o in outcomes if o.error is not None]
    assert len(winners) == 1, [o.error for o in outcomes]
    assert len(losers) == 1
    assert isinstance(losers[0].error, ValidationError)
    assert losers[0].error.messages == ["This decision has already been answered: it is approved."]
    # The loser waited on the winner's lock rather than racing past it.
    assert len(holds) == 1
    assert losers[0].finished_at >= holds[0] + HOLD * 0.9

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED
    assert Approval.objects.filter(decision=decision).count() == 1
    assert Approval.objects.get(decision=decision).approver in chiefs
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED
    assert case.history.filter(state=Stage.SANCTIONED).count() == 1
    for sanction in decision.sanctions.all():
        assert sanction.status == "active"
        assert sanction.history.filter(status="active").count() == 1
    # One row for the approval, one for its application: each happened once.
    approved = decision.history.filter(status=DecisionStatus.APPROVED)
    assert approved.filter(applied_at__isnull=True).count() == 1
    assert approved.filter(applied_at__isnull=False).count() == 1


def test_two_decisions_from_the_same_stage_applied_at_once(
    postgresql, activate_profile, monkeypatch
):
    """Two managers each proposed a warning for the same customer; two Chief Executives
    (BTPA §8.12 reserves warnings to them) approve them at the same moment. The case moves
    once; the other is refused and kept."""
    activate_profile("btpa")
    recorder = person(Role.CASEWORKER)
    customer = CustomerFactory()
    decisions = [
        propose_and_submit(
            person(Role.LINE_MANAGER),
            customer,
            "warn",
            incidents=[incident(customer, recorder)],
            review_in_days=None,
        )
        for _ in range(2)
    ]
    heads = [person(Role.CHIEF_EXECUTIVE), person(Role.CHIEF_EXECUTIVE)]
    case = customer.restriction_cases.get()
    assert case.state == Stage.MONITORING
    # Hold the winner after it has locked the case and checked the guards.
    holds = hold_after(monkeypatch, "refusal_for")

    outcomes = run_together(
        *[
            lambda decision=decision, head=head: approve(decision, head)
            for decision, head in zip(decisions, heads, strict=True)
        ]
    )

    errors = [o.error for o in outcomes if o.error is not None]
    assert len(errors) == 1, errors
    assert isinstance(errors[0], TransitionRefused)
    assert str(errors[0]) == "A decision to warn cannot be made while the case stage is “Warned”."
    assert len(holds) == 2  # both reached the guards: the second only after the first committed
    assert abs(holds[1] - holds[0]) >= HOLD * 0.9

    case = RestrictionCase.objects.get(pk=case.pk)
    assert case.state == Stage.WARNED
    assert case.history.filter(state=Stage.WARNED).count() == 1
    statuses = sorted(
        Decision.objects.filter(pk__in=[d.pk for d in decisions]).values_list("status", flat=True)
    )
    assert statuses == [DecisionStatus.APPROVED, DecisionStatus.SUBMITTED]
    # The refused approval was rolled back with its transaction: the decision waits, unanswered.
    refused = Decision.objects.get(
        pk__in=[d.pk for d in decisions], status=DecisionStatus.SUBMITTED
    )
    assert not refused.approvals.exists()
    assert refused.applied_at is None
