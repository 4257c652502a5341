"""A new organisation reads its letters before it has any customer: with only a profile
loaded, every kind of letter it sends previews, in the gallery as a PDF and in the
template editor, from a sample customer and decision that are never kept."""

import pytest
from django.urls import reverse

from cases.models import Customer
from contactpolicy.roles import Role
from notices.gallery import gallery_languages, gallery_pdf
from notices.letter import template_for
from notices.models import NoticeKind, PrintFormat
from restrictions.models import Decision
from tests.restrictions.factories import person

pytestmark = pytest.mark.django_db

# Tamworth sends in English only; BTPA in English and Welsh.


def _letters(profile):
    return [
        (kind, language)
        for kind in NoticeKind
        for language in gallery_languages(profile)
        if template_for(profile, kind, language) is not None
    ]


@pytest.mark.parametrize("slug", ["tamworth", "btpa"])
def test_every_letter_renders_as_a_pdf_with_only_the_profile_loaded(activate_profile, slug):
    profile = activate_profile(slug)
    administrator = person(Role.ADMINISTRATOR)
    assert not Customer.objects.exists() and not Decision.objects.exists()
    letters = _letters(profile)
    assert {kind for kind, _ in letters} >= {NoticeKind.WARNING, NoticeKind.SANCTIONS_IMPOSED}
    for kind, language in letters:
        data = gallery_pdf(
            profile, administrator, kind=kind, language=language, print_format=PrintFormat.STANDARD
        )
        assert data is not None and data.startswith(b"%PDF"), (kind, language)
    assert not Customer.objects.exists() and not Decision.objects.exists()


@pytest.mark.parametrize("slug", ["tamworth", "btpa"])
def test_the_template_editor_previews_every_kind_without_a_decision(activate_profile, client, slug):
    profile = activate_profile(slug)
    client.force_login(person(Role.ADMINISTRATOR))
    for kind, language in _letters(profile):
        template = template_for(profile, kind, language)
        response = client.post(
            reverse("notices:template_edit", args=[kind, language]),
            {
                "subject": template.subject,
                "body": template.body + "\n\nEdited line.",
                "preview_decision": "",
                "preview": "1",
            },
        )
        assert response.status_code == 200, (kind, language)
        page = response.content.decode()
        assert 'id="preview"' in page, (kind, language)
        assert "Sample" in page and "Edited line." in page, (kind, language)
    assert not Customer.objects.exists() and not Decision.objects.exists()


def test_a_reference_that_names_no_decision_is_still_refused(activate_profile, client):
    activate_profile("tamworth")
    client.force_login(person(Role.ADMINISTRATOR))
    template = template_for(activate_profile("tamworth"), NoticeKind.WARNING, "en")
    response = client.post(
        reverse("notices:template_edit", args=[NoticeKind.WARNING, "en"]),
        {
            "subject": template.subject,
            "body": template.body,
            "preview_decision": "DEC-2026-999999",
            "preview": "1",
        },
    )
    assert response.status_code == 400
    assert "Enter the reference of a decision" in response.content.decode()
