"""An administrator edits the automatic emails' wording, previewing it with sample values."""

import pytest
from django.urls import reverse

from mailboxes.models import EmailTemplate

pytestmark = pytest.mark.django_db


def edit_url(language="en"):
    return reverse("screens:email_template_edit", args=["acknowledgement", language])


def test_the_shipped_wording_is_offered_previewed_and_saved(client, btpa_active, administrator):
    client.force_login(administrator)
    page = client.get(edit_url("cy")).content.decode()
    assert "Rydym wedi cael eich e-bost" in page

    form = {"subject": "Wedi cael: {{ reference }}", "body": "Annwyl {{ name }},\n\nDiolch."}
    preview = client.post(edit_url("cy"), form | {"preview": "1"})
    assert preview.status_code == 200
    assert "Wedi cael: CON-2026-000123" in preview.content.decode()
    assert "Annwyl Siân Jones" in preview.content.decode()
    assert not EmailTemplate.objects.exists()

    saved = client.post(edit_url("cy"), form | {"save": "1"})
    assert saved.status_code == 302
    template = EmailTemplate.objects.get()
    assert (template.language, template.subject, template.updated_by) == (
        "cy",
        "Wedi cael: {{ reference }}",
        administrator,
    )
    assert "Your own" in client.get(reverse("screens:email_templates")).content.decode()


def test_an_unknown_merge_field_or_an_overlong_message_is_refused(
    client, btpa_active, administrator
):
    client.force_login(administrator)

    unknown = client.post(edit_url(), {"subject": "x", "body": "{{ password }}", "save": "1"})
    overlong = client.post(edit_url(), {"subject": "x", "body": "y" * 10_001, "save": "1"})
    unknown_language = client.get(
        reverse("screens:email_template_edit", args=["acknowledgement", "fr"])
    )

    assert unknown.status_code == 400
    assert "These merge fields do not exist: password" in unknown.content.decode()
    assert overlong.status_code == 400
    assert unknown_language.status_code == 404
    assert not EmailTemplate.objects.exists()
