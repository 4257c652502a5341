"""The shipped profiles, loaded into the test database as `manage.py loaddata` loads them.

The first load of a profile in a test process runs `loaddata` itself; the rows it leaves are
remembered, and later loads in the same process insert the same rows in a few statements.
`loaddata` looks every child row's profile up by its natural key and saves row by row, which
made loading a profile the larger part of most tests' time. Tests of the fixtures themselves
call `loaddata` directly.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import models

from contactpolicy.models import PolicyProfile, ProfileRevision

PROFILES_DIR = Path(settings.BASE_DIR) / "fixtures" / "profiles"
PROFILE_SLUGS = ["btpa", "opcc", "ipcc", "tamworth", "natural-england"]
PROFILE_FILES = {slug: PROFILES_DIR / f"{slug}.json" for slug in PROFILE_SLUGS}

# slug -> (the profile's column values, [(child model, [column values of each row])])
_loaded: dict[str, tuple[dict, list[tuple[type[models.Model], list[dict]]]]] = {}


def _child_models() -> list[type[models.Model]]:
    return [
        relation.related_model
        for relation in PolicyProfile._meta.related_objects
        if relation.related_model._meta.app_label == "contactpolicy"
        and relation.one_to_many
        and relation.on_delete is models.CASCADE
    ]


def _columns(row: dict) -> dict:
    return {name: value for name, value in row.items() if name != "id"}


def activate_shipped_profile(slug: str) -> PolicyProfile:
    """Load the shipped profile `slug` as an operator would, complete its letterhead where
    the policy gives none (as `setup_demo` does: no letter is issued without one), and make
    it the active one."""
    from contactpolicy.demo import fill_demo_letterhead
    from contactpolicy.services import profile_activate

    fill_demo_letterhead(load_profile(slug))
    return profile_activate(slug=slug)


def load_profile(slug: str) -> PolicyProfile:
    """The shipped profile `slug`, inactive, exactly as `loaddata` leaves it."""
    if slug in _loaded and not PolicyProfile.objects.filter(slug=slug).exists():
        profile_columns, children = _loaded[slug]
        profile = PolicyProfile.objects.bulk_create([PolicyProfile(**profile_columns)])[0]
        for model, rows in children:
            model.objects.bulk_create(
                [model(**{**columns, "profile_id": profile.pk}) for columns in rows]
            )
        # What the rows' post_save handlers do under loaddata, once for them all.
        ProfileRevision.bump()
        return PolicyProfile.objects.get(pk=profile.pk)

    fresh = not PolicyProfile.objects.filter(slug=slug).exists()
    call_command("loaddata", str(PROFILE_FILES[slug]), verbosity=0)
    profile = PolicyProfile.objects.get(slug=slug)
    if fresh:
        children = []
        for model in _child_models():
            rows = [
                _columns(row)
                for row in model.objects.filter(profile=profile).order_by("pk").values()
            ]
            if rows:
                children.append((model, rows))
        profile_columns = _columns(PolicyProfile.objects.filter(pk=profile.pk).values()[0])
        _loaded[slug] = (profile_columns, children)
    return profile
