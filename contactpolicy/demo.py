"""Demonstration data for `make run`: the five profiles, BTPA active, one user per role."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction

from contactpolicy.models import PolicyProfile, User
from contactpolicy.roles import SENIORITY, Role
from contactpolicy.services import profile_activate

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
def create_users() -> list[User]:
    users: dict[str, User] = {}
    for demo in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@example.org",
                "job_title": demo.job_title,
                "grade": SENIORITY.get(demo.role),
                "is_staff": demo.role is Role.ADMINISTRATOR,
                "line_manager": users.get(demo.manager) if demo.manager else None,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=demo.role.label)])
        users[demo.username] = user
    return list(users.values())


def setup_demo(stdout) -> None:
    loaded = load_profiles()
    if loaded:
        stdout.write(f"Loaded {loaded} policy profiles.")
    if not PolicyProfile.objects.filter(is_active=True).exists():
        profile = profile_activate(slug=DEMO_PROFILE)
        stdout.write(f"Active policy profile: {profile.name}")
    users = create_users()
    from cases.demo import create_demo_casework

    by_name = {user.username: user for user in users}
    contacts = create_demo_casework(by_name)
    if contacts:
        stdout.write(f"Added demonstration customers and {contacts} contacts.")
    from restrictions.demo import create_demo_restriction

    if create_demo_restriction(by_name):
        stdout.write(
            "Put Priya Sharma under telephone sanctions, signed off by the Chief Executive."
        )
    stdout.write("")
    stdout.write(f"Demo users (password for all: {DEMO_PASSWORD})")
    for user in users:
        stdout.write(f"  {user.username:<12} {', '.join(user.role_labels)}")
    stdout.write("")
