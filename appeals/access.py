"""Who may record, investigate and decide appeals, per profile (DESIGN.md §7).

Every appeals view reaches an appeal through `appeal_get_for_user` and asks the `may_*`
predicates before it offers or performs an action; the services ask the same predicates
and refuse with `PermissionDenied`. Each refusal says why in plain words.

- Any member of staff records an appeal the customer sent, acknowledges it and records a
  withdrawal: it may reach any of them.
- Assigning the investigator, and investigating, is for the post the profile sends appeals
  to (Tamworth §10: the Head of Customer Services, a role and a job title); unset, a line
  manager or above. Nobody who took part in the decision appealed investigates it. Where
  someone of that post made it (Tamworth: the Head of Customer Services approves corporate
  decisions), the profile's alternative investigator may assign and investigate.
- Only the assigned investigator records the findings.
- The decider is of the role the profile names (Tamworth §10: a member of CMT) or above;
  unset, of a role that may approve the decision appealed against. Never one of those who
  made that decision: its proposer or an approver. Where someone of the decider's post
  made it, the profile's alternative decider may decide (Tamworth: another member of CMT).
- A late appeal is accepted or refused by the profile's `appeal_late_decided_by_role`, or
  else by whoever may decide it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from appeals import rules
from appeals.models import Appeal
from contactpolicy import posts
from contactpolicy.access import STAFF_ROLES, Answer, require_staff
from contactpolicy.models import User
from contactpolicy.roles import MANAGER_ROLES, Role
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


def investigators(profile, appeal: Appeal | None = None) -> list:
    """The posts that may investigate `appeal`: the profile's (Tamworth §10: the Head of
    Customer Services) and, where someone holding it took part in the decision appealed
    against, the profile's alternative investigator too. Without an appeal, the first only."""
    first = rules.investigator_post(profile)
    alternative = posts.alternative_investigator_post(profile)
    if alternative and appeal is not None and first_choice_took_part(appeal, [first]):
        return [first, alternative]
    return [first]


def who_investigates(profile, appeal: Appeal) -> str:
    """Who investigates `appeal`, in a sentence for its page."""
    first = rules.investigator_post(profile)
    words = f"{first.someone[0].upper()}{first.someone[1:]} who did not make "
    words += f"{appeal.decision.reference} investigates it."
    if alternative := posts.alternative_investigator_post(profile):
        words += f" If every such person took part, {alternative.someone} investigates it."
    return words


def may_assign(user, profile, appeal: Appeal | None = None) -> Answer:
    """Whether `user` holds the post the profile sends appeals to, which assigns them; or,
    for an appeal whose first-choice investigator took part in the decision, the
    alternative investigator's post."""
    named = investigators(profile, appeal)
    if any(post.held_by(user) for post in named):
        return Answer(True)
    return Answer(
        False,
        f"Under the {profile.short_name} policy {rules.someone_of(named)} assigns and "
        "investigates appeals.",
    )


def may_investigate(user, profile, appeal: Appeal) -> Answer:
    """Whether `user` may be assigned to investigate `appeal`: of the profile's post (or,
    where someone of that post took part in the decision appealed against, of the
    alternative's), and no part of that decision themselves."""
    first = rules.investigator_post(profile)
    alternative = posts.alternative_investigator_post(profile)
    holds_first = first.held_by(user)
    if not holds_first and not (alternative and alternative.held_by(user)):
        named = investigators(profile, appeal)
        return Answer(
            False,
            f"Under the {profile.short_name} policy {rules.someone_of(named)} investigates "
            f"{'appeals' if len(named) == 1 else 'this ' + appeal.term}.",
        )
    if user.pk in original_decision_makers(appeal):
        return Answer(
            False,
            f"{user.get_full_name() or user.username} took part in "
            f"{appeal.decision.reference}, the decision appealed against: someone who did "
            "not must investigate it.",
        )
    if holds_first or first_choice_took_part(appeal, [first]):
        return Answer(True)
    return Answer(
        False,
        f"Under the {profile.short_name} policy {first.someone} investigates this "
        f"{appeal.term}; {alternative.someone} investigates only when they took part in "
        f"{appeal.decision.reference}.",
    )


def may_record_findings(user, appeal: Appeal) -> Answer:
    if appeal.investigator_id is not None and appeal.investigator_id == user.pk:
        return Answer(True)
    return Answer(False, "Only the investigator assigned to this appeal records its findings.")


def deciders(profile, appeal: Appeal) -> list:
    """The posts that decide `appeal` in the first place (`rules.decider_posts`)."""
    roles, _, _, _ = approver_roles(
        profile, appeal.decision.kind, corporate=appeal.decision.corporate
    )
    return rules.decider_posts(profile, roles)


def decider_roles(profile, appeal: Appeal) -> set:
    return rules.roles_of(deciders(profile, appeal))


def original_decision_makers(appeal: Appeal) -> set[int]:
    """The people who made the decision appealed against: its proposer and approvers."""
    decision = appeal.decision
    approvers = {
        a.approver_id for a in decision.approvals.all() if a.outcome == ApprovalOutcome.APPROVE
    }
    return {decision.proposed_by_id, *approvers}


def first_choice_took_part(appeal: Appeal, first: list) -> bool:
    """Whether someone holding a first-choice decider's post made the decision appealed."""
    makers = User.objects.filter(pk__in=original_decision_makers(appeal))
    return any(post.held_by(maker) for maker in makers for post in first)


def who_decides(profile, appeal: Appeal) -> str:
    """Who decides `appeal`, in a sentence for its page."""
    first = deciders(profile, appeal)
    words = (
        f"{rules.someone_of(first)[0].upper()}{rules.someone_of(first)[1:]} who did not make "
        f"{appeal.decision.reference} decides it."
    )
    if alternative := posts.alternative_decider_post(profile):
        words += f" If every such person took part, {alternative.someone} decides it."
    return words


def may_decide(user, appeal: Appeal, profile) -> Answer:
    """The first choice decides (Tamworth §4, §10: a member of CMT); where someone of that
    post took part in the decision appealed, the profile's alternative may (another member
    of CMT). Never one who took part themselves."""
    first = deciders(profile, appeal)
    if not first:
        return Answer(False, "The policy names nobody who decides this appeal.")
    alternative = posts.alternative_decider_post(profile)
    holds_first = any(post.held_by(user) for post in first)
    if not holds_first and not (alternative and alternative.held_by(user)):
        return Answer(
            False,
            f"Under the {profile.short_name} policy {rules.someone_of(first)} decides "
            f"this {appeal.term}.",
        )
    if user.pk in original_decision_makers(appeal):
        return Answer(
            False,
            f"You took part in {appeal.decision.reference}, the decision appealed against: "
            "someone who did not must decide the appeal.",
        )
    if holds_first or first_choice_took_part(appeal, first):
        return Answer(True)
    return Answer(
        False,
        f"Under the {profile.short_name} policy {rules.someone_of(first)} decides this "
        f"{appeal.term}; {alternative.someone} decides only when they took part in "
        f"{appeal.decision.reference}.",
    )


def deciding_role(user, appeal: Appeal, profile) -> str:
    """The role `user` decides `appeal` in, for the record: that of the post they hold."""
    alternative = posts.alternative_decider_post(profile)
    for post in [*deciders(profile, appeal), *([alternative] if alternative else [])]:
        if post.held_by(user):
            return next(r for r in sorted(post.roles, key=list(Role).index) if r in user.roles)
    return ""


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
