"""Who must sign in with a second factor: `second_factor_required`, the one rule, and the
pages that follow it."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from contactpolicy.roles import Role
from contactpolicy.second_factor import second_factor_required
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENROL = reverse("second_factor_enrol")


def person(*roles: Role, **fields):
    return UserFactory(roles=list(roles), **fields)


# (profile, role, must have one?). BTPA reserves every decision to the Chief Executive;
# Natural England's line managers approve; Tamworth's heads of service do, by either route.
TABLE = [
    ("btpa", Role.CASEWORKER, False),
    ("btpa", Role.LINE_MANAGER, False),
    ("btpa", Role.HEAD_OF_SERVICE, True),
    ("btpa", Role.CHIEF_EXECUTIVE, True),
    ("btpa", Role.ADMINISTRATOR, True),
    ("natural-england", Role.CASEWORKER, False),
    ("natural-england", Role.LINE_MANAGER, True),
    ("tamworth", Role.LINE_MANAGER, False),
    ("tamworth", Role.HEAD_OF_SERVICE, True),
    ("ipcc", Role.LINE_MANAGER, True),
]


@pytest.mark.parametrize(("slug", "role", "required"), TABLE)
def test_who_must_have_a_second_factor_under_each_profile(activate_profile, slug, role, required):
    activate_profile(slug)

    assert second_factor_required(person(role)) is required


def test_a_superuser_must_have_one_whatever_their_roles(btpa_active):
    assert second_factor_required(person(is_superuser=True))


def test_without_an_active_profile_only_the_senior_roles_need_one(db):
    assert second_factor_required(person(Role.HEAD_OF_SERVICE))
    assert not second_factor_required(person(Role.LINE_MANAGER))


def test_a_role_that_comes_to_approve_needs_one_from_the_next_request(btpa_active):
    manager = person(Role.LINE_MANAGER)
    assert not second_factor_required(manager)

    rule = btpa_active.decision_rules.order_by("pk").first()
    rule.approver_role = Role.LINE_MANAGER
    rule.reserved_to_chief_executive = False
    rule.save()

    assert second_factor_required(type(manager).objects.get(pk=manager.pk))


def test_a_caseworker_who_does_not_approve_is_not_forced(btpa_active, caseworker):
    browser = Client()
    browser.force_login(caseworker)

    assert browser.get("/").status_code == 200
    assert browser.get(reverse("screens:contact_log")).status_code == 200


@pytest.mark.parametrize(
    ("slug", "role"),
    [
        ("btpa", Role.HEAD_OF_SERVICE),
        ("btpa", Role.ADMINISTRATOR),
        ("btpa", Role.CHIEF_EXECUTIVE),
        ("natural-england", Role.LINE_MANAGER),
    ],
)
def test_heads_of_service_administrators_and_approvers_are_sent_to_set_up_an_app(
    activate_profile, slug, role
):
    activate_profile(slug)
    browser = Client()
    browser.force_login(person(role))

    response = browser.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith(ENROL)


@pytest.mark.parametrize(("debug", "required"), [(True, False), (False, True)])
def test_demonstration_users_are_spared_only_while_debug_is_on(btpa_active, debug, required):
    chief = person(Role.CHIEF_EXECUTIVE, is_demo=True)
    browser = Client()
    browser.force_login(chief)

    with override_settings(DEBUG=debug):
        assert second_factor_required(chief) is required
        response = browser.get("/")

    assert response.status_code == (302 if required else 200)


def test_debug_spares_no_one_who_is_not_a_demonstration_user(btpa_active, chief_executive):
    with override_settings(DEBUG=True):
        assert second_factor_required(chief_executive)


@override_settings(DEBUG=True)
def test_setup_demo_marks_its_users(db):
    import io

    from django.core.management import call_command

    from contactpolicy.models import User

    call_command("setup_demo", stdout=io.StringIO())

    assert set(User.objects.filter(is_demo=True).values_list("username", flat=True)) == {
        "chief",
        "head",
        "manager",
        "caseworker",
        "admin",
    }
