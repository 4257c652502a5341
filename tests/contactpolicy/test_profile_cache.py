"""The active profile is kept per process and read again as soon as anything in it changes."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from contactpolicy.models import ClosureDay, ProfileRevision, ServiceStandard
from contactpolicy.selectors import profile_calendar, profile_get_active
from contactpolicy.services import profile_activate
from tests.contactpolicy.factories import PolicyProfileFactory
from tests.contactpolicy.test_profile_admin import change_url

pytestmark = pytest.mark.django_db


def test_an_edit_in_the_admin_is_seen_by_the_next_read(client, administrator):
    profile = PolicyProfileFactory(bank_holiday_region="SCT")
    profile_activate(slug=profile.slug)
    assert profile_get_active().bank_holiday_region == "SCT"
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

    assert client.post(change_url(profile), data).status_code == 302

    assert profile_get_active().bank_holiday_region == "ENG"


def test_a_closure_day_added_in_the_admin_is_in_the_next_calendar(client, btpa, administrator):
    profile_activate(slug="btpa")
    assert profile_calendar(profile_get_active()).closure_days == frozenset()
    client.force_login(administrator)

    client.post(
        reverse("admin:contactpolicy_closureday_add"), {"date": "24/12/2026", "reason": "Eve"}
    )

    assert profile_calendar(profile_get_active()).closure_days == {datetime.date(2026, 12, 24)}


def test_switching_the_active_profile_is_seen_at_once(all_profiles):
    profile_activate(slug="btpa")
    assert profile_get_active().slug == "btpa"

    profile_activate(slug="tamworth")

    assert profile_get_active().slug == "tamworth"


def test_a_changed_rule_row_is_seen_and_a_rolled_back_one_is_not(btpa):
    profile_activate(slug="btpa")
    before = profile_get_active()
    token = ProfileRevision.current()
    standard = ServiceStandard.objects.filter(profile=btpa).first()

    with pytest.raises(RuntimeError), transaction.atomic():
        standard.description = "Never saved"
        standard.save()
        raise RuntimeError
    assert ProfileRevision.current() == token
    assert profile_get_active() is before

    standard.description = "Saved"
    standard.save()
    after = profile_get_active()
    assert after is not before
    assert "Saved" in [s.description for s in after.service_standards.all()]


def test_deleting_a_closure_day_changes_the_revision(btpa):
    day = ClosureDay.objects.create(date=datetime.date(2026, 12, 24), reason="Eve")
    token = ProfileRevision.current()

    day.delete()

    assert ProfileRevision.current() != token


def test_a_request_reads_the_revision_once_and_again_after_its_own_change(
    btpa, django_assert_num_queries
):
    from django.core.signals import request_finished, request_started

    for signal in (request_started, request_finished):
        assert "profile-revision-request" in [key[0] for key, *_ in signal.receivers]
    profile_activate(slug="btpa")
    profile_get_active()  # the process holds the rules
    # Called as the signals call them (sending the signals would also close the test's
    # database connection, which Django does at the end of every request).
    ProfileRevision.request_began()
    try:
        with django_assert_num_queries(1):
            first = profile_get_active()
            assert profile_get_active() is first
        ProfileRevision.bump()
        assert profile_get_active() is not first
    finally:
        ProfileRevision.request_ended()
    # Outside a request every read asks for the token.
    with django_assert_num_queries(2):
        profile_get_active()
        profile_get_active()
