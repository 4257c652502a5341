"""Who may record, investigate and decide appeals, per profile (DESIGN.md §7).

Every appeals view reaches an appeal through `appeal_get_for_user` and asks the `may_*`
predicates before it offers or performs an action; the services ask the same predicates
and refuse with `PermissionDenied`. Each refusal says why in plain words.

- Any member of staff records an appeal the customer sent, acknowledges it and records a
  withdrawal: it may reach any of them.
- Assigning the investigator, and investigating, is for the role the profile sends appeals
  to (Tamworth §10: the Head of Customer Services) or above; unset, a line manager or above.
- Only the assigned investigator records the findings.
- The decider is of the role the profile names (Tamworth §10: a member of CMT) or above;
  unset, of a role that may approve the decision appealed against. Never one of those who
  made that decision: its proposer or an approver.
- A late appeal is accepted or refused by the profile's `appeal_late_decided_by_role`, or
  else by whoever may decide it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from appeals import rules
from appeals.models import Appeal
from contactpolicy.access import STAFF_ROLES, Answer, require_staff
from contactpolicy.roles import MANAGER_ROLES
from restrictions.models import ApprovalOutcome
from restrictions.permissions import approver_roles


def _holds(user, roles: set) -> bool:
    return user.is_authenticated and bool(user.roles & roles)


def may_see(user) -> bool:
    return user.is_authenticated and user.has_role(*STAFF_ROLES)


def may_record(user, profile) -> Answer:
    if not may_see(user):
        return Answer(False, "Only a member of staff can record an appeal.")
    if not rules.has_appeal_route(profile):
        return Answer(
            False,
            f"The {profile.short_name} policy gives no appeal against a decision: the "
            "customer can complain instead.",
        )
    return Answer(True)


def may_acknowledge(user) -> Answer:
    """Acknowledging drafts a notice, which managers do (`notices.access.may_draft`)."""
    if user.is_authenticated and user.has_role(*MANAGER_ROLES):
        return Answer(True)
    return Answer(False, "Only a line manager or someone more senior can acknowledge an appeal.")


def may_withdraw(user) -> Answer:
    if may_see(user):
        return Answer(True)
    return Answer(False, "Only a member of staff can record that an appeal was withdrawn.")


def _as_investigator(user, profile, what: str) -> Answer:
    """Whether `user` holds a role the profile sends appeals to; if not, who does `what`."""
    roles = rules.investigator_roles(profile)
    if _holds(user, roles):
        return Answer(True)
    return Answer(
        False, f"Under the {profile.short_name} policy a {rules.role_names(roles)} {what}."
    )


def may_assign(user, profile) -> Answer:
    return _as_investigator(user, profile, "assigns and investigates appeals")


def may_investigate(user, profile) -> Answer:
    """Whether `user` may be assigned to investigate an appeal."""
    return _as_investigator(user, profile, "investigates appeals")


def may_record_findings(user, appeal: Appeal) -> Answer:
    if appeal.investigator_id is not None and appeal.investigator_id == user.pk:
        return Answer(True)
    return Answer(False, "Only the investigator assigned to this appeal records its findings.")


def decider_roles(profile, appeal: Appeal) -> set:
    roles, _, _, _ = approver_roles(
        profile, appeal.decision.kind, corporate=appeal.decision.corporate
    )
    return rules.decider_roles(profile, roles)


def original_decision_makers(appeal: Appeal) -> set[int]:
    """The people who made the decision appealed against: its proposer and approvers."""
    decision = appeal.decision
    approvers = {
        a.approver_id for a in decision.approvals.all() if a.outcome == ApprovalOutcome.APPROVE
    }
    return {decision.proposed_by_id, *approvers}


def may_decide(user, appeal: Appeal, profile) -> Answer:
    roles = decider_roles(profile, appeal)
    if not roles:
        return Answer(False, "The policy names nobody who decides this appeal.")
    if not _holds(user, roles):
        return Answer(
            False,
            f"Under the {profile.short_name} policy a {rules.role_names(roles)} decides "
            f"this {appeal.term}.",
        )
    if user.pk in original_decision_makers(appeal):
        return Answer(
            False,
            f"You took part in {appeal.decision.reference}, the decision appealed against: "
            "someone who did not must decide the appeal.",
        )
    return Answer(True)


def may_decide_late(user, appeal: Appeal, profile) -> Answer:
    roles = rules.late_decider_roles(profile, decider_roles(profile, appeal))
    if _holds(user, roles):
        return Answer(True)
    return Answer(
        False,
        f"Under the {profile.short_name} policy a {rules.role_names(roles)} accepts or "
        "refuses a late appeal.",
    )


def appeal_get_for_user(user, reference: str) -> Appeal:
    """One appeal with what its page shows: any member of staff."""
    require_staff(user)
    from appeals import selectors

    appeal = selectors.appeal_by_reference(reference)
    if appeal is None:
        raise Http404("No appeal has that reference.")
    return appeal


def require(answer: Answer) -> None:
    if not answer:
        raise PermissionDenied(answer.reason)
