"""Demonstration data for `make run`: the five profiles, BTPA active, one user per role.

`screens.demo.setup_demo` adds each app's demonstration casework to these.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction

from contactpolicy.models import PolicyProfile, User
from contactpolicy.roles import SENIORITY, Role

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed on the console by design
PROFILE_FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "profiles"
DEMO_PROFILE = "btpa"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    job_title: str
    manager: str | None = None


DEMO_USERS = [
    DemoUser("chief", "Charlotte", "Adeyemi", Role.CHIEF_EXECUTIVE, "Chief Executive"),
    DemoUser("head", "Harriet", "Morgan", Role.HEAD_OF_SERVICE, "Head of Service", "chief"),
    DemoUser("manager", "Liam", "Patel", Role.LINE_MANAGER, "Team Manager", "head"),
    DemoUser(
        "caseworker", "Cara", "Jones", Role.CASEWORKER, "Customer Services Officer", "manager"
    ),
    DemoUser("admin", "Aled", "Evans", Role.ADMINISTRATOR, "Systems Administrator"),
]


def load_profiles() -> int:
    """Load the five profile fixtures into an empty database; leave edited profiles alone."""
    if PolicyProfile.objects.exists():
        return 0
    fixtures = sorted(PROFILE_FIXTURES.glob("*.json"))
    call_command("loaddata", *fixtures, verbosity=0)
    return len(fixtures)


@transaction.atomic
def create_users() -> tuple[list[User], list[User]]:
    """Create the demonstration users that do not exist yet: (all of them, the new ones).

    A demonstration user who is there already is left as it is, password and roles
    included: running `make run` again never undoes what someone changed. Each is marked
    `is_demo`, which spares them the second factor while DEBUG is on
    (`contactpolicy.second_factor.second_factor_required`).
    """
    users: dict[str, User] = {}
    created = []
    for demo in DEMO_USERS:
        user, new = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@example.org",
                "job_title": demo.job_title,
                "grade": SENIORITY.get(demo.role),
                "is_staff": demo.role is Role.ADMINISTRATOR,
                "line_manager": users.get(demo.manager) if demo.manager else None,
                "is_demo": True,
            },
        )
        users[demo.username] = user
        if not new:
            if not user.is_demo:
                # Made before demonstration users were marked: without the mark, `make
                # run` would ask them for a second factor.
                user.is_demo = True
                user.save(update_fields=["is_demo"])
            continue
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.set([Group.objects.get(name=demo.role.label)])
        created.append(user)
    return list(users.values()), created


# Clearly illustrative: example.org is reserved for examples (RFC 2606), 01632 960xxx is
# Ofcom's range for drama, and ZZ99 is no postcode in use.
DEMO_LETTERHEAD = {
    "address": "Demonstration address\n1 Example Street\nExampletown\nZZ99 9ZZ",
    "telephone": "01632 960 001",
    "email": "enquiries@{slug}.example.org",
    "web_address": "https://www.{slug}.example.org",
}


def fill_demo_letterhead(profile: PolicyProfile) -> list[str]:
    """Fill the parts of the profile's letterhead its policy does not give with clearly
    illustrative details, so that demonstration letters can be issued; a detail already
    there (the policy's own, or one an administrator entered) is never overwritten.
    Returns the fields filled."""
    filled = []
    for name, value in DEMO_LETTERHEAD.items():
        if not getattr(profile, name).strip():
            setattr(profile, name, value.format(slug=profile.slug))
            filled.append(name)
    if filled:
        profile.save(update_fields=filled)
    return filled
