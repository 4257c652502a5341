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


def test_nul_in_a_form_is_refused(client, caseworker, btpa_active):
    client.force_login(caseworker)
    response = client.post("/contacts/new/", {"summary": "a\x00b"})
    assert response.status_code == 400
