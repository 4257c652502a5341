"""What the dashboard says to each person: a greeting and what their roles ask of them."""

from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from contactpolicy.roles import Role

# What each role can do in the application today (DESIGN.md §1), in the words staff use.
ROLE_PANELS: dict[Role, tuple[str, str]] = {
    Role.CASEWORKER: (
        "Your casework",
        "Log contacts and incidents, check whether a caller is under restriction before "
        "you engage, and answer within the service standards.",
    ),
    Role.LINE_MANAGER: (
        "Your team",
        "Propose warnings and restrictions, approve the sanctions the policy lets a line "
        "manager approve, and start a review of a restriction.",
    ),
    Role.HEAD_OF_SERVICE: (
        "Decisions and reviews",
        "Approve restrictions and disengagement, and start a review of a restriction.",
    ),
    Role.CHIEF_EXECUTIVE: (
        "Sign-off",
        "Sign off the decisions the policy reserves to you.",
    ),
    Role.ADMINISTRATOR: (
        "Administration",
        "Manage users and roles, the organisation's policy profile and closure days.",
    ),
}


@dataclass
class Greeting:
    salutation: str
    roles: list[str]
    roles_text: str
    panels: list[dict] = field(default_factory=list)


def salutation_at(moment: datetime) -> str:
    hour = timezone.localtime(moment).hour
    if hour < 12:
        return "Good morning"
    if hour < 18:
        return "Good afternoon"
    return "Good evening"


def greeting_for(user, moment: datetime | None = None) -> Greeting:
    roles = user.role_labels
    if roles:
        joined = roles[0] if len(roles) == 1 else ", ".join(roles[:-1]) + " and " + roles[-1]
        roles_text = f"Signed in as {joined}"
    else:
        roles_text = "Signed in without a role"
    panels = []
    for role in Role:
        if role in user.roles:
            title, text = ROLE_PANELS[role]
            panel = {"title": title, "text": text}
            if role is Role.ADMINISTRATOR:
                panel |= {"url": reverse("admin:index"), "link": "Go to administration"}
            panels.append(panel)
    return Greeting(salutation_at(moment or timezone.now()), roles, roles_text, panels)
