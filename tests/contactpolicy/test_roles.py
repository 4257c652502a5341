import pytest
from django.contrib.auth.models import Group

from contactpolicy.roles import Role, roles_at_least

pytestmark = pytest.mark.django_db


def test_every_role_has_its_group_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.label for r in Role}


def test_administrator_group_may_edit_users_and_profiles():
    codenames = set(
        Group.objects.get(name="Administrator").permissions.values_list("codename", flat=True)
    )
    assert {"change_user", "add_user", "change_group"} <= codenames


def test_administrators_move_the_sweeps_times_but_cannot_delete_a_sweep(db, client):
    from django_celery_beat.models import PeriodicTask

    from tests.factories import UserFactory

    codenames = set(
        Group.objects.get(name=Role.ADMINISTRATOR.label).permissions.values_list(
            "codename", flat=True
        )
    )
    assert {"change_periodictask", "add_crontabschedule", "change_crontabschedule"} <= codenames
    assert "delete_periodictask" not in codenames
    admin = UserFactory(username="aled", roles=[Role.ADMINISTRATOR], is_staff=True)
    client.force_login(admin)
    sweep = PeriodicTask.objects.get(task="cases.contact_reminders")
    page = client.get(f"/admin/django_celery_beat/periodictask/{sweep.pk}/change/")
    assert page.status_code == 200
    delete = client.get(f"/admin/django_celery_beat/periodictask/{sweep.pk}/delete/")
    assert delete.status_code == 403


def test_a_person_may_hold_several_roles(db):
    from tests.factories import UserFactory

    user = UserFactory(roles=[Role.LINE_MANAGER, Role.ADMINISTRATOR])
    assert user.has_role(Role.LINE_MANAGER)
    assert user.has_role(Role.ADMINISTRATOR)
    assert not user.has_role(Role.CHIEF_EXECUTIVE)
    assert user.is_manager
    assert user.effective_grade == 2


def test_seniority_floor():
    assert roles_at_least(Role.HEAD_OF_SERVICE) == {Role.HEAD_OF_SERVICE, Role.CHIEF_EXECUTIVE}
    assert Role.ADMINISTRATOR not in roles_at_least(Role.CASEWORKER)


def test_grade_falls_back_to_the_most_senior_role(caseworker, chief_executive):
    caseworker.grade = None
    assert caseworker.effective_grade == 1
    assert chief_executive.effective_grade == 4
