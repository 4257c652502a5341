"""A template's heading is held to the same merge-field rules as its text (issue 17, fix 4):
template code and unknown fields are refused there too, on the heading's own field."""

import pytest
from django.urls import reverse

from contactpolicy.roles import Role
from notices.models import NoticeKind, NoticeTemplate
from tests.restrictions.factories import person

pytestmark = pytest.mark.django_db

BODY = (
    "Dear {{ customer_name }},\n\n{{ behaviour }}\n\nWhat applies now:\n\n{{ arrangements }}"
    "\n\nReview by {{ review_date }}.\n\n{{ signatory_name }}\n{{ signatory_role }}"
)
STRAY = "Write merge fields as {{ name }}: the heading has a stray “{{”, “{%” or “}}”"


def save(client, subject):
    url = reverse(
        "notices:template_edit", kwargs={"kind": NoticeKind.SANCTIONS_IMPOSED, "language": "en"}
    )
    return client.post(url, {"subject": subject, "body": BODY, "save": "1"})


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (
            "Your contact {{ settings.SECRET_KEY }}",
            "“{{ settings.SECRET_KEY }}” is not a merge field",
        ),
        ("Your contact {% debug %}", STRAY),
        ("Your contact {{ favourite_colour }}", "“{{ favourite_colour }}” is not a merge field"),
        ("{{ behaviour }}", "“{{ behaviour }}” cannot be used in the heading: it is a list"),
    ],
)
def test_the_heading_is_refused_as_the_text_would_be(activate_profile, client, subject, message):
    activate_profile("opcc")
    client.force_login(person(Role.ADMINISTRATOR))
    response = save(client, subject)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert message in errors["subject"]
    assert "body" not in errors
    assert (
        f'href="#{response.context["form"]["subject"].id_for_label}"' in response.content.decode()
    )
    assert not NoticeTemplate.objects.exists()


def test_the_same_code_in_the_text_is_refused_with_the_same_words(activate_profile, client):
    activate_profile("opcc")
    client.force_login(person(Role.ADMINISTRATOR))
    url = reverse(
        "notices:template_edit", kwargs={"kind": NoticeKind.SANCTIONS_IMPOSED, "language": "en"}
    )
    response = client.post(
        url, {"subject": "Your contact", "body": BODY + "\n\n{{ settings.SECRET_KEY }}"}
    )
    assert (
        "“{{ settings.SECRET_KEY }}” is not a merge field"
        in response.context["form"].errors["body"]
    )


def test_a_heading_with_a_known_field_is_saved(activate_profile, client):
    activate_profile("opcc")
    client.force_login(person(Role.ADMINISTRATOR))
    assert save(client, "Your contact with us, {{ customer_name }}").status_code == 302
    assert NoticeTemplate.objects.get().subject == "Your contact with us, {{ customer_name }}"
