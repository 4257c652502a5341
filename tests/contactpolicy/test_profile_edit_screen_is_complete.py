"""Every setting of a profile that changes what the product does is editable on the
profile's edit screen (the admin change page), with its help text beside it.

The test reads the models, not a list: a field or a kind of rule added to PolicyProfile
without a place on the screen fails it.
"""

from html import escape

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.urls import reverse

from contactpolicy.forms import LetterheadForm
from contactpolicy.models import PolicyProfile

pytestmark = pytest.mark.django_db

# Fields of the profile that are not settings, or are edited on their own screen.
NOT_ON_THE_EDIT_SCREEN = {
    "id": "the database's key",
    "is_active": "changed with the “Make this the active profile” action, shown read-only",
}
# The letterhead's files are checked by their content in a service, on /letterhead/.
ON_THE_LETTERHEAD_SCREEN = {
    "web_address": "web_address",
    "letter_logo": "logo",
    "policy_pdf": "policy_pdf",
}
# Records that belong to a profile without being its rules: notice wording has its own
# screen (/notices/templates/) and a revision is a record of edits.
NOT_RULES = {"NoticeTemplate", "ProfileRevision"}


def shows(help_text: str, content: str) -> bool:
    """Under the field, or (in a table of rules) in its column heading's title."""
    return escape(help_text, quote=False) in content or escape(help_text) in content


def profile_admin():
    return admin.site._registry[PolicyProfile]


def rule_relations():
    return [
        relation
        for relation in PolicyProfile._meta.related_objects
        if relation.related_model.__name__ not in NOT_RULES
    ]


def settings_of(model, skip=()) -> list:
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in skip
    ]


def test_every_profile_setting_is_on_the_edit_screen():
    shown = set(flatten_fieldsets(profile_admin().fieldsets))
    missing = [
        field.name
        for field in settings_of(PolicyProfile, NOT_ON_THE_EDIT_SCREEN)
        if field.name not in shown and field.name not in ON_THE_LETTERHEAD_SCREEN
    ]
    assert missing == []
    assert set(ON_THE_LETTERHEAD_SCREEN.values()) <= set(LetterheadForm.base_fields)


def test_every_kind_of_rule_has_an_inline_with_every_setting():
    inlines = {inline.model: inline for inline in profile_admin().inlines}
    for relation in rule_relations():
        model = relation.related_model
        assert model in inlines, f"{model.__name__} has no place on the profile's edit screen"
        shown = set(flatten_fieldsets([(None, {"fields": inlines[model].fields})]))
        missing = [
            field.name
            for field in settings_of(model, {relation.field.name})
            if field.name not in shown
        ]
        assert missing == [], f"{model.__name__} lacks {missing}"


def test_the_edit_screen_shows_each_setting_with_its_help_text(client, administrator, tamworth):
    """The administrator sees each setting's input and what it does, on a shipped profile."""
    client.force_login(administrator)

    content = client.get(
        reverse("admin:contactpolicy_policyprofile_change", args=[tamworth.pk])
    ).content.decode()

    shown = set(flatten_fieldsets(profile_admin().fieldsets)) - set(profile_admin().readonly_fields)
    for name in shown:
        assert f'name="{name}"' in content, name
        help_text = str(PolicyProfile._meta.get_field(name).help_text)
        if help_text:
            assert shows(help_text, content), name
    inlines = {inline.model: inline for inline in profile_admin().inlines}
    for relation in rule_relations():
        model = relation.related_model
        prefix = relation.get_accessor_name()
        for name in flatten_fieldsets([(None, {"fields": inlines[model].fields})]):
            assert f'name="{prefix}-__prefix__-{name}"' in content, (model.__name__, name)
            help_text = str(model._meta.get_field(name).help_text)
            if help_text:
                assert shows(help_text, content), (model.__name__, name)
