"""Issue 8, defect 2: administrators manage staff and roles but cannot raise themselves.

Each refusal is proved with the POST a crafty administrator would send, not only by what
the form shows.
"""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from contactpolicy.models import User
from contactpolicy.roles import Role, group_name
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def change_url(user: User) -> str:
    return reverse("admin:contactpolicy_user_change", args=[user.pk])


def role(role_: str) -> Group:
    return Group.objects.get(name=group_name(role_))


def post_user(client, user: User, **changes):
    """Post the user's change form as it stands, with `changes` on top."""
    now = timezone.localtime()
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [g.pk for g in user.groups.all()],
        "grade": user.grade or "",
        "job_title": user.job_title,
        "line_manager": user.line_manager_id or "",
        "date_joined_0": now.strftime("%d/%m/%Y"),
        "date_joined_1": now.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return client.post(change_url(user), data)


def test_an_administrator_cannot_make_themselves_superuser(client, administrator):
    client.force_login(administrator)

    post_user(client, administrator, is_superuser="on", is_staff="on")

    administrator.refresh_from_db()
    assert not administrator.is_superuser


def test_an_administrator_cannot_give_individual_permissions(client, administrator, caseworker):
    client.force_login(administrator)
    permission = Permission.objects.get(codename="change_policyprofile")

    response = post_user(client, caseworker, user_permissions=[permission.pk], is_staff="on")

    assert response.status_code == 302
    caseworker.refresh_from_db()
    assert not caseworker.user_permissions.exists()
    assert not caseworker.is_staff


def test_an_administrator_cannot_grant_the_chief_executive_role(client, administrator, caseworker):
    client.force_login(administrator)

    response = post_user(
        client, caseworker, groups=[role(Role.CASEWORKER).pk, role(Role.CHIEF_EXECUTIVE).pk]
    )

    assert response.status_code == 200  # the form is shown again with the error
    assert "Select a valid choice" in response.content.decode()
    assert not caseworker.has_role(Role.CHIEF_EXECUTIVE)
    assert User.objects.get(pk=caseworker.pk).roles == {Role.CASEWORKER}


def test_an_administrator_is_not_offered_the_chief_executive_role(
    client, administrator, caseworker
):
    client.force_login(administrator)

    response = client.get(change_url(caseworker))
    content = response.content.decode()

    offered = {group.name for group in response.context["adminform"].form.fields["groups"].queryset}
    assert "Head of service" in offered
    assert "Chief Executive" not in offered
    assert re.search(r'type="checkbox" name="groups"[^>]*>\s*Head of service', content)
    assert not re.search(r">\s*Chief Executive\s*<", content)
    assert 'name="is_superuser"' not in content
    assert 'name="user_permissions"' not in content
    assert 'name="is_staff"' not in content


def test_an_administrator_cannot_change_their_own_roles_or_grade(client, administrator):
    client.force_login(administrator)

    post_user(
        client,
        administrator,
        groups=[role(Role.ADMINISTRATOR).pk, role(Role.HEAD_OF_SERVICE).pk],
        grade=4,
    )

    administrator = User.objects.get(pk=administrator.pk)
    assert administrator.roles == {Role.ADMINISTRATOR}
    assert administrator.grade is None


def test_an_administrator_manages_other_staff_roles_grade_and_manager(
    client, administrator, caseworker, line_manager
):
    client.force_login(administrator)

    response = post_user(
        client,
        caseworker,
        groups=[role(Role.LINE_MANAGER).pk],
        grade=2,
        line_manager=line_manager.pk,
    )

    assert response.status_code == 302
    caseworker = User.objects.get(pk=caseworker.pk)
    assert caseworker.roles == {Role.LINE_MANAGER}
    assert (caseworker.grade, caseworker.line_manager) == (2, line_manager)


def test_editing_a_chief_executive_keeps_the_role_the_administrator_cannot_grant(
    client, administrator, chief_executive
):
    client.force_login(administrator)

    response = post_user(client, chief_executive, groups=[], job_title="Chief Executive")

    assert response.status_code == 302
    assert User.objects.get(pk=chief_executive.pk).roles == {Role.CHIEF_EXECUTIVE}


def test_an_administrator_cannot_edit_a_superuser_or_set_their_password(client, administrator):
    boss = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(administrator)

    assert post_user(client, boss, first_name="Mallory").status_code == 403
    password_url = reverse("admin:contactpolicy_user_changelist") + f"{boss.pk}/password/"
    response = client.post(
        password_url,
        {"password1": "a new long password 123", "password2": "a new long password 123"},
    )

    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.first_name != "Mallory"
    assert boss.check_password("correct horse battery staple")


def test_an_administrator_cannot_change_what_a_role_may_do(client, administrator):
    client.force_login(administrator)
    group = role(Role.ADMINISTRATOR)
    everything = list(Permission.objects.values_list("pk", flat=True))

    response = client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": group.name, "permissions": everything},
    )

    assert response.status_code == 403
    assert group.permissions.count() < len(everything)


def test_a_superuser_may_grant_the_chief_executive_role(client, caseworker):
    boss = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(boss)

    response = post_user(
        client, caseworker, groups=[role(Role.CHIEF_EXECUTIVE).pk], grade=4, is_staff="on"
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert User.objects.get(pk=caseworker.pk).roles == {Role.CHIEF_EXECUTIVE}


def test_every_change_of_roles_grade_or_manager_is_kept_with_before_and_after(
    client, administrator, caseworker, line_manager
):
    client.force_login(administrator)
    before = caseworker.history.latest()

    post_user(
        client,
        caseworker,
        groups=[role(Role.LINE_MANAGER).pk],
        grade=2,
        line_manager=line_manager.pk,
    )

    latest = caseworker.history.latest()
    delta = latest.diff_against(before)
    changed = {change.field: (change.old, change.new) for change in delta.changes}
    assert changed["grade"] == (1, 2)
    assert changed["line_manager"] == (None, line_manager.pk)
    old_groups, new_groups = changed["groups"]
    assert [g["group"] for g in old_groups] == [role(Role.CASEWORKER).pk]
    assert [g["group"] for g in new_groups] == [role(Role.LINE_MANAGER).pk]
    assert latest.history_user == administrator

    history = client.get(reverse("admin:contactpolicy_user_history", args=[caseworker.pk]))
    assert history.status_code == 200
    assert "Grade" in history.content.decode()
