"""Making a profile active is a change: someone who may only view profiles is not offered it."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.urls import reverse

from contactpolicy.models import PolicyProfile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:contactpolicy_policyprofile_changelist"


@pytest.fixture
def profile_viewer(db):
    user = UserFactory(username="vera", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_policyprofile"))
    return user


def test_a_view_only_user_is_not_offered_the_make_active_action(
    client, profile_viewer, all_profiles
):
    client.force_login(profile_viewer)

    response = client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert 'value="make_active"' not in response.content.decode()


def test_a_view_only_user_posting_the_action_changes_nothing(client, profile_viewer, all_profiles):
    client.force_login(profile_viewer)

    client.post(
        reverse(CHANGELIST),
        {"action": "make_active", ACTION_CHECKBOX_NAME: [all_profiles["tamworth"].pk]},
        follow=True,
    )

    assert not PolicyProfile.objects.filter(is_active=True).exists()


def test_the_administrator_is_offered_the_action(client, administrator, all_profiles):
    client.force_login(administrator)

    response = client.get(reverse(CHANGELIST))

    assert 'value="make_active"' in response.content.decode()
