from django.core.management.base import BaseCommand, CommandError

from cases.services import contacts_recompute_preview
from contactpolicy.models import PolicyProfile
from contactpolicy.profile_forms import shipped_profiles
from contactpolicy.selectors import profile_get, profile_list
from contactpolicy.services import profile_activate


class Command(BaseCommand):
    help = (
        "Make a policy profile the one the application follows. "
        "Without a slug, or with --list, list the loaded profiles."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="The profile to activate, e.g. btpa.")
        parser.add_argument(
            "--list", action="store_true", help="List the profiles, marking the active one."
        )

    def handle(self, *args, slug=None, **options):
        if options["list"] or not slug:
            self.list_profiles()
            return
        try:
            self.describe_changes(slug)
            profile = profile_activate(slug=slug)
        except PolicyProfile.DoesNotExist as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Active policy profile: {profile.name} ({profile.slug})")
        )

    def describe_changes(self, slug: str) -> None:
        """Say what the switch does to open contacts' due dates, as the admin page does."""
        try:
            profile = profile_get(slug=slug)
        except PolicyProfile.DoesNotExist:
            return  # profile_activate names the profiles there are
        if profile.is_active:
            return
        changed, changes = contacts_recompute_preview(profile=profile)
        if not changed:
            return
        self.stdout.write(f"{changed} open contact{'s' if changed != 1 else ''} will change:")
        for change in changes:
            self.stdout.write(f"  {change}")

    def list_profiles(self) -> None:
        profiles = profile_list()
        if not profiles:
            shipped = [stem for stem, _ in shipped_profiles()]
            self.stdout.write(
                "No policy profiles are loaded. Either sign in as a superuser and follow the "
                "first-run page (/first-run/), which copies a shipped profile for your "
                "organisation, or load one with: manage.py loaddata fixtures/profiles/<name>.json "
                f"(shipped: {', '.join(shipped)})"
            )
            return
        width = max(len(p.slug) for p in profiles)
        for profile in profiles:
            marker = "*" if profile.is_active else " "
            active = "  (active)" if profile.is_active else ""
            self.stdout.write(f"{marker} {profile.slug:<{width}}  {profile.name}{active}")
        if not any(p.is_active for p in profiles):
            self.stdout.write("No profile is active. Run: manage.py activate_profile <slug>")
