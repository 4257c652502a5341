"""Put a customer under restriction through the services, for the enforcement, register,
referral and browser tests."""

from datetime import time, timedelta

from django.utils import timezone

from cases.services import customer_create
from contactpolicy.selectors import profile_get_active
from restrictions.models import DecisionStatus
from restrictions.services import decision_answer
from tests.restrictions.factories import incident, issue_notice, propose_and_submit, sanction_of


def customer_named(name: str, by, **kwargs):
    return customer_create(created_by=by, name=name, **kwargs)


def decide(customer, kind, *, proposer, approvers, recorder, extreme=True, **kwargs):
    """Propose, submit and approve a decision citing a fresh incident; returns the case."""
    evidence = incident(customer, recorder, extreme=extreme, days_ago=kwargs.pop("days_ago", 3))
    decision = propose_and_submit(proposer, customer, kind, incidents=[evidence], **kwargs)
    for approver in approvers:
        decision = decision_answer(
            decision=decision, actor=approver, outcome="approve", confirmed_checklist=True
        )
        if decision.status != DecisionStatus.SUBMITTED:
            break
    assert decision.status == DecisionStatus.APPROVED, decision.status
    if decision.applied_at is None:
        issue_notice(decision, approver)
    return customer.restriction_cases.get()


def sanction(customer, *sanctions, proposer, approvers, recorder, **kwargs):
    """Impose sanctions at once, on the extreme path (no warning first)."""
    return decide(
        customer,
        "sanction",
        proposer=proposer,
        approvers=approvers,
        recorder=recorder,
        sanctions=list(sanctions),
        **kwargs,
    )


def telephone_outside_today(profile=None, **params):
    """A telephone window that never includes today, so a call now is outside it."""
    profile = profile or profile_get_active()
    today = timezone.localdate().weekday()
    days = [(today + 1) % 7, (today + 3) % 7]
    return sanction_of(
        profile,
        "telephone_schedule",
        weekdays=days,
        window_start=time(10, 0),
        window_end=time(12, 0),
        max_minutes=15,
        **params,
    )


def telephone_all_day_today(profile=None):
    """A telephone window covering the whole of today, so a call now is inside it."""
    profile = profile or profile_get_active()
    return sanction_of(
        profile,
        "telephone_schedule",
        weekdays=[timezone.localdate().weekday()],
        window_start=time(0, 0),
        window_end=time(23, 59),
        max_minutes=15,
    )


def just_now():
    """A received time a minute ago, as the contact form's fields."""
    moment = timezone.localtime() - timedelta(minutes=1)
    if moment.date() != timezone.localdate():  # just after midnight: keep it today
        moment = timezone.localtime()
    return {
        "received_date_0": str(moment.day),
        "received_date_1": str(moment.month),
        "received_date_2": str(moment.year),
        "received_time": moment.strftime("%H:%M"),
    }
