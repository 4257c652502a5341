"""Issue 17: passwords belong to their owner.

An administrator (and a superuser) can neither set another person's password nor create
an account with a password of their choosing; the owner sets it through a link emailed to
them. Each refusal is proved with the POST a crafty administrator would send, and by what
the database holds afterwards.
"""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from contactpolicy.models import User
from contactpolicy.roles import Role, group_name
from tests.contactpolicy.password_links import NEW_PASSWORD, links_sent_to, set_password_through
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CHOSEN = "an administrator's choice 123"


def role(role_: str) -> Group:
    return Group.objects.get(name=group_name(role_))


def set_password_post(client, user: User):
    return client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": CHOSEN, "password2": CHOSEN, "usable_password": "true"},
    )


def add_user_post(client, **changes):
    data = {
        "username": "hannah",
        "first_name": "Hannah",
        "last_name": "Ojo",
        "email": "hannah@example.org",
        "groups": [role(Role.HEAD_OF_SERVICE).pk],
        "grade": 3,
        "job_title": "Head of Customer Service",
        "line_manager": "",
        # What a crafty administrator adds: Django's own creation form's fields.
        "password1": CHOSEN,
        "password2": CHOSEN,
        "usable_password": "true",
        "is_superuser": "on",
    }
    data.update(changes)
    return client.post(reverse("admin:contactpolicy_user_add"), data)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """What a request queues after its transaction commits (the emails) runs at the end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def superuser(db):
    return UserFactory(
        username="root", first_name="Sam", last_name="Root", is_superuser=True, is_staff=True
    )


@pytest.mark.parametrize(
    "target", ["caseworker", "line_manager", "head_of_service", "chief_executive"]
)
def test_an_administrator_cannot_set_another_persons_password(
    client, request, administrator, target
):
    person = request.getfixturevalue(target)
    client.force_login(administrator)

    assert (
        client.get(reverse("admin:auth_user_password_change", args=[person.pk])).status_code == 403
    )
    assert set_password_post(client, person).status_code == 403

    person.refresh_from_db()
    assert person.check_password(PASSWORD)
    assert not person.check_password(CHOSEN)


def test_a_superuser_cannot_set_another_persons_password_either(client, superuser, chief_executive):
    client.force_login(superuser)

    assert set_password_post(client, chief_executive).status_code == 403

    chief_executive.refresh_from_db()
    assert chief_executive.check_password(PASSWORD)


def test_a_person_may_still_change_their_own_password_in_the_admin(client, administrator):
    client.force_login(administrator)

    response = set_password_post(client, administrator)

    assert response.status_code == 302
    administrator.refresh_from_db()
    assert administrator.check_password(CHOSEN)


def test_the_change_page_offers_no_password_button_for_another_person(
    client, administrator, caseworker
):
    client.force_login(administrator)

    page = client.get(reverse("admin:contactpolicy_user_change", args=[caseworker.pk]))

    content = page.content.decode()
    assert "../password/" not in content
    assert "Nobody sets another person's password" in content
    assert "Send a new link to set their password" in content


def test_a_new_account_gets_no_password_from_its_creator_but_a_link_to_set_one(
    client, administrator, committed
):
    client.force_login(administrator)

    with committed():
        response = add_user_post(client)

    assert response.status_code == 302, response.content.decode()[:2000]
    hannah = User.objects.get(username="hannah")
    assert not hannah.has_usable_password()
    assert not hannah.check_password(CHOSEN)
    assert not hannah.is_superuser
    assert hannah.roles == {Role.HEAD_OF_SERVICE}
    assert (hannah.grade, hannah.job_title) == (3, "Head of Customer Service")
    [link] = links_sent_to("hannah@example.org")

    assert set_password_through(client, link).status_code == 302

    hannah.refresh_from_db()
    assert hannah.check_password(NEW_PASSWORD)


def test_the_add_form_has_no_password_fields(client, administrator):
    client.force_login(administrator)

    content = client.get(reverse("admin:contactpolicy_user_add")).content.decode()

    assert 'name="username"' in content
    assert 'name="email"' in content
    assert 'name="password1"' not in content
    assert 'name="usable_password"' not in content
    assert ">Chief Executive<" not in content


def test_a_new_account_needs_an_email_address_for_its_link(client, administrator):
    client.force_login(administrator)

    response = add_user_post(client, email="")

    assert response.status_code == 200
    assert not User.objects.filter(username="hannah").exists()
    assert not mail.outbox


def test_an_administrator_cannot_create_a_chief_executive(client, administrator):
    client.force_login(administrator)

    response = add_user_post(client, groups=[role(Role.CHIEF_EXECUTIVE).pk], grade=4)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not User.objects.filter(username="hannah").exists()


def test_a_superuser_may_create_a_chief_executive_who_sets_their_own_password(
    client, superuser, committed
):
    client.force_login(superuser)

    with committed():
        response = add_user_post(client, groups=[role(Role.CHIEF_EXECUTIVE).pk], grade=4)

    assert response.status_code == 302
    deputy = User.objects.get(username="hannah")
    assert deputy.roles == {Role.CHIEF_EXECUTIVE}
    assert not deputy.has_usable_password()
    assert len(links_sent_to("hannah@example.org")) == 1


def test_the_roles_field_says_who_can_grant_the_chief_executive_role(
    client, administrator, caseworker, superuser
):
    UserFactory(username="root2", first_name="Ruth", last_name="Okafor", is_superuser=True)
    client.force_login(administrator)

    content = client.get(
        reverse("admin:contactpolicy_user_change", args=[caseworker.pk])
    ).content.decode()

    assert "Only a superuser can give someone the Chief Executive role" in content
    assert "Ask one of the superusers: Ruth Okafor or Sam Root." in content


def post_email(client, person: User, email: str):
    return client.post(
        reverse("admin:contactpolicy_user_change", args=[person.pk]),
        {
            "username": person.username,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": email,
            "is_active": "on",
            # The roles an administrator is offered; the Chief Executive's is kept.
            "groups": [g.pk for g in person.groups.exclude(name=group_name(Role.CHIEF_EXECUTIVE))],
            "grade": person.grade or "",
            "job_title": "",
            "line_manager": "",
        },
    )


@pytest.mark.parametrize("target", ["head_of_service", "chief_executive"])
def test_an_administrator_cannot_redirect_the_links_of_someone_with_a_password(
    client, request, administrator, target
):
    person = request.getfixturevalue(target)
    address = person.email
    client.force_login(administrator)
    page = client.get(reverse("admin:contactpolicy_user_change", args=[person.pk]))
    assert 'name="email"' not in page.content.decode()

    response = post_email(client, person, "ada@example.org")

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == address


def test_an_administrator_may_correct_the_address_before_a_password_is_set(
    client, administrator, caseworker
):
    caseworker.set_unusable_password()
    caseworker.save()
    client.force_login(administrator)

    post_email(client, caseworker, "casey.right@example.org")

    caseworker.refresh_from_db()
    assert caseworker.email == "casey.right@example.org"


def test_send_a_new_link_from_the_change_page_is_in_the_history_with_who_sent_it(
    client, administrator, caseworker, committed
):
    client.force_login(administrator)

    with committed():
        response = client.post(
            reverse("admin:contactpolicy_user_send_password_link", args=[caseworker.pk])
        )

    assert response.status_code == 302
    assert len(links_sent_to(caseworker.email)) == 1
    latest = caseworker.history.latest()
    assert latest.history_user == administrator
    assert latest.history_change_reason == "New link to set a password sent"
    assert latest.password_link_sent_at is not None
    caseworker.refresh_from_db()
    assert caseworker.check_password(PASSWORD)  # a link changes nothing until it is used
    history = client.get(reverse("admin:contactpolicy_user_history", args=[caseworker.pk]))
    assert "New link to set a password sent" in history.content.decode()


def test_send_a_new_link_is_a_post(client, administrator, caseworker):
    client.force_login(administrator)

    response = client.get(
        reverse("admin:contactpolicy_user_send_password_link", args=[caseworker.pk])
    )

    assert response.status_code == 405
    assert not mail.outbox


def test_an_administrator_cannot_send_a_superuser_a_link(client, administrator, superuser):
    client.force_login(administrator)

    response = client.post(
        reverse("admin:contactpolicy_user_send_password_link", args=[superuser.pk])
    )

    assert response.status_code == 403
    assert not mail.outbox
    superuser.refresh_from_db()
    assert superuser.password_link_sent_at is None


def test_the_list_action_sends_new_links_to_those_it_may(
    client, administrator, caseworker, line_manager, superuser, committed
):
    client.force_login(administrator)

    with committed():
        client.post(
            reverse("admin:contactpolicy_user_changelist"),
            {
                "action": "send_password_links",
                "_selected_action": [caseworker.pk, line_manager.pk, superuser.pk],
            },
        )

    assert len(links_sent_to(caseworker.email)) == 1
    assert len(links_sent_to(line_manager.email)) == 1
    assert not links_sent_to(superuser.email)


def test_the_account_created_is_in_its_history_with_who_created_it(client, administrator):
    client.force_login(administrator)

    add_user_post(client)

    hannah = User.objects.get(username="hannah")
    reasons = [(h.history_user, h.history_change_reason) for h in hannah.history.all()]
    assert (administrator, "Account created: link to set a password sent") in reasons
    assert all(user == administrator for user, _ in reasons)


def test_switching_an_account_off_is_in_its_history_with_who_did_it(
    client, administrator, line_manager
):
    client.force_login(administrator)

    response = client.post(
        reverse("admin:contactpolicy_user_change", args=[line_manager.pk]),
        {
            "username": line_manager.username,
            "first_name": line_manager.first_name,
            "last_name": line_manager.last_name,
            "groups": [role(Role.LINE_MANAGER).pk],
            "grade": 2,
            "job_title": "",
            "line_manager": "",
        },
    )

    assert response.status_code == 302
    latest = line_manager.history.latest()
    assert latest.is_active is False
    assert latest.history_user == administrator
    changed = {change.field for change in latest.diff_against(latest.prev_record).changes}
    assert "is_active" in changed
