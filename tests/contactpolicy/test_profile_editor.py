"""The profile editor in the service, the copy of a shipped profile and the first run."""

import html
import re
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.forms import NullBooleanField
from django.urls import reverse

from contactpolicy.models import ClosureDay, PolicyProfile, User
from contactpolicy.profile_sections import EDITED_HERE, NOT_EDITABLE, SECTIONS
from contactpolicy.roles import Role, group_name
from tests.contactpolicy.password_links import links_sent_to
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_setting_and_every_kind_of_rule_is_in_exactly_one_section():
    """A new field of the profile, or a new kind of row belonging to it, must be given a
    section (or a reason it is not edited), or this fails with its name."""
    declared = [name for section in SECTIONS for name in section.fields]
    declared += [inline.relation for section in SECTIONS for inline in section.inlines]
    declared += [relation for section in SECTIONS for relation in section.relations]
    assert len(declared) == len(set(declared)), "a setting is in two sections"
    fields = {f.name for f in PolicyProfile._meta.concrete_fields}
    relations = {
        r.get_accessor_name()
        for r in PolicyProfile._meta.related_objects
        if r.related_model.__name__ != "HistoricalPolicyProfile"
    }
    assert set(declared) | set(NOT_EDITABLE) == fields | relations
    assert not set(declared) & set(NOT_EDITABLE)


def settings_on(section) -> list[tuple[str, object]]:
    """Each setting a section's page edits, the profile's own and its rows', with its field."""
    found = [(name, PolicyProfile._meta.get_field(name)) for name in section.fields]
    for inline in section.inlines:
        model = PolicyProfile._meta.get_field(inline.relation).related_model
        found += [
            (f"{model.__name__}.{name}", model._meta.get_field(name)) for name in inline.fields
        ]
    return found


def test_every_setting_the_editor_shows_has_its_help_text():
    """Issue 20, item 18: every setting that changes behaviour is editable "with its help
    text". A label alone (Django makes one from any field's name) does not say what a
    setting does."""
    missing = [
        (section.slug, name)
        for section in EDITED_HERE
        for name, field in settings_on(section)
        if not str(field.help_text).strip()
    ]
    assert missing == []


@pytest.mark.parametrize("section", EDITED_HERE, ids=[s.slug for s in EDITED_HERE])
def test_each_section_page_shows_every_setting_s_help_text(admin_client, btpa_active, section):
    page = html.unescape(
        admin_client.get(reverse("profile_section", args=["btpa", section.slug])).text
    )
    for name, field in settings_on(section):
        assert str(field.help_text) in page, name


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_the_contents_page_lists_every_section_with_its_values(
    admin_client, btpa_active, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30):
        response = admin_client.get(reverse("profile_contents", args=["btpa"]))
    assert response.status_code == 200
    for section in SECTIONS:
        assert section.title in response.text.replace("&#x27;", "'")
    assert "Kinds of contact with no standard" in response.text


@pytest.mark.parametrize("section", [s.slug for s in EDITED_HERE])
def test_each_section_page_shows_within_its_query_budget(
    admin_client, btpa_active, section, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30):
        response = admin_client.get(reverse("profile_section", args=["btpa", section]))
    assert response.status_code == 200
    assert "Why are you making this change?" in response.text


def _value(field, value):
    if isinstance(field, NullBooleanField):
        return {True: "True", False: "False"}.get(value, "")
    if value is True:
        return "on"
    if value is None or value is False:
        return None
    return value


def _post_data(response) -> dict:
    """What the page's form would send as it is shown: every field's current value."""
    forms = [response.context["form"]]
    data = {}
    for _, formset in response.context["formsets"]:
        management = formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{formset.prefix}-{name}"] = management[name].value()
        forms += formset.forms
    for form in forms:
        for name, field in form.fields.items():
            value = _value(field, form[name].value())
            if value is not None:
                data[form.add_prefix(name)] = value
    return data


def test_saving_a_section_records_the_reason_and_the_new_value(
    admin_client, administrator, btpa_active
):
    url = reverse("profile_section", args=["btpa", "reminders"])
    response = admin_client.post(
        url, {"reminder_warning_days": "5", "change_reason": "Staff asked for more notice"}
    )
    assert response.status_code == 302
    profile = PolicyProfile.objects.get(slug="btpa")
    assert profile.reminder_warning_days == 5
    latest = profile.history.first()
    assert latest.history_change_reason == "Staff asked for more notice"
    assert latest.history_user == administrator


def test_the_profiles_changes_are_read_as_differences_in_the_audit_log(admin_client, btpa_active):
    admin_client.post(
        reverse("profile_section", args=["btpa", "reminders"]),
        {"reminder_warning_days": "5", "change_reason": "Staff asked for more notice"},
    )
    contents = admin_client.get(reverse("profile_contents", args=["btpa"]))
    [link] = re.findall(r'href="([^"]*/audit/[?]kind=profile[^"]*)"', contents.text)

    log = admin_client.get(html.unescape(link))

    assert log.status_code == 200
    assert "Staff asked for more notice" in log.text
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", log.text))
    assert "Reminder warning days : 2 → changed to 5" in words


