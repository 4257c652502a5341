"""Reading the rules from a profile: calendar, service standards, decision rules, constraints."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from contactpolicy.choices import BankHolidayRegion, Channel, ContactKind, DecisionKind, TimeUnit
from contactpolicy.models import OfficeHours, ServiceStandard
from contactpolicy.selectors import (
    NoActiveProfile,
    profile_calendar,
    profile_get,
    profile_get_active,
)
from contactpolicy.services import profile_activate
from contactpolicy.workcalendar import OfficeHours as CalendarHours
from contactpolicy.workcalendar import Region
from tests.contactpolicy.factories import (
    BehaviourCategoryFactory,
    ChecklistItemFactory,
    ClosureDayFactory,
    DecisionRuleFactory,
    OfficeHoursFactory,
    PolicyProfileFactory,
    SanctionTypeFactory,
    ServiceStandardFactory,
)

pytestmark = pytest.mark.django_db

CHRISTMAS_EVE = datetime.date(2026, 12, 24)


# -- calendar() -----------------------------------------------------------------------------


def test_btpa_calendar_england_with_office_hours(btpa):
    calendar = btpa.calendar()

    assert calendar.region == Region.ENGLAND
    assert dict(calendar.office_hours) == {
        day: CalendarHours(datetime.time(8), datetime.time(16)) for day in range(5)
    }
    assert calendar.closure_days == frozenset()
    # Easter Monday 2027 is a bank holiday in England.
    assert not calendar.is_working_day(datetime.date(2027, 3, 29))


def test_the_opcc_region_is_england_where_police_and_crime_commissioners_sit(opcc):
    calendar = opcc.calendar()

    assert opcc.bank_holiday_region == BankHolidayRegion.ENGLAND
    assert calendar.region == Region.ENGLAND
    assert calendar.office_hours is None


def test_closure_days_are_passed_through(btpa):
    calendar = btpa.calendar([CHRISTMAS_EVE])

    assert calendar.closure_days == frozenset({CHRISTMAS_EVE})
    assert not calendar.is_working_day(CHRISTMAS_EVE)


def test_the_profile_region_is_used():
    profile = PolicyProfileFactory(bank_holiday_region=BankHolidayRegion.SCOTLAND)

    assert profile.calendar().region == Region.SCOTLAND


def test_profile_calendar_includes_every_closure_day(btpa, django_assert_num_queries):
    ClosureDayFactory(date=CHRISTMAS_EVE, reason="Christmas Eve")
    ClosureDayFactory(date=datetime.date(2026, 12, 29), reason="Christmas week")
    profile_activate(slug="btpa")
    profile = profile_get_active()

    with django_assert_num_queries(0):  # read with the active profile; office hours too
        calendar = profile_calendar(profile)

    assert calendar.closure_days == {CHRISTMAS_EVE, datetime.date(2026, 12, 29)}
    assert calendar.region == Region.ENGLAND


def test_the_calendar_of_a_profile_not_active_reads_the_closure_days(
    btpa, django_assert_num_queries
):
    ClosureDayFactory(date=CHRISTMAS_EVE, reason="Christmas Eve")

    profile = profile_get(slug="btpa")

    with django_assert_num_queries(1):
        calendar = profile_calendar(profile)

    assert calendar.closure_days == {CHRISTMAS_EVE}


# -- standard_for() and rule_for() ----------------------------------------------------------


def test_standard_for_prefers_the_channels_own_row(btpa):
    standard = btpa.standard_for(Channel.EMAIL, ContactKind.GENERAL)

    assert standard.channel == Channel.EMAIL
    assert standard.acknowledge_value == 2


def test_standard_for_falls_back_to_the_any_channel_row(btpa):
    by_email = btpa.standard_for(Channel.EMAIL, ContactKind.MEDIA)
    by_phone = btpa.standard_for(Channel.TELEPHONE, ContactKind.MEDIA)

    assert by_email == by_phone
    assert by_email.channel is None
    assert by_email.respond_unit == TimeUnit.OFFICE_HOURS


def test_a_channels_own_row_beats_the_any_channel_row():
    profile = PolicyProfileFactory()
    ServiceStandardFactory(profile=profile, channel=None, kind=ContactKind.FOI, respond_value=20)
    own = ServiceStandardFactory(
        profile=profile, channel=Channel.LETTER, kind=ContactKind.FOI, respond_value=15
    )

    assert profile.standard_for(Channel.LETTER, ContactKind.FOI) == own
    assert profile.standard_for(Channel.EMAIL, ContactKind.FOI).respond_value == 20


def test_a_kind_without_its_own_standard_falls_back_to_the_channel(btpa):
    # A complaint sent by letter is still a letter: BTPA §5's letter standard applies.
    standard = btpa.standard_for(Channel.LETTER, ContactKind.COMPLAINT)
    assert (standard.channel, standard.kind) == (Channel.LETTER, ContactKind.GENERAL)


def test_standard_for_an_unknown_combination_is_none(opcc):
    assert opcc.standard_for(Channel.LETTER, ContactKind.GENERAL) is None


def test_standard_for_uses_the_prefetched_rows(btpa_active, django_assert_num_queries):
    profile = profile_get_active()

    with django_assert_num_queries(0):
        assert profile.standard_for(Channel.LETTER, ContactKind.GENERAL).respond_value == 20
        assert profile.rule_for(DecisionKind.SANCTION).approver_role == "chief_executive"
        assert [c.code for c in profile.extreme_categories] == ["A", "B"]
        assert profile.calendar().office_hours is not None


def test_rule_for_a_kind_without_a_row_is_none(btpa):
    btpa.decision_rules.filter(decision_kind=DecisionKind.WARN).delete()

    assert btpa.rule_for(DecisionKind.WARN) is None


# -- the active profile ---------------------------------------------------------------------


def test_no_active_profile_says_how_to_fix_it(btpa):
    with pytest.raises(NoActiveProfile, match=r"manage.py activate_profile <slug>"):
        profile_get_active()


def test_no_active_profile_is_a_lookup_error():
    assert issubclass(NoActiveProfile, LookupError)


def test_profile_get_active_returns_the_active_one(all_profiles):
    profile_activate(slug="tamworth")

    assert profile_get_active().slug == "tamworth"


def _profile_with_rows(n: int):
    profile = PolicyProfileFactory(is_active=False)
    for i in range(n):
        if i < 7:
            OfficeHoursFactory(profile=profile, weekday=i)
        ServiceStandardFactory(profile=profile, channel=None, kind=list(ContactKind)[i % 7])
        BehaviourCategoryFactory(profile=profile)
        SanctionTypeFactory(profile=profile)
        DecisionRuleFactory(profile=profile, decision_kind=list(DecisionKind)[i % 7])
        ChecklistItemFactory(profile=profile)
    return profile


@pytest.mark.parametrize("rows", [1, 7])
def test_profile_get_active_runs_a_fixed_number_of_queries(rows, django_assert_num_queries):
    profile = _profile_with_rows(rows)
    profile_activate(slug=profile.slug)

    # The revision token, 1 profile + 7 prefetches (office hours, service standards,
    # no-reply exceptions, behaviour categories, sanction types, decision rules, checklist
    # items) and the closure days: the first read after a change.
    with django_assert_num_queries(10):
        active = profile_get_active()
        list(active.service_standards.all())
        list(active.sanction_types.all())
        active.extreme_categories  # noqa: B018 - reading the prefetched rows

    # Then only the token, while nothing changes.
    with django_assert_num_queries(1):
        again = profile_get_active()
        list(again.service_standards.all())
        again.extreme_categories  # noqa: B018
        profile_calendar(again)

    assert again is active
    assert active.behaviour_categories.count() == rows


def test_profile_get_active_query_count_for_a_shipped_profile(
    all_profiles, django_assert_num_queries
):
    profile_activate(slug="natural-england")

    profile_get_active()

    with django_assert_num_queries(1):
        profile = profile_get_active()
        profile.standard_for(Channel.LETTER, ContactKind.GENERAL)
        profile.rule_for(DecisionKind.DISENGAGE)
        list(profile.no_reply_exceptions.all())
        list(profile.checklist_items.all())
        profile.calendar()


# -- constraints ----------------------------------------------------------------------------


def test_one_any_channel_standard_per_kind(btpa):
    with transaction.atomic(), pytest.raises(IntegrityError):
        ServiceStandard.objects.create(
            profile=btpa, channel=None, kind=ContactKind.MEDIA, description="Duplicate"
        )


def test_one_standard_per_channel_and_kind(btpa):
    with transaction.atomic(), pytest.raises(IntegrityError):
        ServiceStandard.objects.create(
            profile=btpa, channel=Channel.LETTER, kind=ContactKind.GENERAL, description="Dup"
        )


def test_office_hours_must_close_after_they_open(btpa):
    with transaction.atomic(), pytest.raises(IntegrityError):
        OfficeHours.objects.create(
            profile=btpa, weekday=5, opens=datetime.time(16), closes=datetime.time(8)
        )


def test_natural_keys_round_trip(btpa):
    standard = btpa.standard_for(Channel.TELEPHONE, ContactKind.MEDIA)
    sanction = btpa.sanction_types.get(code="telephone-schedule")

    assert standard.natural_key() == ("btpa", "", "media")
    assert ServiceStandard.objects.get_by_natural_key(*standard.natural_key()) == standard
    assert sanction.natural_key() == ("btpa", "telephone-schedule")
    assert type(sanction).objects.get_by_natural_key("btpa", "telephone-schedule") == sanction
    assert OfficeHours.objects.get_by_natural_key("btpa", 0).opens == datetime.time(8)
    assert type(btpa).objects.get_by_natural_key("btpa") == btpa
