"""Helpers to drive a customer through the lifecycle in tests."""

from datetime import timedelta

from django.utils import timezone

from cases.services import incident_record
from contactpolicy.selectors import profile_get_active
from restrictions.models import EXCEPTIONAL_CIRCUMSTANCES
from restrictions.services import ProposedSanction, decision_propose, decision_submit


def incident(customer, user, *, extreme=False, days_ago=3, **kwargs):
    profile = profile_get_active()
    categories = [c for c in profile.behaviour_categories.all() if c.is_extreme == extreme]
    return incident_record(
        recorded_by=user,
        customer=customer,
        category=kwargs.pop("category", categories[0]),
        occurred_at=timezone.now() - timedelta(days=days_ago),
        channel=kwargs.pop("channel", "telephone"),
        description=kwargs.pop("description", "Shouted at the officer and swore repeatedly"),
        **kwargs,
    )


def full_answers(profile):
    checklist = {
        item.code: {"satisfied": True, "notes": "Checked on the case file"}
        for item in profile.checklist_items.all()
    }
    exceptional = {
        code: {"applies": False, "notes": "No sign of this in the contact history"}
        for code, _ in EXCEPTIONAL_CIRCUMSTANCES
    }
    return checklist, exceptional


def sanction_of(profile, kind, **params):
    stype = next(s for s in profile.sanction_types.all() if s.kind == kind)
    return ProposedSanction(sanction_type=stype, **params)


def propose_and_submit(
    proposer, customer, kind, *, incidents=(), sanctions=(), review_in_days=90, **kwargs
):
    profile = profile_get_active()
    checklist, exceptional = full_answers(profile)
    decision = decision_propose(
        proposer=proposer,
        customer=customer,
        kind=kind,
        reasons=kwargs.pop(
            "reasons", "Repeated abuse of staff on the telephone despite requests to stop."
        ),
        incidents=incidents,
        checklist=checklist,
        exceptional_circumstances=exceptional,
        impact_on_business="Two officers spend a day a week on these calls.",
        impact_on_customer="The customer can still write; their case is still handled.",
        proportionality="Only the telephone is restricted; written contact is unaffected.",
        review_due=(timezone.localdate() + timedelta(days=review_in_days))
        if review_in_days
        else None,
        sanctions=sanctions,
        **kwargs,
    )
    return decision_submit(decision=decision, by=proposer)
