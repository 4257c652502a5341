"""Who may propose, approve and sign off decisions under the active profile (DESIGN.md §6).

Every view and service asks these; none decides on its own. Each answer that refuses
says why in plain words.
"""

from dataclasses import dataclass

from contactpolicy.access import STAFF_ROLES
from contactpolicy.roles import MANAGER_ROLES, SENIORITY, Role, roles_at_least

# Where a profile names no approver for a kind of decision, a head of service or above
# approves it: restricting someone's contact is never left to one junior person.
DEFAULT_APPROVER = Role.HEAD_OF_SERVICE


@dataclass(frozen=True)
class Answer:
    allowed: bool
    reason: str = ""
    role: str = ""

    def __bool__(self) -> bool:
        return self.allowed


def may_record_incidents(user) -> bool:
    return user.has_role(*STAFF_ROLES)


def may_propose(user) -> Answer:
    if user.has_role(*MANAGER_ROLES):
        return Answer(True)
    return Answer(False, "Only a line manager or someone more senior can propose a decision.")


def approver_roles(profile, kind: str) -> tuple[set[Role], int, bool, bool]:
    """(roles that may approve, approvals needed, distinct grades?, reserved to the CE?)"""
    rule = profile.rule_for(kind)
    if rule is None:
        return set(roles_at_least(DEFAULT_APPROVER)), 1, False, False
    if rule.reserved_to_chief_executive:
        return {Role.CHIEF_EXECUTIVE}, rule.approvals_required, rule.distinct_grades, True
    roles = set(roles_at_least(rule.approver_role or DEFAULT_APPROVER))
    if rule.alternative_approver_role:
        roles |= set(roles_at_least(rule.alternative_approver_role))
    return roles, rule.approvals_required, rule.distinct_grades, False


def _sanction_floor(profile, decision, roles: set[Role]) -> set[Role]:
    """Narrow `roles` to those senior enough for every sanction the decision proposes.

    A sanction type may name its own least senior approver (DESIGN.md §2, the sanction
    catalogue; Natural England Annex B "sign off level"). The decision's sanctions are read
    only when some type in the catalogue is stricter than the roles the rule allows, so the
    shipped profiles cost no query here.
    """
    floors = {
        st.approver_role
        for st in profile.sanction_types.all()
        if st.approver_role and not roles <= roles_at_least(st.approver_role)
    }
    if not floors:
        return roles
    for sanction in decision.sanctions.all():
        floor = sanction.sanction_type.approver_role
        if floor:
            roles = roles & roles_at_least(floor)
    return roles


def may_answer(user, decision, profile, earlier_approvals=()) -> Answer:
    """Whether `user` may approve, send back or reject `decision` now."""
    if decision.proposed_by_id == user.pk:
        return Answer(False, "You proposed this decision, so someone else must approve it.")
    roles, needed, distinct, reserved = approver_roles(profile, decision.kind)
    if not reserved:
        roles = _sanction_floor(profile, decision, roles)
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
    role = max(held, key=lambda r: SENIORITY.get(r, 0))
    return Answer(True, role=role)


def may_sign_off(user) -> bool:
    return user.has_role(Role.CHIEF_EXECUTIVE)
