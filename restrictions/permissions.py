"""The profile's approval rules: which roles approve each kind of decision (DESIGN.md §6).

`restrictions.access.may_answer` applies them to one person and one decision.

Every kind of decision has its own `DecisionRule` in every shipped profile (docs/adr/0001).
Where a profile has none, or its rule names no approver, nobody may approve: the code never
guesses who the policy would have named.
"""

from contactpolicy.roles import Role, roles_at_least

NOBODY_NAMED = "The policy names nobody who approves this."


def approver_roles(
    profile, kind: str, *, corporate: bool = False
) -> tuple[set[Role], int, bool, bool]:
    """(roles that may approve, approvals needed, distinct grades?, reserved to the CE?)

    An empty set of roles means the profile names nobody for this kind of decision. The
    rule's alternative approver applies to corporate cases only, and then instead of the
    main one (Tamworth §9: "the Head of Service or if a corporate approach is required, the
    Head of Customer Services").
    """
    rule = profile.rule_for(kind)
    if rule is None:
        return set(), 1, False, False
    if rule.reserved_to_chief_executive:
        return {Role.CHIEF_EXECUTIVE}, rule.approvals_required, rule.distinct_grades, True
    if not rule.approver_role:
        return set(), rule.approvals_required, rule.distinct_grades, False
    if corporate and rule.alternative_approver_role:
        roles = set(roles_at_least(rule.alternative_approver_role))
    else:
        roles = set(roles_at_least(rule.approver_role))
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


def line_manager_refusal(profile, decision, user, earlier_approvals, needed: int) -> str:
    """Why `user` may not give the approval that completes `decision`, or "".

    Natural England Annex B: sanctions are signed off by the "line manager of the staff
    member corresponding with the customer". Where the rule says so, one of the approvals
    must be that person's; the others follow the rule's roles and grades.
    """
    rule = profile.rule_for(decision.kind)
    if not (rule and rule.approver_is_line_manager_of_correspondent):
        return ""
    correspondent = decision.correspondent or decision.proposed_by
    manager_id = correspondent.line_manager_id
    if manager_id is None:
        return (
            f"Under the {profile.short_name} policy the line manager of {correspondent} signs "
            f"this off, and nobody is recorded as their line manager. Record who "
            f"{correspondent}'s line manager is first."
        )
    if user.pk == manager_id or any(a.approver_id == manager_id for a in earlier_approvals):
        return ""
    if len(earlier_approvals) + 1 < needed:
        return ""
    return (
        f"Under the {profile.short_name} policy the line manager of {correspondent}, "
        f"{correspondent.line_manager}, signs this off."
    )


def corporate_title_refusal(profile, decision, user) -> str:
    """Why `user` may not approve a corporate case at the alternative role's own grade, or "".

    Where the rule names the corporate approver's job title (Tamworth: Head of Customer
    Services, who holds the head of service role like every Head of Service), a head of
    service without that title may not approve a corporate case; more senior people may.
    """
    rule = profile.rule_for(decision.kind)
    if not (decision.corporate and rule and rule.alternative_approver_role):
        return ""
    title = rule.alternative_approver_title.strip()
    if not title or user.job_title.strip().casefold() == title.casefold():
        return ""
    senior = roles_at_least(rule.alternative_approver_role) - {Role(rule.alternative_approver_role)}
    if user.roles & senior:
        return ""
    return f"Under the {profile.short_name} policy the {title} approves corporate cases."


def service_refusal(profile, decision, user) -> str:
    """Why `user` may not approve `decision` outside their own service, or "".

    Where the profile says so (`approval_within_service`), a head of service (or anyone
    less senior) approves only a decision whose cited incidents include one in their own
    service: IPCC §6, "the relevant head of function"; Tamworth §4, heads of service
    "manage the policy within their service". A corporate case goes to the corporate-case
    approver instead, and nobody more senior than a head of service is limited. A decision
    citing no incident with a service recorded is anyone's the rule allows.
    """
    if not profile.approval_within_service or decision.corporate:
        return ""
    senior = roles_at_least(Role.HEAD_OF_SERVICE) - {Role.HEAD_OF_SERVICE}
    if user.roles & senior:
        return ""
    services = {i.service_id for i in decision.incidents.all() if i.service_id is not None}
    if not services or user.service_id in services:
        return ""
    if user.service_id is None:
        return (
            f"Under the {profile.short_name} policy a head of service approves within their "
            "own service, and no service is recorded for you. Ask an administrator to record it."
        )
    return (
        f"Under the {profile.short_name} policy the head of the service the incidents happened "
        "in approves this decision, and they are not in your service."
    )
