"""Demonstration data for `make run`: the profiles and users, then each app's casework."""

from cases.demo import create_demo_casework
from contactpolicy.demo import (
    DEMO_PASSWORD,
    DEMO_PROFILE,
    create_users,
    fill_demo_letterhead,
    load_profiles,
)
from contactpolicy.models import PolicyProfile
from contactpolicy.services import profile_activate
from notices.services import notice_issue_for_decision
from restrictions.demo import create_demo_restriction


def setup_demo(stdout) -> None:
    loaded = load_profiles()
    if loaded:
        stdout.write(f"Loaded {loaded} policy profiles.")
    if not PolicyProfile.objects.filter(is_active=True).exists():
        profile = profile_activate(slug=DEMO_PROFILE)
        stdout.write(f"Active policy profile: {profile.name}")
    for profile in PolicyProfile.objects.order_by("slug"):
        if filled := fill_demo_letterhead(profile):
            words = ", ".join(name.replace("_", " ") for name in filled)
            stdout.write(f"{profile.short_name}: illustrative {words} on the letterhead.")
    users, created = create_users()
    by_name = {user.username: user for user in users}
    contacts = create_demo_casework(by_name)
    if contacts:
        stdout.write(f"Added demonstration customers and {contacts} contacts.")
    if create_demo_restriction(by_name, issue=notice_issue_for_decision):
        stdout.write(
            "Put Priya Sharma under telephone sanctions, signed off by the Chief Executive, "
            "with their notices issued."
        )
    stdout.write("")
    stdout.write(f"Demo users (password when created: {DEMO_PASSWORD})")
    for user in users:
        kept = "" if user in created else "  (already there: left as it was)"
        stdout.write(f"  {user.username:<12} {', '.join(user.role_labels)}{kept}")
    stdout.write("")
