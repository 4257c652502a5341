"""Helpers to drive a customer through the lifecycle in tests."""

import html
import re
from datetime import timedelta

from django.utils import timezone
from django.utils.html import strip_tags

from cases.access import may_mark_extreme
from cases.services import incident_mark_extreme, incident_record
from restrictions.completeness import Proposal
from restrictions.models import EXCEPTIONAL_CIRCUMSTANCES
from restrictions.services import ProposedSanction, decision_propose, decision_submit


def _active_profile_row():
    """The active profile without its prefetches: one query, for helpers that need one list."""
    from contactpolicy.models import PolicyProfile

    return PolicyProfile.objects.get(is_active=True)


def incident(customer, user, *, extreme=False, days_ago=3, **kwargs):
    category = kwargs.pop("category", None)
    if category is None:
        categories = _active_profile_row().behaviour_categories
        category = categories.filter(is_extreme=extreme).first()
        if category is None:
            category = categories.first()
    # Natural England: no category is extreme in itself; a Director marks the incident that
    # is, after whoever saw it has recorded it.
    mark = kwargs.pop("extreme", extreme and not category.is_extreme)
    recorded = incident_record(
        recorded_by=user,
        customer=customer,
        category=category,
        occurred_at=timezone.now() - timedelta(days=days_ago),
        channel=kwargs.pop("channel", "telephone"),
        description=kwargs.pop("description", "Shouted at the officer and swore repeatedly"),
        **kwargs,
    )
    if mark:
        profile = _active_profile_row()
        marker = user
        if not may_mark_extreme(user, profile) and profile.extreme_marked_by_role:
            marker = person(profile.extreme_marked_by_role)
        recorded = incident_mark_extreme(actor=marker, incident=recorded)
    return recorded


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
    proposer,
    customer,
    kind,
    *,
    incidents=(),
    sanctions=(),
    review_in_days=90,
    correspondent=None,
    review=None,
    **kwargs,
):
    """Propose and submit a complete decision; `kwargs` are more of the `Proposal`'s answers."""
    checklist, exceptional = full_answers(_active_profile_row())
    decision = decision_propose(
        actor=proposer,
        customer=customer,
        proposal=Proposal(
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
        ),
        correspondent=correspondent,
        review=review,
    )
    return decision_submit(decision=decision, actor=proposer)


# -- Added for the lifecycle tests: people, answers, contacts checked against restrictions --


def person(role, username=None, **kwargs):
    """A member of staff holding `role` (grade from the role unless `grade=` is given)."""
    from tests.factories import UserFactory

    if username is not None:
        kwargs["username"] = username
    return UserFactory(roles=[role] if role else [], **kwargs)


def approve(decision, approver, *, issue=True, **kwargs):
    """One approval, with the checklist confirmed; returns the decision as it now stands.

    When it is the last approval needed, the approver issues the decision's notice, the
    moment the decision takes effect (DESIGN.md §4); `issue=False` leaves it approved and
    waiting for its notice.
    """
    from restrictions.models import DecisionStatus
    from restrictions.services import decision_answer

    # The approver confirms the proposer's reason why no warning was possible, if any
    # (DESIGN.md §4); a test of the approver's own record passes its own.
    kwargs.setdefault("warning_not_possible_reason", decision.warning_not_possible_reason)
    decision = decision_answer(
        decision=decision, actor=approver, outcome="approve", confirmed_checklist=True, **kwargs
    )
    if issue and decision.status == DecisionStatus.APPROVED and decision.applied_at is None:
        issue_notice(decision, approver)
        decision.refresh_from_db()
    return decision


def issue_notice(decision, issuer):
    """Draft and issue the decision's notice, which makes the decision take effect."""
    from notices.services import notice_draft_for_decision, notice_issue

    notice = notice_draft_for_decision(decision=decision, actor=issuer)
    return notice_issue(notice=notice, actor=issuer)


def letter_text(decision) -> str:
    """The words of the letter the decision's page shows, as plain text, one line per line."""
    from contactpolicy.selectors import profile_get_active
    from notices.selectors import decision_notice_preview

    preview = decision_notice_preview(decision, None, profile_get_active())
    return html.unescape(strip_tags(re.sub(r"<br>|</p>|</li>|</h2>", "\n", preview.body)))


