"""The profile's approval rules: which roles approve each kind of decision (DESIGN.md §6).

`restrictions.access.may_answer` applies them to one person and one decision.
"""

from contactpolicy.roles import Role, roles_at_least

# Where a profile names no approver for a kind of decision, a head of service or above
# approves it: restricting someone's contact is never left to one junior person.
DEFAULT_APPROVER = Role.HEAD_OF_SERVICE


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


def sanction_floor(profile, decision, roles: set[Role]) -> set[Role]:
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
