"""The administrator edits profiles and closure days in the admin site; nobody else may."""

import datetime
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.urls import reverse

from contactpolicy.choices import TimeUnit
from contactpolicy.models import ClosureDay, OfficeHours, PolicyProfile, ServiceStandard
from tests.contactpolicy.factories import PolicyProfileFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:contactpolicy_policyprofile_changelist"


def change_url(profile: PolicyProfile) -> str:
    return reverse("admin:contactpolicy_policyprofile_change", args=[profile.pk])


def test_administrator_sees_the_profiles(client, administrator, all_profiles):
    client.force_login(administrator)

    response = client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    content = response.content.decode()
    assert "British Transport Police Authority" in content
    assert "Natural England" in content


def test_administrator_opens_the_btpa_profile_with_its_rules(client, administrator, btpa):
    client.force_login(administrator)

    response = client.get(change_url(btpa))

    assert response.status_code == 200
    content = response.content.decode()
    for heading in [
        "Organisation",
        "Calendar",
        "Warnings and decisions",
        "Appeals",
        "Reviews",
        "Reporting",
    ]:
        assert f">{heading}<" in content
    # Every rule is on the page, through its inline.
    for prefix in [
        "office_hours",
        "service_standards",
        "no_reply_exceptions",
        "behaviour_categories",
        "sanction_types",
        "decision_rules",
        "checklist_items",
    ]:
        assert f'name="{prefix}-TOTAL_FORMS"' in content
    assert "I will now terminate this call" in content
    assert 'value="unknown" selected>Not set<' in content  # two-person rule: not set


@pytest.mark.parametrize("slug", ["btpa", "opcc", "ipcc", "tamworth", "natural-england"])
def test_every_shipped_profile_opens_in_the_admin(client, administrator, all_profiles, slug):
    client.force_login(administrator)

    response = client.get(change_url(all_profiles[slug]))

    assert response.status_code == 200
    assert all_profiles[slug].name in response.content.decode()


def test_administrator_makes_a_profile_active_with_the_action(client, administrator, all_profiles):
    client.force_login(administrator)

    response = client.post(
        reverse(CHANGELIST),
        {
            "action": "make_active",
            ACTION_CHECKBOX_NAME: [all_profiles["tamworth"].pk],
            "post": "yes",  # confirmed on the intermediate page
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "Active policy profile: Tamworth Borough Council (tamworth)" in (
        response.content.decode()
    )
    assert list(PolicyProfile.objects.filter(is_active=True).values_list("slug", flat=True)) == [
        "tamworth"
    ]
    last = PolicyProfile.history.filter(slug="tamworth").latest("history_date")
    assert last.history_user == administrator


def test_the_action_refuses_more_than_one_profile(client, administrator, all_profiles):
    client.force_login(administrator)

    response = client.post(
        reverse(CHANGELIST),
        {
            "action": "make_active",
            ACTION_CHECKBOX_NAME: [all_profiles["btpa"].pk, all_profiles["opcc"].pk],
        },
        follow=True,
    )

    assert "Select exactly one profile to make active." in response.content.decode()
    assert not PolicyProfile.objects.filter(is_active=True).exists()


def test_administrator_edits_a_profile_and_history_is_kept(client, administrator):
    profile = PolicyProfileFactory()
    client.force_login(administrator)
    response = client.get(change_url(profile))
    form = response.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"is_active", "sources", "appeal_stages"}
    }
    data.update({"sources": "{}", "two_person_rule": "unknown", "bank_holiday_region": "ENG"})
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, value in management.initial.items():
            data[f"{management.prefix}-{name}"] = value
    response = client.post(change_url(profile), data)

    assert response.status_code == 302, response.context["errors"]
    profile.refresh_from_db()
    assert profile.bank_holiday_region == "ENG"
    assert profile.two_person_rule is None
    last = profile.history.latest("history_date")
    assert (last.history_user, last.bank_holiday_region) == (administrator, "ENG")


def test_administrator_adds_a_closure_day(client, administrator):
    client.force_login(administrator)

    response = client.post(
        reverse("admin:contactpolicy_closureday_add"),
        {"date": "2026-12-24", "reason": "Christmas Eve"},
    )

    assert response.status_code == 302
    assert ClosureDay.objects.get().date == datetime.date(2026, 12, 24)
    assert client.get(reverse("admin:contactpolicy_closureday_changelist")).status_code == 200


def test_profile_history_page_opens(client, administrator, btpa):
    client.force_login(administrator)

    response = client.get(reverse("admin:contactpolicy_policyprofile_history", args=[btpa.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["caseworker", "line_manager", "chief_executive"])
def test_other_roles_cannot_reach_the_profile_admin(client, request, persona, btpa):
    client.force_login(request.getfixturevalue(persona))

    for url in [reverse(CHANGELIST), change_url(btpa)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        # Following it meets the service's refusal, not the admin site's sign-in form.
        refused = client.get(response["Location"])
        assert refused.status_code == 403
        assert "You cannot see this page" in refused.content.decode()
        assert 'name="password"' not in refused.content.decode()


def test_a_signed_out_visitor_signs_in_to_the_service_and_comes_back(client, btpa):
    response = client.get(change_url(btpa), follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('login')}?next={change_url(btpa)}"


def test_an_administrator_signing_in_goes_on_to_the_page_asked_for(client, administrator, btpa):
    client.force_login(administrator)
    response = client.get(f"{reverse('admin:login')}?next={change_url(btpa)}")
    assert response.status_code == 302
    assert response["Location"] == change_url(btpa)
    away = client.get(f"{reverse('admin:login')}?next=https://example.org/")
    assert away["Location"] == reverse("admin:index")


def test_administrator_group_may_change_profiles_and_every_rule():
    codenames = set(
        Group.objects.get(name="Administrator").permissions.values_list("codename", flat=True)
    )

    for model in [
        "policyprofile",
        "closureday",
        "officehours",
        "servicestandard",
        "noreplyexception",
        "behaviourcategory",
        "sanctiontype",
        "decisionrule",
        "checklistitem",
    ]:
        assert {f"add_{model}", f"change_{model}", f"delete_{model}", f"view_{model}"} <= codenames


def test_the_profile_history_shows_what_changed_in_its_records(client, administrator, btpa):
    """A save of the profile page that changed only a service standard reads as that change,
    not as "Changed" with no difference."""

    btpa._history_user = administrator
    btpa.save()  # the admin saves the profile first, then the records on its page
    standard = ServiceStandard.objects.filter(profile=btpa).order_by("pk").first()
    standard.acknowledge_value, standard.acknowledge_unit = 4, TimeUnit.WORKING_DAYS
    standard.save()
    standard.acknowledge_value = 5
    standard.save()
    hours = OfficeHours.objects.filter(profile=btpa).first()
    removed = hours.get_weekday_display()
    hours.delete()
    client.force_login(administrator)

    page = client.get(
        reverse("admin:contactpolicy_policyprofile_history", args=[btpa.pk])
    ).content.decode()

    changes = [
        re.sub(r"\s+", " ", item.replace("&nbsp;", " ").replace("&rarr;", "→")).strip()
        for item in re.findall(r"<li>\s*<strong>(.*?)</li>", page, re.S)
    ]
    assert (
        "Service standard General enquiry: Acknowledge within:</strong> 4 working days → "
        "5 working days"
    ) in changes
    assert [c for c in changes if c.startswith("Office hours ")] == [
        f"Office hours {removed}:</strong> There → Removed"
    ]