def category(profile, code):
    return next(c for c in profile.behaviour_categories.all() if c.code == code)


def sanction_type(profile, code):
    """A sanction from the profile's catalogue by its code, e.g. "telephone-schedule"."""
    return next(s for s in profile.sanction_types.all() if s.code == code)


def active_sanctions(restriction_case):
    from restrictions.models import SanctionStatus

    return list(
        restriction_case.sanctions.filter(status=SanctionStatus.ACTIVE).select_related(
            "sanction_type", "officer", "deputy"
        )
    )


def check_contact(customer, by, *, channel, received_at=None, sender="", **kwargs):
    """Log a contact, assess it against the restriction in force and record the check.

    Returns (assessment, contact check). Keyword arguments: `case` (the matter it is about),
    `officer` (who it reached), `different_topic`, and `contact_log` fields.
    """
    from cases.services import ContactDetails, contact_log
    from restrictions.banner import restriction_in_force
    from restrictions.enforcement import assess
    from restrictions.services import contact_check_record

    profile = _active_profile_row()
    matter = kwargs.pop("case", None)
    officer = kwargs.pop("officer", None)
    different_topic = kwargs.pop("different_topic", False)
    received_at = received_at or timezone.now()
    contact = contact_log(
        logged_by=by,
        details=ContactDetails(
            channel=channel,
            received_at=received_at,
            summary=kwargs.pop("summary", "Contact from a customer under restriction"),
            sender=sender,
            case=matter,
            **kwargs,
        ),
        customer=customer,
        officer=officer,
    )
    restriction = restriction_in_force(customer)
    assessment = assess(
        restriction,
        active_sanctions(restriction),
        channel=channel,
        moment=received_at,
        officer=officer or by,
        contact_case=matter,
        sender=sender,
        different_topic=different_topic,
        script=profile.termination_script,
    )
    check = contact_check_record(
        contact=contact, assessment=assessment, actor=by, different_topic=different_topic
    )
    return assessment, check


def approve_all(decision, approvers):
    """Approve with each of `approvers` in turn until the decision is decided."""
    from restrictions.models import DecisionStatus

    for approver in approvers:
        decision = approve(decision, approver)
        if decision.status != DecisionStatus.SUBMITTED:
            break
    return decision


# The stages a case can be driven to, with the review's origin told apart.
STAGES = (
    "monitoring",
    "warned",
    "sanctioned",
    "disengaged",
    "under_review_of_sanctions",
    "under_review_of_disengagement",
    "lifted",
)


def drive_to(customer, stage, *, proposer, approvers, recorder=None):
    """Take the customer's restriction case to `stage` (one of STAGES) the lawful way:
    warned, then sanctioned (contact by letter only), then disengaged, reviewed or lifted,
    each decision approved by `approvers` in turn. Returns the case."""
    from restrictions.services import restriction_case_for, review_start

    profile = _active_profile_row()
    recorder = recorder or proposer
    if stage == "monitoring":
        return restriction_case_for(customer, actor=proposer)

    def decide(kind, **kwargs):
        evidence = [incident(customer, recorder, days_ago=kwargs.pop("days_ago", 5))]
        decision = propose_and_submit(proposer, customer, kind, incidents=evidence, **kwargs)
        return approve_all(decision, approvers)

    decide("warn", review_in_days=None, days_ago=20)
    if stage == "lifted":
        lift = propose_and_submit(
            proposer, customer, "lift", reasons="Behaviour has improved.", review_in_days=None
        )
        approve_all(lift, approvers)
    if stage in {"warned", "lifted"}:
        return customer.restriction_cases.get()
    decide("sanction", sanctions=[sanction_of(profile, "one_method", channel="letter")])
    if stage in {"disengaged", "under_review_of_disengagement"}:
        decide("disengage", days_ago=2)
    case = customer.restriction_cases.get()
    if stage.startswith("under_review"):
        case = review_start(case=case, actor=proposer)
    return case
