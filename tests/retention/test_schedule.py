"""The retention schedule in the profile: per record kind, the period and the event it
runs from, editable by an administrator with the reason recorded (issue 22)."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from contactpolicy.models import RetentionKind, RetentionPeriod, RetentionTrigger
from contactpolicy.retention import retention_schedule
from contactpolicy.schedule import SCHEDULE

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "profiles"


def test_every_shipped_profile_sets_every_kind_with_its_reason():
    """IPCC §9: “The IPCC will adhere to its responsibilities set out in the Data
    Protection Act in respect of the storage and retention of personal data.” No policy
    names a period: each fixture says so in its sources, beside the six-year default."""
    for path in FIXTURES.glob("*.json"):
        rows = json.loads(path.read_text())
        profile = rows[0]["fields"]
        periods = {
            row["fields"]["kind"]: row["fields"]
            for row in rows
            if row["model"] == "contactpolicy.retentionperiod"
        }
        assert set(periods) == {kind.value for kind in RetentionKind}, path.name
        assert all(p["reason"] and p["source"] for p in periods.values()), path.name
        assert "retention_periods" in profile["sources"], path.name
    ipcc = json.loads((FIXTURES / "ipcc.json").read_text())[0]["fields"]["sources"]
    assert "storage and retention of personal data" in ipcc["retention_periods"]


def test_the_schedule_reads_each_kind_and_keeps_what_has_no_period(btpa_active):
    schedule = retention_schedule(btpa_active)
    assert list(schedule) == list(RetentionKind)
    contacts = schedule[RetentionKind.CONTACTS]
    assert (contacts.years, contacts.runs_from) == (6, RetentionTrigger.LAST_ACTIVITY)
    assert contacts.description == "6 years after the customer's last activity"
    cases = schedule[RetentionKind.RESTRICTION_CASES]
    assert cases.runs_from == RetentionTrigger.LIFTED

    btpa_active.retention_periods.filter(kind=RetentionKind.APPEALS).delete()
    kept = retention_schedule(btpa_active)[RetentionKind.APPEALS]
    assert not kept.is_set
    assert kept.description == "Kept: no retention period is set"
    assert kept.cutoff(None) is None
    assert all(not p.is_set for p in retention_schedule(None).values())


def test_a_change_needs_a_reason_and_the_history_keeps_it(btpa_active, administrator):
    from contactpolicy.admin import RetentionPeriodForm

    contacts = RetentionPeriod.objects.get(profile=btpa_active, kind=RetentionKind.CONTACTS)
    initial = {
        "kind": contacts.kind,
        "years": contacts.years,
        "runs_from": contacts.runs_from,
        "source": contacts.source,
        "reason": contacts.reason,
    }

    refused = RetentionPeriodForm({**initial, "years": 3}, instance=contacts, initial=initial)
    assert not refused.is_valid()
    assert refused.errors["reason"] == ["Say why the retention period changes"]

    accepted = RetentionPeriodForm(
        {**initial, "years": 3, "reason": "The records of processing review cut it"},
        instance=contacts,
        initial=initial,
    )
    assert accepted.is_valid(), accepted.errors
    saved = accepted.save(commit=False)
    saved._history_user = administrator
    saved.save()
    change = contacts.history.latest()
    assert (change.years, change.history_change_reason, change.history_user) == (
        3,
        "The records of processing review cut it",
        administrator,
    )

    long_reason = (
        "The records of processing review, after consulting the data protection officer. " * 4
    )
    contacts.refresh_from_db()
    contacts.years, contacts.reason = 4, long_reason
    contacts.save()
    change = contacts.history.latest()
    assert change.reason == long_reason  # kept whole; the change reason only begins it
    assert change.history_change_reason == long_reason[:100]


def test_the_profile_page_shows_the_schedule(client, administrator, btpa_active):
    client.force_login(administrator)
    page = client.get(
        reverse("admin:contactpolicy_policyprofile_change", args=[btpa_active.pk])
    ).content.decode()
    assert "Retention schedule: how long each kind of record is kept" in page
    assert 'name="retention_periods-0-reason"' in page


def test_the_sweep_is_scheduled_nightly():
    assert any(p.task == "screens.retention_sweep" for p in SCHEDULE)
