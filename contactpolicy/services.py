"""Writes to the policy profile."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction

from contactpolicy import access, letterhead
from contactpolicy.dispatch import send_after_commit
from contactpolicy.models import PolicyProfile, User
from contactpolicy.storage import file_save

RECOMPUTE_DUE_DATES = "cases.recompute_due_dates"


def calendar_changed() -> None:
    """The working days changed (a closure day, office hours, the profile): due dates move."""
    send_after_commit(RECOMPUTE_DUE_DATES)


@transaction.atomic
def profile_activate(*, slug: str, actor: User | None = None) -> PolicyProfile:
    """Make the profile `slug` the one the application follows, and no other.

    The others are deactivated first: the partial unique constraint `one_active_profile`
    refuses a second active row even for a moment. Each change is saved through the model so
    that simple-history records it (with `actor` when given). Activating the active profile
    changes nothing.

    Raises PolicyProfile.DoesNotExist, naming the available slugs, for an unknown slug.
    """
    try:
        profile = PolicyProfile.objects.select_for_update().get(slug=slug)
    except PolicyProfile.DoesNotExist:
        available = ", ".join(PolicyProfile.objects.order_by("slug").values_list("slug", flat=True))
        raise PolicyProfile.DoesNotExist(
            f"There is no policy profile {slug!r}. "
            f"Available: {available or 'none (load one with manage.py loaddata)'}."
        ) from None
    if profile.is_active:
        return profile
    for other in PolicyProfile.objects.select_for_update().filter(is_active=True):
        other.is_active = False
        if actor is not None:
            other._history_user = actor
        other.save(update_fields=["is_active"])
    profile.is_active = True
    if actor is not None:
        profile._history_user = actor
    profile.save(update_fields=["is_active"])
    calendar_changed()
    return profile


LETTERHEAD_TEXT_FIELDS = ("address", "telephone", "email", "web_address")


@transaction.atomic
def profile_letterhead_change(
    *,
    profile: PolicyProfile,
    actor: User,
    address: str,
    telephone: str,
    email: str,
    web_address: str,
    logo: File | None = None,
    remove_logo: bool = False,
    policy_pdf: File | None = None,
    remove_policy_pdf: bool = False,
) -> PolicyProfile:
    """Change the letterhead of `profile`: its postal address, phone number, email and web
    addresses, its logo and the policy enclosed with letters.

    Only administrators (`access.may_edit_letterhead`). Uploads are checked by their content
    (`contactpolicy.letterhead`) and stored through `file_save`; a file stored for a change
    that then fails is deleted. The profile's history records each change with `actor`;
    asking for no change writes nothing. Files replaced are kept, as the history names them.
    """
    allowed = access.may_edit_letterhead(actor)
    if not allowed:
        raise PermissionDenied(allowed.reason)
    errors = {}
    if logo is not None and (problems := letterhead.logo_errors(logo)):
        errors["logo"] = problems
    if policy_pdf is not None and (problems := letterhead.policy_pdf_errors(policy_pdf)):
        errors["policy_pdf"] = problems
    if errors:
        raise ValidationError(errors)
    profile = PolicyProfile.objects.select_for_update().get(pk=profile.pk)
    wanted = {
        "address": "\n".join(
            line.strip() for line in address.replace("\r\n", "\n").split("\n") if line.strip()
        ),
        "telephone": telephone.strip(),
        "email": email.strip(),
        "web_address": web_address.strip(),
    }
    changed = [name for name, value in wanted.items() if getattr(profile, name) != value]
    for name in changed:
        setattr(profile, name, wanted[name])
    stored = []
    try:
        if logo is not None:
            name = f"{profile.slug}-logo.{letterhead.logo_extension(logo)}"
            file_save(field_file=profile.letter_logo, name=name, data=logo)
            stored.append(profile.letter_logo.name)
            changed.append("letter_logo")
        elif remove_logo and profile.letter_logo:
            profile.letter_logo = ""
            changed.append("letter_logo")
        if policy_pdf is not None:
            name = f"{profile.slug}-policy.pdf"
            file_save(field_file=profile.policy_pdf, name=name, data=policy_pdf)
            stored.append(profile.policy_pdf.name)
            changed.append("policy_pdf")
        elif remove_policy_pdf and profile.policy_pdf:
            profile.policy_pdf = ""
            changed.append("policy_pdf")
        if changed:
            profile._history_user = actor
            profile.save(update_fields=changed)
    except Exception:
        for name in stored:
            profile.letter_logo.storage.delete(name)
        raise
    return profile


# A copy is a new organisation's: it starts with no letterhead of its own (every letter
# refuses to issue until it has one) and is not active until an administrator says so.
NOT_COPIED = ("id", "slug", "name", "short_name", "is_active", "letter_logo", "policy_pdf")
LETTERHEAD_CLEARED = {"address": "", "telephone": "", "email": "", "web_address": ""}


@transaction.atomic
def profile_copy(
    *,
    source: PolicyProfile,
    slug: str,
    name: str,
    short_name: str,
    actor: User | None = None,
) -> PolicyProfile:
    """A new organisation's profile: a copy of `source` under its own name and slug.

    Carries every rule and every other row that belongs to the profile by key (office
    hours, service standards, categories, sanctions, decision rules, checklist, edited
    notice templates, and whatever is added later with a foreign key to the profile), and
    the shipped letters it started from (`shipped_as`). Copies no customer, contact or
    case: those never belong to a profile. The letterhead is left empty for the new
    organisation to fill in, and the copy is inactive.

    Raises ValidationError for a slug already in use or a value the model refuses.
    """
    slug = slug.strip()
    if PolicyProfile.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": "A profile already uses that short identifier"})
    values = {
        field.name: getattr(source, field.name)
        for field in PolicyProfile._meta.concrete_fields
        if field.name not in NOT_COPIED
    }
    values.update(LETTERHEAD_CLEARED)
    copy = PolicyProfile(
        **values, slug=slug, name=name.strip(), short_name=short_name.strip(), is_active=False
    )
    copy.full_clean()
    if actor is not None:
        copy._history_user = actor
    copy.save()
    for relation in PolicyProfile._meta.related_objects:
        if relation.many_to_many or relation.one_to_one:
            continue
        for row in relation.related_model._default_manager.filter(**{relation.field.name: source}):
            row.pk = None
            row._state.adding = True
            setattr(row, relation.field.name, copy)
            if actor is not None:
                row._history_user = actor
            row.save()
    return copy