def test_a_section_without_a_reason_is_refused_with_the_error_at_the_top(admin_client, btpa_active):
    url = reverse("profile_section", args=["btpa", "reminders"])
    before = btpa_active.history.count()
    response = admin_client.post(url, {"reminder_warning_days": "5"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert 'href="#id_change_reason"' in response.text
    assert btpa_active.history.count() == before


def test_a_decision_rule_no_one_could_approve_is_refused(admin_client, btpa_active):
    """DESIGN.md §1: the Administrator "manages users, roles and the policy profile" and
    holds no casework role, so a rule naming them as the approver could never be met."""
    url = reverse("profile_section", args=["btpa", "decisions"])
    data = _post_data(admin_client.get(url))
    data.pop("decision_rules-0-reserved_to_chief_executive")
    data["decision_rules-0-approver_role"] = Role.ADMINISTRATOR
    data["change_reason"] = "Trying it"
    response = admin_client.post(url, data)
    assert response.status_code == 400
    assert "an administrator approves no decision" in response.text
    assert not PolicyProfile.objects.get(slug="btpa").decision_rules.filter(
        approver_role=Role.ADMINISTRATOR
    )


def test_the_unchanged_decisions_section_saves(admin_client, btpa_active):
    url = reverse("profile_section", args=["btpa", "decisions"])
    data = _post_data(admin_client.get(url))
    data["change_reason"] = "Checked against the policy"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors


def test_a_closure_range_warns_of_weekends_and_bank_holidays_then_adds_every_day(
    admin_client, btpa_active
):
    url = reverse("profile_closure_days")
    christmas = {
        "first_day_0": "24",
        "first_day_1": "12",
        "first_day_2": "2027",
        "last_day_0": "31",
        "last_day_1": "12",
        "last_day_2": "2027",
        "reason": "Christmas closure",
    }
    response = admin_client.post(url, christmas)
    assert response.status_code == 200
    assert "25 December 2027 is a Saturday" in response.text
    assert "27 December 2027 is a bank holiday" in response.text
    assert not ClosureDay.objects.exists()
    response = admin_client.post(url, {**christmas, "confirm": "1"})
    assert response.status_code == 302
    assert ClosureDay.objects.count() == 8
    day = ClosureDay.objects.get(date=date(2027, 12, 29))
    response = admin_client.post(reverse("profile_closure_day_delete", args=[day.pk]))
    assert response.status_code == 302
    assert ClosureDay.objects.count() == 7


def test_a_closure_range_backwards_is_refused(admin_client, btpa_active):
    response = admin_client.post(
        reverse("profile_closure_days"),
        {
            "first_day_0": "31",
            "first_day_1": "12",
            "first_day_2": "2027",
            "last_day_0": "24",
            "last_day_1": "12",
            "last_day_2": "2027",
            "reason": "Christmas",
        },
    )
    assert response.status_code == 400
    assert "The last day must be the same as or after the first" in response.text


def test_a_shipped_profile_is_copied_under_a_new_name_without_being_loaded_first(
    admin_client,
):
    assert not PolicyProfile.objects.exists()
    response = admin_client.post(
        reverse("profile_copy_shipped"),
        {
            "shipped": "tamworth",
            "name": "Lichfield District Council",
            "short_name": "Lichfield",
            "slug": "lichfield",
        },
    )
    assert response.status_code == 302
    copy = PolicyProfile.objects.get(slug="lichfield")
    original = PolicyProfile.objects.get(slug="tamworth")
    assert copy.decision_rules.count() == original.decision_rules.count() > 0
    assert not copy.is_active


def test_a_made_up_shipped_profile_is_refused(admin_client):
    response = admin_client.post(
        reverse("profile_copy_shipped"),
        {"shipped": "../../etc", "name": "X", "short_name": "X", "slug": "x"},
    )
    assert response.status_code == 400
    assert "Select the shipped profile to start from" in response.text


def test_a_superuser_with_no_role_sets_the_organisation_up(
    client, django_capture_on_commit_callbacks
):
    superuser = User.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(superuser)
    assert client.get(reverse("screens:dashboard"))["Location"] == reverse("first_run")
    response = client.get(reverse("first_run"))
    assert "Choose a policy profile" in response.text
    response = client.post(
        reverse("first_run"),
        {
            "profile-shipped": "tamworth",
            "profile-name": "Lichfield District Council",
            "profile-short_name": "Lichfield",
            "profile-slug": "lichfield",
        },
    )
    assert response.status_code == 302
    assert PolicyProfile.objects.get(is_active=True).slug == "lichfield"
    response = client.get(reverse("first_run"))
    assert "Invite the first administrator" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("first_run"),
            {
                "admin-first_name": "Ada",
                "admin-last_name": "Lovelace",
                "admin-username": "ada",
                "admin-email": "ada@lichfield.example.org",
            },
        )
    assert response.status_code == 302
    ada = User.objects.get(username="ada")
    assert not ada.has_usable_password()
    assert ada.has_role(Role.ADMINISTRATOR)
    assert links_sent_to("ada@lichfield.example.org")
    response = client.get(reverse("first_run"))
    assert "Set-up is done" in response.text


def test_the_first_run_refuses_a_username_already_taken(client, btpa_active):
    superuser = User.objects.create_superuser("root", "root@example.org", "x")
    UserFactory(username="ada")
    client.force_login(superuser)
    response = client.post(
        reverse("first_run"),
        {
            "admin-first_name": "Ada",
            "admin-last_name": "L",
            "admin-username": "ADA",
            "admin-email": "ada@example.org",
        },
    )
    assert response.status_code == 400
    assert "Someone already has that username" in response.text
    assert not Group.objects.get(name=group_name(Role.ADMINISTRATOR)).user_set.exists()


def test_activate_profile_list_with_none_loaded_says_where_to_start(capsys):
    call_command("activate_profile", "--list")
    said = capsys.readouterr().out
    assert "/first-run/" in said
    assert "loaddata fixtures/profiles/" in said


def test_appeal_settings_that_leave_an_appeal_with_nobody_to_decide_it_are_refused(
    client, administrator, activate_profile
):
    """Tamworth §4, §10: a member of CMT decides, and no one who took part: with sanctions
    reserved to the Chief Executive and no other decider named, no appeal against them could
    ever be decided."""
    profile = activate_profile("tamworth")
    profile.decision_rules.filter(decision_kind="sanction").update(reserved_to_chief_executive=True)
    client.force_login(administrator)
    url = reverse("profile_section", args=[profile.slug, "appeals"])
    data = _post_data(client.get(url))
    data["appeal_alternative_decider_role"] = ""
    data["appeal_alternative_decider_title"] = ""
    data["change_reason"] = "Trying it"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Appeals could not be decided" in response.text
    profile.refresh_from_db()
    assert profile.appeal_alternative_decider_role


def test_the_uploaded_logo_is_shown_back_on_the_letterhead_page(
    client, administrator, btpa_active, settings, tmp_path
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), (0, 94, 165)).save(buffer, format="PNG")
    client.force_login(administrator)
    assert client.get(reverse("letterhead_logo")).status_code == 404
    response = client.post(
        reverse("letterhead"),
        {
            "address": "1 High Street\nLichfield",
            "telephone": "01543 308000",
            "email": "hello@example.org",
            "web_address": "https://example.org",
            "logo": SimpleUploadedFile("logo.svg", buffer.getvalue()),
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("letterhead"))
    assert reverse("letterhead_logo") in page.text
    logo = client.get(reverse("letterhead_logo"))
    assert logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content).startswith(b"\x89PNG")


