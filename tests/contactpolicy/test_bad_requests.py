"""Input no screen expects gets a clear 400, never a server error, on every database."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/customers/?q=%00",
        "/customers/CUS-2026-%00/",
        "/contacts/new/?customer=%00",
        "/?channel=%00",
    ],
)
def test_nul_characters_are_refused(client, caseworker, btpa_active, url):
    client.force_login(caseworker)
    response = client.get(url)
    assert response.status_code == 400
    assert "Sorry, there is a problem with that request" in response.content.decode()


def test_nul_in_a_form_shows_the_form_again_with_what_was_typed(client, caseworker, btpa_active):
    client.force_login(caseworker)
    response = client.post(
        "/contacts/new/",
        {
            "who": "unknown",
            "sender": "07700 900123",
            "channel": "letter",
            "summary": "Wrote\x00 about the bins",
            "received_date_0": "3\x00",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Summary must only include letters, numbers, spaces and punctuation" in page
    assert 'href="#id_summary"' in page
    # The date's parts are one field: the error names the field, not a part of it.
    assert "Date received must only include letters, numbers, spaces and punctuation" in page
    # Everything else as typed, the NUL taken out.
    assert "Wrote about the bins" in page
    assert 'value="07700 900123"' in page
    assert "\x00" not in page


def test_a_form_without_nul_is_not_marked(client, caseworker, btpa_active):
    client.force_login(caseworker)
    response = client.post("/contacts/new/", {"who": "unknown", "summary": "Fine"})
    assert "must only include letters" not in response.content.decode()


def test_nul_in_a_field_name_is_still_refused(client, caseworker, btpa_active):
    client.force_login(caseworker)
    response = client.post("/contacts/new/", {"sum\x00mary": "a"})
    assert response.status_code == 400


def test_nul_on_sign_in_shows_the_form_again(client, btpa_active):
    response = client.post("/sign-in/", {"username": "casey\x00", "password": "x"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Username must only include letters, numbers, spaces and punctuation" in page
    assert 'value="casey"' in page
