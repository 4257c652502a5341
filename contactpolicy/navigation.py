"""The service navigation: which sections each role sees."""

from dataclasses import dataclass

from django.urls import reverse

from contactpolicy.access import STAFF_ROLES
from contactpolicy.roles import MANAGER_ROLES, Role


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    # Roles that see the section; empty means every signed-in member of staff.
    roles: tuple[Role, ...] = ()
    # URL names (or their prefixes before ":") that mark the section as the current one.
    matches: tuple[str, ...] = ()


SECTIONS: list[Section] = [
    Section("Dashboard", "screens:dashboard", matches=("dashboard",)),
    Section("Log a contact", "screens:contact_log", roles=STAFF_ROLES, matches=("contact_log",)),
    Section(
        "Customers",
        "screens:lookup",
        roles=STAFF_ROLES,
        matches=("lookup", "customer", "customer_create", "sensitive_notes"),
    ),
    Section(
        "Sanctions register",
        "restrictions:register",
        roles=STAFF_ROLES,
        # A restriction case is one customer's entry in the register.
        matches=("register", "case"),
    ),
    Section(
        "Appeals",
        "appeals:list",
        roles=STAFF_ROLES,
        matches=("appeals",),
    ),
    Section(
        "Approvals",
        "restrictions:approvals",
        roles=tuple(MANAGER_ROLES),
        matches=("approvals", "decision", "decision_propose"),
    ),
    Section(
        "My proposals",
        "restrictions:my_proposals",
        roles=tuple(MANAGER_ROLES),
        matches=("my_proposals", "decision_edit"),
    ),
    Section(
        "Reviews",
        "restrictions:reviews",
        roles=tuple(MANAGER_ROLES),
        matches=(
            "reviews",
            "review",
            "review_begin",
            "review_bring_forward",
            "review_representation",
        ),
    ),
    # Line managers read their team's report; heads of service and above any (screens.access).
    Section(
        "Reports",
        "screens:report",
        roles=tuple(MANAGER_ROLES),
        matches=("report", "report_records"),
    ),
    # The logs the policies name, and who took which export (screens.logs).
    Section(
        "Logs",
        "screens:mail_log",
        roles=tuple(MANAGER_ROLES),
        matches=("mail_log", "terminated_calls_log", "hate_incidents_log", "exports"),
    ),
    Section(
        "Sign-off",
        "restrictions:signoff_list",
        roles=(Role.CHIEF_EXECUTIVE,),
        matches=("signoff_list", "signoff"),
    ),
    Section(
        "Notices",
        "notices:print_queue",
        roles=STAFF_ROLES,
        matches=("print_queue", "notice", "case_notices"),
    ),
    Section(
        "Notice templates",
        "notices:templates",
        roles=(Role.ADMINISTRATOR,),
        matches=("templates", "template_edit", "letterhead"),
    ),
    Section(
        "Policy profile",
        "profile_list",
        roles=(Role.ADMINISTRATOR,),
        matches=(
            "profile_list",
            "profile_contents",
            "profile_section",
            "profile_copy_shipped",
            "profile_closure_days",
        ),
    ),
    Section(
        "What we hold",
        "what_we_hold",
        roles=(Role.ADMINISTRATOR,),
        matches=("what_we_hold", "lawful_basis_edit"),
    ),
    Section("Administration", "admin:index", roles=(Role.ADMINISTRATOR,), matches=("admin",)),
    Section("Health", "health", roles=(Role.ADMINISTRATOR,), matches=("health",)),
    Section("Exports", "screens:exports", roles=(Role.ADMINISTRATOR,), matches=("exports",)),
    # Every event, account change and profile change (screens.audit).
    Section(
        "Audit log",
        "screens:audit_log",
        roles=(Role.ADMINISTRATOR, Role.CHIEF_EXECUTIVE),
        matches=("audit_log",),
    ),
]


def navigation_for(user, current: str | None, namespace: str | None) -> list[dict]:
    items = []
    for section in SECTIONS:
        if section.roles and not user.has_role(*section.roles):
            continue
        active = current in section.matches or (namespace or "") in section.matches
        items.append({"label": section.label, "url": reverse(section.url_name), "active": active})
    return items
