"""The letters gallery: every letter an organisation sends, with sample data, in each
language and print format, for its administrators to read before going live. The sample
is never kept."""

import pytest
from django.urls import reverse

from cases.models import Customer, CustomerIdentifier, Incident
from contactpolicy.roles import Role
from notices.letter import template_for
from notices.models import NoticeKind, NoticeLanguage, PrintFormat
from restrictions.models import Decision, RestrictionCase, Sanction
from tests.cases.factories import CustomerFactory
from tests.queries import count_queries
from tests.restrictions.factories import person

pytestmark = pytest.mark.django_db

SAMPLE_MODELS = (Customer, CustomerIdentifier, Incident, RestrictionCase, Decision, Sanction)


def _rows() -> dict:
    return {model.__name__: model.objects.count() for model in SAMPLE_MODELS}


@pytest.fixture
def admin_client(client):
    client.force_login(person(Role.ADMINISTRATOR))
    return client


@pytest.mark.parametrize("slug", ["tamworth", "btpa"])
def test_every_letter_is_shown_in_every_language_and_no_sample_is_kept(
    activate_profile, admin_client, slug
):
    profile = activate_profile(slug)
    before = _rows()
    response = admin_client.get(reverse("notices:gallery"))
    assert response.status_code == 200
    page = response.content.decode()
    languages = [NoticeLanguage.ENGLISH] + ([NoticeLanguage.WELSH] if slug == "btpa" else [])
    shown = 0
    for kind in NoticeKind:
        for language in languages:
            if template_for(profile, kind, language) is None:
                assert f'id="{kind.value}-{language.value}"' not in page
                continue
            shown += 1
            assert f'id="{kind.value}-{language.value}"' in page
            for print_format in PrintFormat:
                assert reverse("notices:gallery_pdf", args=[kind, language, print_format]) in page
    assert shown >= 7
    assert "Dear Ms Sample" in page
    assert _rows() == before


def test_welsh_letters_are_marked_awaiting_the_translators_check(activate_profile, admin_client):
    activate_profile("btpa")
    page = admin_client.get(reverse("notices:gallery")).content.decode()
    assert "Awaiting the translator's check: the organisation's translator" in page
    assert 'lang="cy"' in page


def test_a_sample_pdf_is_rendered_on_demand_and_not_kept(activate_profile, admin_client):
    activate_profile("tamworth")
    before = _rows()
    url = reverse(
        "notices:gallery_pdf",
        args=[NoticeKind.SANCTIONS_IMPOSED, NoticeLanguage.ENGLISH, PrintFormat.LARGE_PRINT],
    )
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert _rows() == before


def test_a_letter_the_profile_lacks_is_not_found(activate_profile, admin_client):
    activate_profile("tamworth")
    missing = reverse(
        "notices:gallery_pdf",
        args=[NoticeKind.WARNING, NoticeLanguage.WELSH, PrintFormat.STANDARD],
    )
    assert admin_client.get(missing).status_code == 404
    nonsense = reverse("notices:gallery_pdf", args=["nonsense", "en", "standard"])
    assert admin_client.get(nonsense).status_code == 404


def test_the_template_list_links_to_the_gallery(activate_profile, admin_client):
    activate_profile("tamworth")
    page = admin_client.get(reverse("notices:templates")).content.decode()
    assert reverse("notices:gallery") in page


def test_the_gallery_runs_a_fixed_number_of_queries(activate_profile, admin_client):
    activate_profile("tamworth")
    url = reverse("notices:gallery")
    first = count_queries(admin_client, url)
    for _ in range(3):
        CustomerFactory()
    assert count_queries(admin_client, url) == first
    assert first == GALLERY_QUERIES


# The session and user (2), the active profile's templates and sample rows written and read
# inside the rolled-back transaction for every kind and language (the rest): a fixed number
# for a profile, whatever else the database holds.
GALLERY_QUERIES = 95
