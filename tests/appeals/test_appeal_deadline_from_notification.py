"""An appeal is late only against the deadline the notice records (ADR 0016).

Tamworth §10: "within one calendar month of their notification". The notice states a
deadline when it is issued (as if posted that day), records the day the customer is
deemed notified when it is sent, and the deadline that counts is the later of the two.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from contactpolicy.roles import Role
from notices.deadlines import (
    appeal_deadline,
    calendar_of,
    deemed_notified_on,
    stated_appeal_deadline,
)
from notices.models import DECISION_KINDS, Notice, SendMethod
from notices.services import notice_mark_sent
from tests.appeals.factories import record, restricted
from tests.notices.factories import addressed_customer
from tests.restrictions.factories import person

pytestmark = pytest.mark.django_db


def _notice(decision) -> Notice:
    return decision.notices.get(kind__in=DECISION_KINDS)


def test_issuing_records_the_deadline_the_letter_states(activate_profile):
    profile = activate_profile("tamworth")
    notice = _notice(restricted())
    today = timezone.localdate()
    expected = stated_appeal_deadline(profile, calendar_of(profile), today)
    assert notice.notice_date == today
    assert notice.appeal_deadline_stated == expected
    assert notice.appeal_deadline == expected
    assert notice.notified_on is None


def test_emailed_the_same_day_the_letter_s_date_still_counts(activate_profile):
    activate_profile("tamworth")
    notice = _notice(restricted())
    sent = notice_mark_sent(notice=notice, actor=person(Role.CASEWORKER), method=SendMethod.EMAIL)
    calendar = calendar_of(sent.profile)
    assert sent.notified_on == calendar.working_day_on_or_after(timezone.localdate())
    # Email is quicker than the post the letter assumed: the customer keeps the later date.
    assert sent.appeal_deadline == sent.appeal_deadline_stated


def test_posted_late_the_customer_gets_the_full_window(activate_profile):
    activate_profile("tamworth")
    notice = _notice(restricted(customer=addressed_customer()))
    posted = timezone.now() + timedelta(days=20)
    sent = notice_mark_sent(
        notice=notice, actor=person(Role.CASEWORKER), method=SendMethod.POST, at=posted
    )
    calendar = calendar_of(sent.profile)
    notified = deemed_notified_on(calendar, timezone.localtime(posted).date(), SendMethod.POST)
    assert sent.notified_on == notified
    assert sent.appeal_deadline == appeal_deadline(sent.profile, calendar, notified)
    assert sent.appeal_deadline > sent.appeal_deadline_stated
    # Stored: what the notice page and the appeal read.
    stored = Notice.objects.get(pk=notice.pk)
    assert (stored.notified_on, stored.appeal_deadline) == (notified, sent.appeal_deadline)


def test_an_appeal_is_measured_against_the_notice_s_deadline(activate_profile):
    activate_profile("tamworth")
    decision = restricted()
    notice = _notice(decision)
    appeal = record(decision)
    assert appeal.deadline == notice.appeal_deadline
    assert not appeal.is_late
    # Had the notice's deadline passed yesterday, the same appeal would be late.
    Notice.objects.filter(pk=notice.pk).update(
        appeal_deadline=timezone.localdate() - timedelta(days=1)
    )
    late = record(decision)
    assert late.deadline == timezone.localdate() - timedelta(days=1)
    assert late.is_late


def test_a_notice_issued_before_dates_were_stored_falls_back_to_its_date(activate_profile):
    profile = activate_profile("tamworth")
    decision = restricted()
    notice = _notice(decision)
    Notice.objects.filter(pk=notice.pk).update(appeal_deadline=None)
    appeal = record(decision)
    assert appeal.deadline == stated_appeal_deadline(
        profile, calendar_of(profile), notice.notice_date
    )


def test_no_time_limit_no_deadline(activate_profile):
    """IPCC sets no time limit to dispute: the notice still records when the customer was
    notified."""
    activate_profile("ipcc")
    notice = _notice(
        restricted(
            "one_method",
            approvers=[person(Role.CHIEF_EXECUTIVE)],
            customer=addressed_customer(),
        )
    )
    assert notice.appeal_deadline is None
    sent = notice_mark_sent(notice=notice, actor=person(Role.CASEWORKER), method=SendMethod.POST)
    assert sent.notified_on is not None
    assert sent.appeal_deadline is None


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_notice_page_shows_when_the_customer_was_notified(activate_profile, client, media):
    activate_profile("tamworth")
    notice = _notice(restricted(customer=addressed_customer()))
    posted = timezone.now() + timedelta(days=20)
    sent = notice_mark_sent(
        notice=notice, actor=person(Role.CASEWORKER), method=SendMethod.POST, at=posted
    )
    client.force_login(person(Role.CASEWORKER))
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "Customer notified" in page
    assert f"{sent.notified_on:%A %-d %B %Y}: the second working day after posting" in page
    assert (
        f'Last day to appeal</dt><dd class="govuk-summary-list__value">{sent.appeal_deadline:%A %-d %B %Y}'
        in page
    )
    assert f"The letter says {sent.appeal_deadline_stated:%-d %B %Y}" in page
