"""A restricted customer for the demonstration, put through the real lifecycle.

Under the BTPA profile: incidents of abuse on the telephone, a warning and then sanctions
(telephone on Tuesdays and Thursdays 10:00–12:00 for at most 15 minutes, and one named
officer), proposed by the manager and signed off by the Chief Executive, each taking
effect when `issue` (the notices app's, passed in by the combining screens) issues its
notice.
"""

from collections.abc import Callable
from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from cases.models import Customer
from cases.services import incident_record
from contactpolicy.choices import Channel, DecisionKind
from contactpolicy.selectors import profile_get_active
from restrictions.completeness import Proposal
from restrictions.models import EXCEPTIONAL_CIRCUMSTANCES, ApprovalOutcome, RestrictionCase
from restrictions.sanctions import named_officer, telephone_schedule
from restrictions.services import (
    ProposedSanction,
    decision_answer,
    decision_propose,
    decision_submit,
)


def _answers(profile) -> dict:
    return {
        "checklist": {
            item.code: {"satisfied": True, "notes": "Confirmed from the case file and call notes."}
            for item in profile.checklist_items.all()
        },
        "exceptional_circumstances": {
            code: {"applies": False, "notes": "Nothing in the contact history suggests this."}
            for code, _ in EXCEPTIONAL_CIRCUMSTANCES
        },
        "impact_on_business": "Calls several times a day take an officer away from other customers.",
        "impact_on_customer": "She can still call at set times and write at any time; her claim is still handled.",
    }


@transaction.atomic
def create_demo_restriction(
    users: dict, issue: Callable, customer_name: str = "Priya Sharma"
) -> bool:
    """Put the named demo customer under sanctions; nothing if any restriction case exists.

    `issue(decision, actor)` issues an approved decision's notice, which makes it take effect.
    """
    profile = profile_get_active()
    if profile.shipped_as != "btpa" or RestrictionCase.objects.exists():
        return False
    customer = Customer.objects.filter(name=customer_name).first()
    if customer is None:
        return False
    categories = {c.code: c for c in profile.behaviour_categories.all()}
    now = timezone.now()
    first = incident_record(
        recorded_by=users["caseworker"],
        customer=customer,
        category=categories.get("C") or profile.behaviour_categories.all()[0],
        occurred_at=now - timedelta(days=40),
        channel=Channel.TELEPHONE,
        description="Called eleven times in one morning demanding an immediate answer.",
    )
    manager, chief = users["manager"], users["chief"]
    warning = decision_propose(
        actor=manager,
        customer=customer,
        proposal=Proposal(
            kind=DecisionKind.WARN,
            reasons="Repeated calls in quick succession have stopped the team answering others.",
            incidents=[first],
            **_answers(profile),
        ),
    )
    decision_submit(decision=warning, actor=manager)
    warning = decision_answer(
        decision=warning, actor=chief, outcome=ApprovalOutcome.APPROVE, confirmed_checklist=True
    )
    issue(warning, chief)
    second = incident_record(
        recorded_by=users["caseworker"],
        customer=customer,
        category=categories.get("A") or profile.behaviour_categories.all()[0],
        occurred_at=now - timedelta(days=6),
        channel=Channel.TELEPHONE,
        description="Swore at the officer and said she would make his life difficult.",
    )
    types = {t.kind: t for t in profile.sanction_types.all()}
    sanction = decision_propose(
        actor=manager,
        customer=customer,
        proposal=Proposal(
            kind=DecisionKind.SANCTION,
            reasons="The calls continued after the warning and became abusive.",
            incidents=[second],
            proportionality="Written contact is unaffected; calls are limited, not refused.",
            review_due=timezone.localdate() + timedelta(days=90),
            sanctions=[
                ProposedSanction(
                    sanction_type=types[telephone_schedule.KIND],
                    weekdays=[1, 3],
                    window_start=time(10, 0),
                    window_end=time(12, 0),
                    max_minutes=15,
                ),
                ProposedSanction(
                    sanction_type=types[named_officer.KIND],
                    officer=users["caseworker"],
                    deputy=manager,
                ),
            ],
            **_answers(profile),
        ),
    )
    decision_submit(decision=sanction, actor=manager)
    sanction = decision_answer(
        decision=sanction, actor=chief, outcome=ApprovalOutcome.APPROVE, confirmed_checklist=True
    )
    issue(sanction, chief)
    return True
