from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from contactpolicy.models import PolicyProfile
from contactpolicy.services import profile_copy


class Command(BaseCommand):
    help = (
        "Set up a new organisation from a copy of a loaded profile (for example a shipped "
        "one), under its own name and slug, with its rules and notice templates. The copy "
        "is not active: fill in its letterhead, then run activate_profile."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="The profile to copy, e.g. tamworth.")
        parser.add_argument("slug", help="The new profile's short identifier, e.g. lichfield.")
        parser.add_argument("--name", required=True, help="The organisation's full name.")
        parser.add_argument("--short-name", required=True, help="e.g. “Lichfield”.")

    def handle(self, *args, source, slug, name, short_name, **options):
        try:
            original = PolicyProfile.objects.get(slug=source)
        except PolicyProfile.DoesNotExist:
            raise CommandError(f"There is no policy profile {source!r}.") from None
        try:
            copy = profile_copy(source=original, slug=slug, name=name, short_name=short_name)
        except ValidationError as error:
            messages = [m for ms in error.message_dict.values() for m in ms]
            raise CommandError("; ".join(messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Copied {original.name} as {copy.name} ({copy.slug}). Fill in its letterhead, "
                f"then run: manage.py activate_profile {copy.slug}"
            )
        )
