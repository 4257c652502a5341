"""Writes to the policy profile."""

import json
import re
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.management import call_command
from django.db import transaction

from contactpolicy import access, letterhead, workcalendar
from contactpolicy.dispatch import send_after_commit
from contactpolicy.models import ClosureDay, PolicyProfile, User
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


@transaction.atomic
def profile_section_save(
    *, profile: PolicyProfile, actor: User, reason: str, rows=(), deleted=()
) -> PolicyProfile:
    """Save one section of the profile editor: the profile's settings, its changed `rows`
    and the `deleted` ones, each history row carrying `actor` and `reason`.

    Only administrators (`access.may_edit_profile`). The caller's forms have run the model's
    and the rules' checks (`contactpolicy.profile_forms`). Editing the active profile moves
    open contacts' due dates, as the admin site's does.
    """
    allowed = access.may_edit_profile(actor)
    if not allowed:
        raise PermissionDenied(allowed.reason)
    for record in (profile, *rows, *deleted):
        record._history_user = actor
        record._change_reason = reason
    profile.save()
    for row in rows:
        row.save()
    for row in deleted:
        if row.pk is not None:
            row.delete()
    if profile.is_active:
        calendar_changed()
    return profile


def closure_range_days(first, last) -> list:
    """Every day from `first` to `last`, both included."""
    last = last or first
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def closure_warnings(days, region: str, existing) -> list[str]:
    """What staff should know about adding `days`: those that are weekends or bank holidays
    of `region` (already closed) or closure days already."""
    calendar = workcalendar.WorkCalendar(region=region)
    warnings = []
    for day in days:
        when = f"{day.day} {day:%B %Y}"
        if day in existing:
            warnings.append(f"{when} is already a closure day")
        elif day.weekday() >= 5:
            warnings.append(f"{when} is a {day:%A}")
        elif holiday := calendar.bank_holidays(day.year).get(day):
            warnings.append(f"{when} is a bank holiday ({holiday})")
    return warnings


@transaction.atomic
def closure_days_add(*, actor: User, first, last, reason: str) -> list[ClosureDay]:
    """Close the organisation from `first` to `last`: one closure day for each day that is
    not one already. Weekends and bank holidays are added too when they are in the range
    (they are closed anyway, so nothing changes for them). Open contacts' due dates move."""
    allowed = access.may_edit_profile(actor)
    if not allowed:
        raise PermissionDenied(allowed.reason)
    days = closure_range_days(first, last)
    existing = set(ClosureDay.objects.filter(date__in=days).values_list("date", flat=True))
    added = []
    for day in days:
        if day in existing:
            continue
        closure = ClosureDay(date=day, reason=reason.strip())
        closure._history_user = actor
        closure.save()
        added.append(closure)
    if added:
        calendar_changed()
    return added


@transaction.atomic
def closure_day_delete(*, actor: User, closure: ClosureDay) -> None:
    allowed = access.may_edit_profile(actor)
    if not allowed:
        raise PermissionDenied(allowed.reason)
    closure._history_user = actor
    closure.delete()
    calendar_changed()


@transaction.atomic
def profile_copy_shipped(
    *, shipped: str, slug: str, name: str, short_name: str, actor: User | None = None
) -> PolicyProfile:
    """A new organisation's profile copied from the shipped profile `shipped` (a file of
    fixtures/profiles/), loading that file first if it is not loaded yet (`profile_copy`).
    The shipped profile stays loaded, inactive, beside the copy."""
    path = Path(settings.BASE_DIR, "fixtures", "profiles", f"{shipped}.json")
    if not re.fullmatch(r"[a-z0-9-]+", shipped) or not path.is_file():
        raise ValidationError({"shipped": "Select the shipped profile to start from"})
    rows = json.loads(path.read_text(encoding="utf-8"))
    source_slug = next(
        row["fields"]["slug"] for row in rows if row["model"] == "contactpolicy.policyprofile"
    )
    if not PolicyProfile.objects.filter(slug=source_slug).exists():
        call_command("loaddata", str(path), verbosity=0)
    source = PolicyProfile.objects.get(slug=source_slug)
    return profile_copy(source=source, slug=slug, name=name, short_name=short_name, actor=actor)


def setup_done() -> bool:
    """Whether the organisation is set up: a profile is active and someone administers it."""
    from contactpolicy.roles import Role, group_name

    return (
        PolicyProfile.objects.filter(is_active=True).exists()
        and User.objects.filter(
            is_active=True, groups__name=group_name(Role.ADMINISTRATOR)
        ).exists()
    )


@transaction.atomic
def first_administrator_invite(
    *, actor: User, username: str, first_name: str, last_name: str, email: str
) -> User:
    """The first administrator's account, without a password: they are emailed a link to
    set their own (`contactpolicy.accounts`). Only a superuser sets up the first one."""
    from django.contrib.auth.models import Group

    from contactpolicy.accounts import LinkKind, user_password_link_send
    from contactpolicy.roles import Role, group_name

    if not actor.is_superuser:
        raise PermissionDenied("Only a superuser sets up the first administrator.")
    # Staff status opens the admin site, where administrators keep staff accounts.
    user = User(
        username=username, first_name=first_name, last_name=last_name, email=email, is_staff=True
    )
    user.set_unusable_password()
    user._history_user = actor
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.add(Group.objects.get_or_create(name=group_name(Role.ADMINISTRATOR))[0])
    user_password_link_send(user=user, actor=actor, kind=LinkKind.INVITATION)
    return user
