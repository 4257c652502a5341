"""The retention schedule in the profile: per record kind, the period and the event it
runs from, editable by an administrator with the reason recorded (issue 22)."""

import json
import re
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


def admin_form(page: str) -> dict:
    """The change form as the browser would post it back."""
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        data.setdefault(name, value)
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[name] = body.strip()
    for name, block in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', block)
        data[name] = chosen.group(1) if chosen else ""
    for name in re.findall(r'<input[^>]*type="checkbox"[^>]*name="([^"]+)"[^>]*checked', page):
        data[name] = "on"
    return {k: v for k, v in data.items() if "__prefix__" not in k}


def test_a_change_needs_a_reason_and_the_history_keeps_it(client, administrator, btpa_active):
    client.force_login(administrator)
    url = reverse("admin:contactpolicy_policyprofile_change", args=[btpa_active.pk])
    page = client.get(url).content.decode()
    assert "Retention schedule: how long each kind of record is kept" in page
    contacts = RetentionPeriod.objects.get(profile=btpa_active, kind=RetentionKind.CONTACTS)
    form = admin_form(page)
    index = next(
        k.split("-")[1]
        for k, v in form.items()
        if k.startswith("retention_periods-") and k.endswith("-id") and v == str(contacts.pk)
    )

    form[f"retention_periods-{index}-years"] = "3"
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "Say why the retention period changes" in refused.content.decode()
    contacts.refresh_from_db()
    assert contacts.years == 6

    form[f"retention_periods-{index}-reason"] = "The records of processing review cut it"
    saved = client.post(url, form)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    contacts.refresh_from_db()
    assert contacts.years == 3
    change = contacts.history.latest()
    assert change.history_change_reason == "The records of processing review cut it"
    assert change.history_user == administrator


def test_the_sweep_is_scheduled_nightly():
    assert any(p.task == "screens.retention_sweep" for p in SCHEDULE)