def test_a_row_changed_and_a_row_removed_are_kept_with_the_reason(admin_client, btpa_active):
    url = reverse("profile_section", args=["btpa", "calendar"])
    data = _post_data(admin_client.get(url))
    first, last = btpa_active.office_hours.order_by("weekday")[
        :: btpa_active.office_hours.count() - 1
    ]
    index = {int(data[key]): key.split("-")[1] for key in data if key.endswith("-id") and data[key]}
    data[f"office_hours-{index[first.pk]}-opens"] = "07:30"
    data[f"office_hours-{index[last.pk]}-DELETE"] = "on"
    data["change_reason"] = "New opening hours"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    first.refresh_from_db()
    assert f"{first.opens:%H:%M}" == "07:30"
    assert first.history.first().history_change_reason == "New opening hours"
    assert not btpa_active.office_hours.filter(pk=last.pk).exists()


@pytest.mark.parametrize(
    "name", ["profile_list", "profile_copy_shipped", "profile_closure_days", "letterhead"]
)
def test_the_other_editor_pages_show_within_their_query_budget(
    admin_client, btpa_active, name, django_assert_max_num_queries
):
    ClosureDay.objects.bulk_create(
        ClosureDay(date=date(2030, 1, day), reason="Stocktake") for day in range(1, 29)
    )
    with django_assert_max_num_queries(20):
        response = admin_client.get(reverse(name))
    assert response.status_code == 200


def test_the_first_run_shows_within_its_query_budget(client, django_assert_max_num_queries):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("first_run"))
    assert response.status_code == 200


def test_the_standards_page_names_the_kinds_of_contact_with_no_standard(
    client, administrator, activate_profile
):
    """Tamworth's policy sets no service standard, so no kind of contact has one."""
    profile = activate_profile("tamworth")
    assert not profile.service_standards.exists()
    client.force_login(administrator)
    response = client.get(reverse("profile_section", args=[profile.slug, "standards"]))
    assert "Kinds of contact with no standard" in response.text
    assert "Complaint: any channel" in response.text


def test_a_number_where_a_list_is_asked_for_is_no_server_error(admin_client, btpa_active):
    url = reverse("profile_section", args=["btpa", "appeals"])
    data = _post_data(admin_client.get(url))
    data.update({"appeal_stages": "7", "change_reason": "Trying it"})
    response = admin_client.post(url, data)
    assert response.status_code in (302, 400)
