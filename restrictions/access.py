"""Who may see and do what with restriction cases and decisions (DESIGN.md §6).

Every restrictions view reaches its objects through the `*_get_for_user` helpers here, and
asks the `may_*` predicates before it offers or performs an action; the write services
ask the same predicates and refuse with `PermissionDenied`. Each predicate that refuses
says why in plain words. The profile's approval rules themselves (who approves which kind
of decision) are read by `restrictions.permissions.approver_roles`.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cases.access import customer_get_for_user, incident_get_for_user
from contactpolicy.access import STAFF_ROLES, Answer, require_manager, require_staff
from contactpolicy.roles import (
    MANAGER_ROLES,
    SENIORITY,
    Role,
    holds_post,
    post_label,
    roles_at_least,
)
from contactpolicy.selectors import profile_get_active
from restrictions import review_selectors, selectors
from restrictions.models import Referral, ReferralKind, Stage
from restrictions.permissions import (
    NOBODY_NAMED,
    approver_roles,
    corporate_title_refusal,
    line_manager_refusal,
    sanction_floor,
    service_refusal,
)


def acting_role(user) -> str:
    """The most senior casework role `user` holds: the role they act in, unless a rule
    names another (an approval records the role that allowed it)."""
    held = [role for role in user.roles if role in SENIORITY]
    return max(held, key=lambda role: SENIORITY[role], default="")


# -- Predicates ----------------------------------------------------------------------------


def may_propose(user) -> Answer:
    if user.has_role(*MANAGER_ROLES):
        return Answer(True)
    return Answer(False, "Only a line manager or someone more senior can propose a decision.")


def may_submit(user, decision) -> Answer:
    """The proposer, or any manager, sends a draft (or one sent back) for approval."""
    if user.pk == decision.proposed_by_id or user.is_manager:
        return Answer(True)
    return Answer(False, "Only the proposer or a manager can submit this decision.")


def may_revise(user, decision) -> Answer:
    """The proposer changes their own draft, or their decision sent back; nobody else puts
    words in their name."""
    if user.pk == decision.proposed_by_id and user.has_role(*MANAGER_ROLES):
        return Answer(True)
    return Answer(False, "Only the person who proposed this decision can change it.")


def in_applying_team(user, applier) -> bool:
    """Whether `user` is in the team that applied a restriction, or its line manager
    (Natural England step 4: "the team involved in applying sanctions and their line
    manager"): the applier, their line manager, their reports, and those sharing their
    line manager. Reads only the two people's own columns."""
    manager_id = applier.line_manager_id
    return (
        user.pk == applier.pk
        or user.pk == manager_id
        or user.line_manager_id == applier.pk
        or (manager_id is not None and user.line_manager_id == manager_id)
    )


def _reviewer_refusal(user, applier, reviewing: str, profile, what: str) -> str:
    """Why `user` may not hold a review of what `applier` applied, or "".

    Two rules of Natural England, each a profile setting: a disengagement is reviewed by
    the person who applied it (step 7, `review_by_applier`); sanctions by the team that
    applied them and their line manager (step 4, `sanction_review_by_team`). A restriction
    applied before the applier was recorded names nobody: any manager.
    """
    if profile is None or applier is None:
        return ""
    if reviewing == Stage.DISENGAGED and profile.review_by_applier and applier.pk != user.pk:
        return (
            f"Under the {profile.short_name} policy the person who applied this "
            f"{what}, {applier}, reviews it."
        )
    if (
        reviewing == Stage.SANCTIONED
        and profile.sanction_review_by_team
        and not in_applying_team(user, applier)
    ):
        manager = f" {applier.line_manager}" if applier.line_manager_id else ""
        return (
            f"Under the {profile.short_name} policy the team that applied these sanctions "
            f"and their line manager review them: {applier}, their line manager{manager} and "
            "their team."
        )
    return ""


def may_start_review(user, case=None, profile=None) -> Answer:
    """Managers open reviews, within the profile's rules of who reviews what
    (`_reviewer_refusal`)."""
    if not user.is_manager:
        return Answer(False, "Only a manager can start a review.")
    if case is not None and case.state in (Stage.SANCTIONED, Stage.DISENGAGED):
        applier = case.applied_by if case.applied_by_id is not None else None
        if reason := _reviewer_refusal(user, applier, case.state, profile, "disengagement"):
            return Answer(False, reason)
    return Answer(True)


def may_see_reviews(user) -> bool:
    """Managers: a review weighs the customer's representations and the evidence that
    decisions cite (DESIGN.md §3), so it is seen by those who see decisions."""
    return user.is_authenticated and user.is_manager


def may_hold_review(user, review, profile=None) -> Answer:
    """Whether `user` may start a review, record representations for it and record its
    outcome: a manager, within the profile's rules of who reviews what
    (`_reviewer_refusal`; the review's reviewer is the person who applied the restriction)."""
    if not user.is_manager:
        return Answer(False, "Only a manager can hold a review.")
    applier = review.reviewer if review.reviewer_id is not None else None
    if reason := _reviewer_refusal(user, applier, review.reviewing, profile, "restriction"):
        return Answer(False, reason)
    return Answer(True)


def may_bring_forward(user, profile, requested_by: str = "") -> Answer:
    """Any manager records a request to review early: their own, or the customer's where
    the profile lets a customer who shows a more acceptable approach be reviewed early."""
    if not user.is_manager:
        return Answer(False, "Only a manager can bring a review forward.")
    if requested_by == "customer" and profile is not None and not profile.review_on_request:
        return Answer(
            False,
            f"The {profile.short_name} policy does not review early at the customer's request.",
        )
    return Answer(True)


def may_see_decisions(user) -> bool:
    """Managers and above: a decision records health and distress among the exceptional
    circumstances (DESIGN.md §3), and the audit record names who decided what.

    Other staff see on a customer's timeline only what a decision did (its kind, its
    status, when it took effect and the stage now), with no reasons and no link to a page
    they may not open; what they must do is in the sanction banner (DESIGN.md §5)."""
    return user.is_authenticated and user.is_manager


def may_answer(user, decision, profile, earlier_approvals=()) -> Answer:
    """Whether `user` may approve, send back or reject `decision` now."""
    if decision.proposed_by_id == user.pk:
        return Answer(False, "You proposed this decision, so someone else must approve it.")
    roles, needed, distinct, reserved = approver_roles(
        profile, decision.kind, corporate=decision.corporate
    )
    if not roles:
        return Answer(False, NOBODY_NAMED)
    if not reserved:
        roles = sanction_floor(profile, decision, roles)
    held = [role for role in Role if role in user.roles and role in roles]
    if not held:
        if reserved:
            return Answer(
                False,
                f"The {profile.short_name} policy reserves this decision to the Chief Executive.",
            )
        names = " or ".join(sorted(role.label.lower() for role in roles))
        return Answer(
            False, f"Under the {profile.short_name} policy this decision is approved by a {names}."
        )
    if reason := corporate_title_refusal(profile, decision, user):
        return Answer(False, reason)
    if reason := service_refusal(profile, decision, user):
        return Answer(False, reason)
    if any(a.approver_id == user.pk for a in earlier_approvals):
        return Answer(False, "You have already approved this decision.")
    grade = user.effective_grade
    # Natural England: "always at least two people at different grades involved in the
    # decision". Where one approval is enough, the proposer is the other person.
    two_person = bool(profile.two_person_rule)
    if (distinct or two_person) and any(a.approver_grade == grade for a in earlier_approvals):
        return Answer(
            False,
            f"The {profile.short_name} policy needs approvers of different grades; "
            "someone of your grade has already approved.",
        )
    if two_person and needed == 1 and grade == decision.proposed_by.effective_grade:
        return Answer(
            False,
            f"The {profile.short_name} policy needs two people of different grades in every "
            "decision, and you are the same grade as the person who proposed it.",
        )
    if reason := line_manager_refusal(profile, decision, user, earlier_approvals, needed):
        return Answer(False, reason)
    role = max(held, key=lambda r: SENIORITY.get(r, 0))
    return Answer(True, role=role)


def may_sign_off(user) -> bool:
    return user.has_role(Role.CHIEF_EXECUTIVE)


def may_see_referrals(user) -> bool:
    """Every member of staff reads a customer's referrals (DESIGN.md §8): whoever takes
    their next contact should know the police or another body has been involved."""
    return user.is_authenticated and user.has_role(*STAFF_ROLES)


def may_record_referrals(user) -> Answer:
    """Line managers and above record referrals and mark the customer as told of them."""
    if user.is_authenticated and user.has_role(*MANAGER_ROLES):
        return Answer(True)
    return Answer(False, "Only a line manager or someone more senior can record a referral.")


def may_record_referral_kind(user, profile, kind: str) -> Answer:
    """Whether `user` may record a referral of `kind` under `profile`.

    Seeking the legal team's advice is recorded by any colleague in contact with the
    customer where the profile says so (Natural England, "Site owners": "the colleague in
    contact with the customer may consider speaking to the Legal Team for advice"), and is
    not offered elsewhere. Every other kind follows `may_record_referrals`, and a report
    to the police or the legal team `may_refer_to_police_or_legal` too.
    """
    if kind == ReferralKind.LEGAL_ADVICE:
        if profile is None or not profile.legal_advice_by_colleague:
            short_name = profile.short_name if profile is not None else "organisation's"
            return Answer(
                False,
                f"The {short_name} policy has no advice sought by a colleague: record a "
                "referral to the legal team.",
            )
        if user.is_authenticated and user.has_role(*STAFF_ROLES):
            return Answer(True)
        return Answer(False, "Only a member of staff can record advice sought.")
    if kind in (ReferralKind.POLICE, ReferralKind.LEGAL):
        return may_refer_to_police_or_legal(user, profile)
    return may_record_referrals(user)


def referral_kinds_for(user, profile) -> list[str]:
    """The kinds of referral `user` may record under `profile`, in the order offered."""
    return [kind for kind in ReferralKind.values if may_record_referral_kind(user, profile, kind)]


def may_record_some_referral(user, profile=None) -> Answer:
    """Whether `user` may record any referral at all: the link to the form is offered.
    The profile is read (if not given) only for someone who is not a manager."""
    if answer := may_record_referrals(user):
        return answer
    if profile is None and user.is_authenticated:
        profile = profile_get_active()
    if referral_kinds_for(user, profile):
        return Answer(True)
    return may_record_referrals(user)


def may_refer_to_police_or_legal(user, profile) -> Answer:
    """Whether `user` may report a customer to the police or the legal team.

    The profile's `police_referral_role` names who, at that role or above; unset, any line
    manager or above, as for every referral. Natural England, "Extreme behaviour": "a
    Director will consider whether it is necessary to report the matter to the Legal Team
    and/or the Police" (a Director is the head of service role, ADR 0001).
    """
    if not (answer := may_record_referrals(user)):
        return answer
    role = profile.police_referral_role if profile is not None else None
    if role and not user.has_role(*roles_at_least(role)):
        return Answer(
            False,
            f"Under the {profile.short_name} policy a {Role(role).label.lower()} or someone "
            "more senior reports a customer to the police or the legal team.",
        )
    return Answer(True)


def may_decide_injunction(user, profile) -> Answer:
    """Whether `user` decides whether to seek a court injunction supporting an exclusion.

    Tamworth §8: "the delegated authority for this decision lies with the Head of Customer
    Services": the post the profile names (`injunction_role`, `injunction_title`). A
    profile that names nobody offers the decision to no one.
    """
    role = profile.injunction_role if profile is not None else None
    if not role:
        return Answer(False, "The policy does not provide for seeking a court injunction.")
    title = profile.injunction_title
    if not (user.is_authenticated and holds_post(user, role, title)):
        return Answer(
            False,
            f"Under the {profile.short_name} policy the {post_label(role, title)} decides "
            "whether to seek a court injunction.",
        )
    return Answer(True, role=role)


# -- Objects -------------------------------------------------------------------------------


def _found(found, missing: str):
    """What a selector found, or the 404 page saying what is `missing`."""
    if found is None:
        raise Http404(missing)
    return found


def restriction_case_get_for_user(user, reference: str):
    """Any member of staff may see where a customer's contact management stands."""
    require_staff(user)
    return _found(selectors.case_by_reference(reference), "No restriction case has that reference.")


def review_get_for_user(user, pk: int):
    """One review with its case and customer: managers and above."""
    require_manager(user)
    return _found(review_selectors.review_by_pk(pk), "No review has that number.")


def decision_get_for_user(user, reference: str, *, with_customer_details: bool = False):
    """A decision with everything its page shows: managers and above."""
    require_manager(user)
    return _found(
        selectors.decision_by_reference(reference, with_customer_details=with_customer_details),
        "No decision has that reference.",
    )


def decision_get_for_revision(user, reference: str):
    """A decision its proposer may change: their own draft, or their own sent back."""
    require_manager(user)
    return _found(
        selectors.decision_to_revise(reference, user),
        "You have no draft or decision sent back with that reference.",
    )


def customer_get_for_proposal(user, reference: str):
    """The customer a decision is proposed about: managers and above."""
    require_manager(user)
    return _found(selectors.customer_by_reference(reference), "No customer has that reference.")


def decision_get_for_copy(user, reference: str, customer):
    """An earlier decision of `customer` to start a new proposal from, or None."""
    require_manager(user)
    return selectors.decision_to_copy(reference, customer)


def customer_get_for_referral(user, reference: str, profile=None):
    """The customer a referral is recorded about: whoever may record some kind of
    referral (line managers and above, and colleagues seeking legal advice where the
    profile lets them)."""
    answer = may_record_some_referral(user, profile)
    if not answer:
        raise PermissionDenied(answer.reason)
    return customer_get_for_user(user, reference)


def incident_get_for_police_report(user, reference: str):
    """An incident the policy always reports to the police, for recording why it was not
    reported: whoever may report to the police (`may_refer_to_police_or_legal`)."""
    answer = may_refer_to_police_or_legal(user, profile_get_active())
    if not answer:
        raise PermissionDenied(answer.reason)
    incident = incident_get_for_user(user, reference)
    if not incident.police_report_required:
        raise Http404("That incident is not one the policy always reports to the police.")
    return incident


def exclusion_get_for_injunction(user, pk: int):
    """A building exclusion in force, for its injunction decision: the post the profile
    names (`may_decide_injunction`)."""
    answer = may_decide_injunction(user, profile_get_active())
    if not answer:
        raise PermissionDenied(answer.reason)
    return _found(selectors.exclusion_by_pk(pk), "No building exclusion has that number.")


def referral_get_for_user(user, pk: int) -> Referral:
    """One referral, with its customer: any member of staff."""
    if not may_see_referrals(user):
        raise PermissionDenied("Your role does not allow this.")
    return _found(selectors.referral_by_pk(pk), "No referral has that number.")
