"""Telling people of decisions waiting for them and of what was decided (DESIGN.md §10).

Each function here runs once the transaction that changed the decision or review has
committed (the services call it with `transaction.on_commit`), reads the row afresh and
tells the people concerned through `contactpolicy.reminders.people_tell`, keyed to the
record: a double click, a retried request or a decision submitted again after it was sent
back tells nobody twice, and nobody is told of what they did themselves.
"""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from cases.models import Incident
from cases.notifications import incident_recorded_tell
from contactpolicy.models import ReminderStage, User
from contactpolicy.reminders import people_tell
from contactpolicy.roles import SENIORITY, group_name, holds_post
from contactpolicy.selectors import profile_get_active
from restrictions import access
from restrictions.models import ApprovalOutcome, Decision, DecisionStatus, Review
from restrictions.permissions import approver_roles

DECISION = "restrictions.decision"
REVIEW = "restrictions.review"
WAITING = "decision_waiting"
CONSIDERED = "decision_considered"
DETERMINED = "decision_determined"
REVIEWER_NAMED = "review_named"
# Incidents recorded this recently are told by the catch-up; a manager told today of an
# incident recorded last month would only be confused.
CATCH_UP_DAYS = 2


def _decision(decision_id: int) -> Decision | None:
    return (
        Decision.objects.select_related(
            "restriction_case__customer", "proposed_by", "correspondent__line_manager"
        )
        .prefetch_related("approvals", "sanctions__sanction_type")
        .filter(pk=decision_id)
        .first()
    )


def approvers_waiting(decision: Decision, profile) -> list[User]:
    """Who the profile names to answer `decision` now: of the active staff who may answer
    it (`access.may_answer`), those of the least senior role that may, so a decision a head
    of service approves is not sent to the Chief Executive too, while one reserved to the
    Chief Executive is sent to them alone."""
    if decision.status != DecisionStatus.SUBMITTED:
        return []
    roles, *_ = approver_roles(profile, decision.kind, corporate=decision.corporate)
    if not roles:
        return []
    earlier = [
        a
        for a in decision.approvals.all()
        if a.round == decision.round and a.outcome == ApprovalOutcome.APPROVE
    ]
    candidates = (
        User.objects.filter(is_active=True, groups__name__in=[role.label for role in roles])
        .distinct()
        .order_by("pk")
    )
    able = [user for user in candidates if access.may_answer(user, decision, profile, earlier)]
    if not able:
        return []

    def level(user: User) -> int:
        return min(SENIORITY.get(role, 0) for role in user.roles if role in roles)

    lowest = min(level(user) for user in able)
    return [user for user in able if level(user) == lowest]


def _tell_waiting(
    decision: Decision, profile, actor_id: int | None, approvers: list[User] | None = None
) -> int:
    """Tell `approvers` (by default, whoever the decision waits for now) that it waits for
    them. Returns how many were told now."""
    if approvers is None:
        approvers = approvers_waiting(decision, profile)
    reserved = approver_roles(profile, decision.kind, corporate=decision.corporate)[3]
    customer = decision.restriction_case.customer
    kind = decision.get_kind_display()
    if reserved:
        message = (
            f"Decision {decision.reference} about {customer.name} ({kind}) waits for your sign-off."
        )
        url = reverse("notices:signoff", kwargs={"reference": decision.reference})
    else:
        message = (
            f"Decision {decision.reference} about {customer.name} ({kind}) waits for your approval."
        )
        url = decision.get_absolute_url()
    told = people_tell(
        record_type=DECISION,
        record_id=decision.pk,
        kind=WAITING,
        stage=ReminderStage.ACTION,
        due_on=timezone.localdate(decision.created_at),
        recipient_ids=[user.pk for user in approvers],
        message=message,
        url=url,
        actor_id=actor_id,
    )
    return len(told)


def _post_holders(profile) -> list[int]:
    """The people holding the post the profile tells of decisions being considered."""
    role = profile.consideration_told_to_role
    if not role:
        return []
    title = profile.consideration_told_to_title
    holders = User.objects.filter(is_active=True, groups__name=group_name(role)).order_by("pk")
    return [user.pk for user in holders if holds_post(user, role, title)]


