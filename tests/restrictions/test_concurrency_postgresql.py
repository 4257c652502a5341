"""Concurrent approvals and issues cannot both win (DESIGN.md §13 "Reliable"; ADR 0003).

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

from contactpolicy import refusals
from contactpolicy.refusals import Refused
from contactpolicy.roles import Role
from notices import services as notice_services
from notices.models import Notice, NoticeState
from notices.services import notice_draft_for_decision, notice_issue
from restrictions import services
from restrictions.models import Approval, Decision, DecisionStatus, RestrictionCase, Stage
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


def hold_after(monkeypatch, name: str, module=services, when=None) -> list[float]:
    """Sleep for HOLD after `<module>.<name>` returns (it runs while the row locks are held),
    for the calls `when(*args)` accepts (all by default). Returns the list of moments each
    held call started sleeping."""
    real = getattr(module, name)
    started: list[float] = []

    def slowed(*args, **kwargs):
        result = real(*args, **kwargs)
        if when is not None and not when(*args):
            return result
        started.append(time.monotonic())
        time.sleep(HOLD)
        return result

    monkeypatch.setattr(module, name, slowed)
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
    # Hold the winner after it has locked the decision and the case and asked the guards.
    holds = hold_after(monkeypatch, "kind_refusal")

    outcomes = run_together(
        *[lambda chief=chief: approve(decision, chief, issue=False) for chief in chiefs]
    )

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
    assert decision.applied_at is None  # it takes effect when its notice is issued
    assert Approval.objects.filter(decision=decision).count() == 1
    assert Approval.objects.get(decision=decision).approver in chiefs
    case.refresh_from_db()
    assert case.state == Stage.WARNED


def test_two_people_issue_the_same_notice_at_once(postgresql, activate_profile, monkeypatch):
    """The notice is the moment of effect (DESIGN.md §4): issued twice at once, it is
    issued, rendered, stored and applied once."""
    profile = activate_profile("btpa")
    manager, recorder, chief = (
        person(Role.LINE_MANAGER),
        person(Role.CASEWORKER),
        person(Role.CHIEF_EXECUTIVE),
    )
    customer = CustomerFactory()
    warn = propose_and_submit(
        manager, customer, "warn", incidents=[incident(customer, recorder)], review_in_days=None
    )
    approve(warn, chief)
    decision = propose_and_submit(
        manager,
        customer,
        "sanction",
        incidents=[incident(customer, recorder, days_ago=1)],
        sanctions=[sanction_of(profile, "one_method", channel="letter")],
    )
    decision = approve(decision, chief, issue=False)
    notice = notice_draft_for_decision(decision=decision, actor=manager)
    # BTPA reserves the decision to the Chief Executive, who issues its notice.
    issuers = [chief, person(Role.CHIEF_EXECUTIVE)]
    holds = hold_after(monkeypatch, "decision_apply", module=notice_services)

    outcomes = run_together(
        *[lambda issuer=issuer: notice_issue(notice=notice, actor=issuer) for issuer in issuers]
    )

    losers = [o for o in outcomes if o.error is not None]
    assert len(losers) == 1, [o.error for o in outcomes]
    assert isinstance(losers[0].error, Refused)
    assert str(losers[0].error) == "This notice is already issued, not yet sent."
    assert len(holds) == 1
    assert losers[0].finished_at >= holds[0] + HOLD * 0.9

    notice.refresh_from_db()
    assert notice.state == NoticeState.ISSUED and notice.sha256
    decision.refresh_from_db()
    assert decision.applied_at is not None
    case = customer.restriction_cases.get()
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
    """Two managers each proposed a warning for the same customer; the Chief Executive
    (BTPA §8.12 reserves warnings to them) approved both, and their notices are issued at
    the same moment. The case moves once; the other is refused and nothing of it issued."""
    activate_profile("btpa")
    recorder, chief = person(Role.CASEWORKER), person(Role.CHIEF_EXECUTIVE)
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
    notices = [
        notice_draft_for_decision(decision=approve(d, chief, issue=False), actor=chief)
        for d in decisions
    ]
    issuers = [chief, person(Role.CHIEF_EXECUTIVE)]
    case = customer.restriction_cases.get()
    assert case.state == Stage.MONITORING
    # Hold the winner after it has locked the case and checked the guards.
    # The notices' own transitions ask the same machinery: hold only the case's guards.
    holds = hold_after(
        monkeypatch,
        "refusal_for",
        module=refusals,
        when=lambda instance, *rest: isinstance(instance, RestrictionCase),
    )

    outcomes = run_together(
        *[
            lambda notice=notice, issuer=issuer: notice_issue(notice=notice, actor=issuer)
            for notice, issuer in zip(notices, issuers, strict=True)
        ]
    )

    errors = [o.error for o in outcomes if o.error is not None]
    assert len(errors) == 1, errors
    assert isinstance(errors[0], Refused)
    assert str(errors[0]) == "A decision to warn cannot be made while the case stage is “Warned”."
    assert len(holds) == 2  # both reached the guards: the second only after the first committed
    assert abs(holds[1] - holds[0]) >= HOLD * 0.9
    assert sorted(
        Notice.objects.filter(pk__in=[n.pk for n in notices]).values_list("state", flat=True)
    ) == [
        NoticeState.DRAFT,
        NoticeState.ISSUED,
    ]

    case = RestrictionCase.objects.get(pk=case.pk)
    assert case.state == Stage.WARNED
    assert case.history.filter(state=Stage.WARNED).count() == 1
    # The refused issue was rolled back with its transaction: its decision is approved but
    # has not taken effect, and its notice is still a draft with nothing stored.
    applied = sorted(
        Decision.objects.filter(pk__in=[d.pk for d in decisions]).values_list(
            "applied_at", flat=True
        ),
        key=lambda moment: moment is None,
    )
    assert applied[0] is not None and applied[1] is None
    draft = Notice.objects.get(pk__in=[n.pk for n in notices], state=NoticeState.DRAFT)
    assert not draft.sha256 and not draft.file
