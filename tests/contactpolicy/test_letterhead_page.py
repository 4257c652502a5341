"""The letterhead page: administrators keep the organisation's contact details, logo and
policy PDF; every input is bounded and checked by its content; each change is in the
profile's history with who made it; the shipped profiles say "To be completed" where their
policy gives no detail."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from contactpolicy import letterhead
from contactpolicy.models import PolicyProfile
from contactpolicy.roles import Role
from contactpolicy.services import profile_activate
from contactpolicy.storage import StorageUnavailable
from tests.contactpolicy.conftest import PROFILE_FILES
from tests.factories import UserFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

URL = "/letterhead/"

COMPLETE = {
    "address": "Ivason House\n8a London Bridge Street\nLondon\nSE1 9SG",
    "telephone": "07900 394397",
    "email": "general.enquiries@btpa.police.uk",
    "web_address": "https://www.btpa.police.uk",
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def shipped(db):
    """The five shipped profiles as their fixtures have them, letterheads untouched."""
    from django.core.management import call_command

    call_command("loaddata", *map(str, PROFILE_FILES.values()), verbosity=0)


def png(width=40, height=20) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(out, format="PNG")
    return out.getvalue()


def pdf(pages=2) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type)


# -- Who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    [Role.CASEWORKER, Role.LINE_MANAGER, Role.HEAD_OF_SERVICE, Role.CHIEF_EXECUTIVE, None],
)
def test_only_administrators_see_or_change_the_letterhead(client, btpa_active, role):
    client.force_login(UserFactory(roles=[role] if role else []))

    assert client.get(URL).status_code == 403
    assert client.post(URL, COMPLETE).status_code == 403
    assert PolicyProfile.objects.get(slug="btpa").web_address != COMPLETE["web_address"]


def test_the_notice_templates_page_links_to_the_letterhead(client, btpa_active, administrator):
    client.force_login(administrator)

    page = client.get(reverse("notices:templates")).content.decode()

    assert f'href="{URL}"' in page


# -- The shipped profiles ----------------------------------------------------------------------


# What each policy gives for its letterhead, and so what is left "To be completed".
SILENT = {
    # BTPA §10 "Contact Details": the address, "Telephone: 07900 394397" and the email.
    "btpa": ["web address"],
    "opcc": ["postal address", "phone number", "email address", "web address"],
    "ipcc": ["postal address", "phone number", "email address", "web address"],
    "tamworth": ["postal address", "phone number", "email address", "web address"],
    # "Further information … should be directed to customer.feedback@naturalengland.org.uk"
    "natural-england": ["postal address", "phone number", "web address"],
}


@pytest.mark.parametrize("slug", list(SILENT))
def test_the_shipped_profiles_leave_to_be_completed_what_their_policy_does_not_give(
    client, shipped, administrator, slug
):
    profile = profile_activate(slug=slug)
    client.force_login(administrator)

    page = client.get(URL).content.decode()

    assert profile.letterhead_missing() == SILENT[slug]
    assert page.count("To be completed") == len(SILENT[slug])
    assert "No letter can be issued until you add the organisation's " in page
    assert letterhead.missing_in_words(profile) in page
    if len(SILENT[slug]) > 1:
        assert f" and {SILENT[slug][-1]}." in page
    for field, label in PolicyProfile.LETTERHEAD_FIELDS:
        said = profile.sources[field]
        if label in SILENT[slug]:
            assert said.startswith("Not in the policy"), (field, said)
        else:
            assert not said.startswith("Not in the policy"), (field, said)


def test_a_shipped_detail_is_the_policys_own(shipped):
    btpa = PolicyProfile.objects.get(slug="btpa")
    natural_england = PolicyProfile.objects.get(slug="natural-england")

    assert btpa.telephone == "07900 394397"
    assert btpa.email == "general.enquiries@btpa.police.uk"
    assert "§10" in btpa.sources["address"]
    assert natural_england.email == "customer.feedback@naturalengland.org.uk"


# -- Changing it -------------------------------------------------------------------------------


def test_an_administrator_completes_the_letterhead_and_the_history_says_who(
    client, shipped, administrator
):
    profile_activate(slug="ipcc")
    client.force_login(administrator)

    response = client.post(URL, COMPLETE)

    assert response.status_code == 302
    profile = PolicyProfile.objects.get(slug="ipcc")
    assert profile.letterhead_missing() == []
    assert profile.web_address == "https://www.btpa.police.uk"
    latest = profile.history.first()
    assert latest.history_user == administrator
    assert latest.web_address == COMPLETE["web_address"]
    page = client.get(URL).content.decode()
    assert "To be completed" not in page
    assert "Letterhead saved" in page


def test_saving_the_same_letterhead_again_writes_no_history(client, btpa_active, administrator):
    client.force_login(administrator)
    client.post(URL, COMPLETE)
    rows = btpa_active.history.count()

    client.post(URL, COMPLETE)

    assert btpa_active.history.count() == rows


def test_a_logo_and_the_policy_are_stored_by_their_content(client, btpa_active, administrator):
    client.force_login(administrator)

    response = client.post(
        URL,
        {
            **COMPLETE,
            # Named as anything: stored as what it is.
            "logo": upload("logo.image", png(), "application/octet-stream"),
            "policy_pdf": upload("policy.pdf", pdf(3), "application/pdf"),
        },
    )

    assert response.status_code == 302
    profile = PolicyProfile.objects.get(slug="btpa")
    assert profile.letter_logo.name.endswith(".png")
    assert letterhead.policy_page_count(profile.policy_pdf) == 3
    assert profile.history.first().history_user == administrator

    client.post(URL, {**COMPLETE, "remove_logo": "on", "remove_policy_pdf": "on"})
    profile.refresh_from_db()
    assert not profile.letter_logo and not profile.policy_pdf


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("address", "", "Enter the organisation&#x27;s postal address"),
        ("telephone", "", "Enter the organisation&#x27;s phone number"),
        ("email", "", "Enter the organisation&#x27;s email address"),
        ("web_address", "", "Enter the organisation&#x27;s web address"),
        ("address", "x" * 301, "Postal address must be 300 characters or fewer"),
        ("address", "\n".join("line"[:4] for _ in range(7)), "6 lines or fewer"),
        ("telephone", "call us", "Enter a phone number, like 01632 960 001"),
        ("telephone", "0" * 31, "Phone number must be 30 characters or fewer"),
        ("email", "not an address", "Enter an email address in the correct format"),
        ("web_address", "ftp://files.example.org", "Enter a web address in the correct format"),
        ("web_address", "https://" + "a" * 200 + ".org", "200 characters or fewer"),
        ("telephone", "01632\x00960001", "must only include letters, numbers"),
    ],
)
def test_each_detail_is_required_and_bounded_with_a_govuk_message(
    client, btpa_active, administrator, field, value, message
):
    client.force_login(administrator)
    before = btpa_active.history.count()

    response = client.post(URL, {**COMPLETE, field: value})

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "govuk-error-summary" in page
    assert btpa_active.history.count() == before


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("logo.svg", SVG, "The logo must be a PNG or JPG"),
        ("logo.png", b"GIF89a not a png at all", "The logo must be a PNG or JPG"),
        ("logo.png", b"\x89PNG\r\n\x1a\n but broken", "The logo must be a PNG or JPG"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024), "smaller than 1MB"),
        ("logo.png", png(4001, 10), "4,000 pixels or fewer"),
    ],
)
def test_a_logo_that_is_not_a_small_png_or_jpg_is_refused(
    client, btpa_active, administrator, name, data, message
):
    client.force_login(administrator)

    response = client.post(URL, {**COMPLETE, "logo": upload(name, data, "image/png")})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PolicyProfile.objects.get(slug="btpa").letter_logo


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Not a PDF, whatever its name says", "The policy must be a PDF"),
        (b"%PDF-1.7\nthen nothing a reader can use", "a PDF that can be opened"),
        (b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024), "smaller than 10MB"),
    ],
)
def test_a_policy_that_is_not_a_readable_pdf_is_refused(
    client, btpa_active, administrator, data, message
):
    client.force_login(administrator)

    response = client.post(
        URL, {**COMPLETE, "policy_pdf": upload("policy.pdf", data, "application/pdf")}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PolicyProfile.objects.get(slug="btpa").policy_pdf


def test_a_file_store_that_cannot_be_written_is_an_outage_and_nothing_is_saved(
    client, btpa_active, administrator, settings, tmp_path
):
    (tmp_path / "file_not_dir").write_text("")
    settings.MEDIA_ROOT = tmp_path / "file_not_dir" / "media"
    client.raise_request_exception = False
    client.force_login(administrator)
    before = btpa_active.history.count()

    response = client.post(
        URL, {**COMPLETE, "policy_pdf": upload("policy.pdf", pdf(), "application/pdf")}
    )

    assert response.status_code == 503
    profile = PolicyProfile.objects.get(slug="btpa")
    assert not profile.policy_pdf
    assert profile.web_address == "https://www.btpa.example.org"  # as it was
    assert profile.history.count() == before


def test_the_service_refuses_a_file_store_outage_with_storage_unavailable(
    btpa_active, administrator, settings, tmp_path
):
    from contactpolicy.services import profile_letterhead_change

    (tmp_path / "file_not_dir").write_text("")
    settings.MEDIA_ROOT = tmp_path / "file_not_dir" / "media"

    with pytest.raises(StorageUnavailable):
        profile_letterhead_change(
            profile=btpa_active,
            actor=administrator,
            **COMPLETE,
            logo=upload("logo.png", png(), "image/png"),
        )


# -- Its cost ----------------------------------------------------------------------------------


def test_the_page_runs_a_fixed_number_of_queries(client, btpa_active, administrator):
    client.force_login(administrator)
    first = count_queries(client, URL)
    for number in range(5):
        client.post(URL, {**COMPLETE, "telephone": f"01632 960 00{number}"})

    # Session, user, roles, the profile revision, the last change and its author (one join).
    assert count_queries(client, URL) == first
    assert first <= 8
