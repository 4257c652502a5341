"""Two clicks, or a form sent again after going back, save once (issue 8, defect 5).

Each rendering of a form that creates something carries a one-time token; the second
post of the same rendering is sent to what the first one saved.
"""

import re
import uuid

import pytest
from django.urls import reverse

from cases.models import Contact, Customer, Incident
from contactpolicy.idempotency import submission_claim
from tests.cases.test_views import contact_form
from tests.cases.test_views_incidents import incident_form

pytestmark = pytest.mark.django_db


def token_on(page: str) -> str:
    return re.search(r'name="submission_token" value="([0-9a-f-]{36})"', page).group(1)


@pytest.fixture
def signed_in(client, btpa_active, caseworker):
    client.force_login(caseworker)
    return client


def test_a_contact_posted_twice_is_logged_once(signed_in):
    url = reverse("screens:contact_log")
    token = token_on(signed_in.get(url).content.decode())
    first = signed_in.post(url, contact_form(submission_token=token))
    second = signed_in.post(url, contact_form(submission_token=token), follow=True)

    assert first.status_code == 302
    assert Contact.objects.count() == 1
    assert second.redirect_chain[-1][0] == first["Location"]
    assert "This was already saved" in second.content.decode()


def test_each_rendering_of_the_form_is_its_own_contact(signed_in):
    url = reverse("screens:contact_log")
    for _ in range(2):
        token = token_on(signed_in.get(url).content.decode())
        assert signed_in.post(url, contact_form(submission_token=token)).status_code == 302
    assert Contact.objects.count() == 2


def test_an_incident_posted_twice_is_recorded_once(signed_in, caseworker, btpa_active):
    from cases.services import customer_create

    customer = customer_create(created_by=caseworker, name="Jo Bloggs", identifiers=[])
    category = btpa_active.behaviour_categories.get(code="A")
    url = reverse("screens:incident_record", kwargs={"reference": customer.reference})
    token = token_on(signed_in.get(url).content.decode())
    first = signed_in.post(url, incident_form(category, submission_token=token))
    second = signed_in.post(url, incident_form(category, submission_token=token))

    assert Incident.objects.count() == 1
    assert second["Location"] == first["Location"]


def test_a_refused_form_gives_its_token_back(signed_in):
    url = reverse("screens:contact_log")
    token = token_on(signed_in.get(url).content.decode())
    refused = signed_in.post(url, contact_form(summary="", submission_token=token))
    assert refused.status_code == 200
    corrected = signed_in.post(url, contact_form(submission_token=token))

    assert corrected.status_code == 302
    assert Contact.objects.count() == 1


def test_a_second_post_while_the_first_is_saving_is_told_to_wait(signed_in, caseworker):
    token = uuid.uuid4()
    submission_claim(token=token, user=caseworker)  # the first post, still saving
    response = signed_in.post(
        reverse("cases:customer_create"),
        {"new_name": "Sam Jones", "new_kind": "individual", "preferred_language": "en"}
        | {"submission_token": str(token)},
    )

    assert response.status_code == 409
    assert "This is still being saved" in response.content.decode()
    assert not Customer.objects.exists()


def test_another_persons_token_is_not_theirs_to_replay(signed_in, line_manager):
    url = reverse("screens:contact_log")
    token = token_on(signed_in.get(url).content.decode())
    signed_in.post(url, contact_form(submission_token=token))
    signed_in.force_login(line_manager)
    response = signed_in.post(url, contact_form(submission_token=token))

    assert response.status_code == 409
    assert Contact.objects.count() == 1


def test_claims_are_forgotten_after_a_day(caseworker):
    from datetime import timedelta

    from django.utils import timezone

    from contactpolicy.idempotency import submissions_forget_old
    from contactpolicy.models import FormSubmission

    old = submission_claim(token=uuid.uuid4(), user=caseworker)
    recent = submission_claim(token=uuid.uuid4(), user=caseworker)
    FormSubmission.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=1, minutes=1)
    )

    assert submissions_forget_old() == 1
    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [recent.pk]
