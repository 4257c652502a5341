"""The inbox: each person sees and marks only their own notifications."""

import pytest
from django.urls import reverse
from django.utils import timezone

from contactpolicy.models import Notification, NotificationSettings
from contactpolicy.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def note(user, message="Contact CON-1 must be answered.", url="/contacts/CON-1/"):
    return Notification.objects.create(
        recipient=user, kind="contact_respond", message=message, url=url,
        created_at=timezone.now(),
    )  # fmt: skip


@pytest.fixture
def casey(db):
    return UserFactory(username="casey", roles=[Role.CASEWORKER])


@pytest.fixture
def other(db):
    return UserFactory(username="omar", roles=[Role.CASEWORKER])


def test_the_header_counts_unread_notifications(client, casey, btpa_active):
    note(casey)
    note(casey)
    read = note(casey)
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    client.force_login(casey)
    page = client.get(reverse("notifications")).content.decode()
    assert 'class="app-header__count">2</span>' in page
    assert page.count("Unread</strong>") == 2


def test_nobody_sees_or_opens_another_persons_notifications(client, casey, other, btpa_active):
    theirs = note(other, message="Contact CON-9 is overdue.")
    client.force_login(casey)
    assert "CON-9" not in client.get(reverse("notifications")).content.decode()
    response = client.post(reverse("notification_open", args=[theirs.pk]))
    assert response["Location"] == reverse("notifications")
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_a_notification_marks_it_read_and_goes_to_its_record(client, casey, btpa_active):
    mine = note(casey)
    client.force_login(casey)
    response = client.post(reverse("notification_open", args=[mine.pk]))
    assert response["Location"] == "/contacts/CON-1/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_mark_all_read_marks_only_ones_own(client, casey, other, btpa_active):
    note(casey)
    note(casey)
    theirs = note(other)
    client.force_login(casey)
    client.post(reverse("notifications_read_all"))
    assert not Notification.objects.filter(recipient=casey, read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_choosing_a_daily_digest(client, casey, btpa_active):
    client.force_login(casey)
    url = reverse("notification_settings")
    response = client.post(url, {"email": "weekly"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not NotificationSettings.objects.exists()
    client.post(url, {"email": "digest"})
    assert NotificationSettings.objects.get(user=casey).daily_digest is True
    client.post(url, {"email": "each"})
    assert NotificationSettings.objects.get(user=casey).daily_digest is False