def decision_submitted_tell(decision_id: int, actor_id: int | None = None) -> int:
    """A decision has been put forward: tell its approvers it waits for them (or the Chief
    Executive that it waits for their sign-off), and the post the profile names that a
    customer is being considered (Tamworth §4). A holder of that post who may answer the
    decision is told once, that it waits for them, which says as much. Returns how many
    were told now."""
    decision = _decision(decision_id)
    if decision is None or decision.status != DecisionStatus.SUBMITTED:
        return 0
    profile = profile_get_active()
    approvers = approvers_waiting(decision, profile)
    told = _tell_waiting(decision, profile, actor_id, approvers)
    waited_for = {user.pk for user in approvers}
    customer = decision.restriction_case.customer
    told += len(
        people_tell(
            record_type=DECISION,
            record_id=decision.pk,
            kind=CONSIDERED,
            stage=ReminderStage.INFORMED,
            due_on=timezone.localdate(decision.created_at),
            recipient_ids=[pk for pk in _post_holders(profile) if pk not in waited_for],
            message=(
                f"{customer.name} is being considered under the policy: {decision.proposed_by} "
                f"has put forward decision {decision.reference} "
                f"({decision.get_kind_display()}) for approval."
            ),
            url=decision.get_absolute_url(),
            actor_id=actor_id,
        )
    )
    return told


def decision_answered_tell(decision_id: int, actor_id: int | None = None) -> int:
    """An approver has answered: while the decision still waits for more approvals, tell
    whoever may give the next one; once it is approved or refused, tell the post the
    profile names of the determination (Tamworth §4)."""
    decision = _decision(decision_id)
    if decision is None:
        return 0
    profile = profile_get_active()
    if decision.status == DecisionStatus.SUBMITTED:
        return _tell_waiting(decision, profile, actor_id)
    if decision.status not in {DecisionStatus.APPROVED, DecisionStatus.REJECTED}:
        return 0
    outcome = "approved" if decision.status == DecisionStatus.APPROVED else "refused"
    customer = decision.restriction_case.customer
    told = people_tell(
        record_type=DECISION,
        record_id=decision.pk,
        kind=DETERMINED,
        stage=ReminderStage.INFORMED,
        due_on=timezone.localdate(decision.created_at),
        recipient_ids=_post_holders(profile),
        message=(
            f"Decision {decision.reference} about {customer.name} "
            f"({decision.get_kind_display()}) has been {outcome}."
        ),
        url=decision.get_absolute_url(),
        actor_id=actor_id,
    )
    return len(told)


def review_named_tell(review_id: int, actor_id: int | None = None) -> int:
    """Tell the person named to hold a review that it is theirs, with its date."""
    review = (
        Review.objects.select_related("restriction_case__customer")
        .filter(pk=review_id, reviewer__isnull=False)
        .first()
    )
    if review is None:
        return 0
    customer = review.restriction_case.customer
    told = people_tell(
        record_type=REVIEW,
        record_id=review.pk,
        kind=REVIEWER_NAMED,
        stage=ReminderStage.ACTION,
        due_on=review.first_due_on,
        recipient_ids=[review.reviewer_id],
        message=(
            f"You review the restriction on {customer.name} "
            f"({review.restriction_case.reference}) by {review.due_on:%-d %B %Y}."
        ),
        url=review.get_absolute_url(),
        actor_id=actor_id,
    )
    return len(told)


def work_waiting_catch_up(*, now: datetime | None = None) -> int:
    """Tell what the calls after each commit would have told, worked out from the database:
    every decision waiting for approval, and the incidents of the last days, in case a
    process stopped between a commit and its telling. Told once still, so running it
    beside them, or again, tells nobody twice. Returns how many were told now."""
    now = now or timezone.now()
    told = 0
    waiting = Decision.objects.filter(status=DecisionStatus.SUBMITTED).values_list(
        "pk", "proposed_by_id"
    )
    for pk, proposer in waiting.order_by("pk"):
        told += decision_submitted_tell(pk, proposer)
    recent = Incident.objects.filter(recorded_at__gte=now - timedelta(days=CATCH_UP_DAYS))
    for pk in recent.values_list("pk", flat=True).order_by("pk"):
        told += incident_recorded_tell(pk)
    return told
