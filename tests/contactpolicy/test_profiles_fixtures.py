"""The five shipped profiles load, coexist, reload in place, and say what their policies say.

Values are checked against PROFILES.md and the policy sections cited there.
"""

import json
from datetime import time
from pathlib import Path

import pytest
from django.core.management import call_command

from contactpolicy.choices import (
    BankHolidayRegion,
    Channel,
    ContactKind,
    DecisionKind,
    ReportingCadence,
    TimeUnit,
)
from contactpolicy.models import (
    BehaviourCategory,
    ChecklistItem,
    DecisionRule,
    NoReplyException,
    OfficeHours,
    PolicyProfile,
    SanctionType,
    ServiceStandard,
)
from contactpolicy.roles import Role
from restrictions import sanctions as kinds
from tests.contactpolicy.conftest import PROFILE_FILES, load_profile

pytestmark = pytest.mark.django_db

CHILD_MODELS = [
    OfficeHours,
    ServiceStandard,
    NoReplyException,
    BehaviourCategory,
    SanctionType,
    DecisionRule,
    ChecklistItem,
]


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in [PolicyProfile, *CHILD_MODELS]}


@pytest.mark.parametrize("slug", list(PROFILE_FILES))
def test_each_fixture_loads_on_its_own(slug):
    profile = load_profile(slug)

    assert profile.slug == slug
    assert profile.is_active is False
    assert PolicyProfile.objects.count() == 1


def test_all_five_load_together_without_clashing(all_profiles):
    assert set(all_profiles) == {"btpa", "opcc", "ipcc", "tamworth", "natural-england"}
    # Each profile keeps its own rows: natural keys, not fixed primary keys.
    assert all_profiles["btpa"].behaviour_categories.count() == 5
    assert all_profiles["natural-england"].behaviour_categories.count() == 8
    assert all_profiles["tamworth"].sanction_types.count() == 13


@pytest.mark.parametrize("slug", list(PROFILE_FILES))
def test_loading_a_fixture_twice_changes_nothing(slug):
    load_profile(slug)
    before = row_counts()

    load_profile(slug)

    assert row_counts() == before


def test_reloading_after_loading_all_five_changes_nothing(all_profiles):
    before = row_counts()

    call_command("loaddata", *map(str, PROFILE_FILES.values()), verbosity=0)

    assert row_counts() == before


def test_every_sanction_type_and_decision_rule_cites_its_source(all_profiles):
    sources = [
        *SanctionType.objects.values_list("source", flat=True),
        *DecisionRule.objects.values_list("source", flat=True),
    ]

    assert len(sources) == 44 + 5 * len(DecisionKind)
    assert all(source.strip() for source in sources)


@pytest.mark.parametrize("model", CHILD_MODELS, ids=lambda m: m.__name__)
def test_every_child_row_cites_its_source(all_profiles, model):
    assert not model.objects.filter(source="").exists()


@pytest.mark.parametrize("slug", list(PROFILE_FILES))
def test_each_profile_has_a_sanction_catalogue_and_its_extreme_categories(all_profiles, slug):
    profile = all_profiles[slug]

    # Natural England: no category is extreme in itself ("Extreme behaviour"); staff mark
    # the incident that is. Every other policy names extreme categories.
    assert (len(profile.extreme_categories) >= 1) is (slug != "natural-england")
    assert profile.sanction_types.exists()
    assert profile.checklist_items.exists()
    # BTPA §8: the written notice comes with the decision, not as a separate warning first.
    assert profile.warning_first is (slug != "btpa")
    assert profile.warning_rule


SHARED_CHECKLIST = [
    "considered-properly",
    "decision-right",
    "communication-adequate",
    "misunderstandings-dispelled",
    "access-requirements",
    "gateway-or-legal-advice",
]


@pytest.mark.parametrize("slug", list(PROFILE_FILES))
def test_every_kind_of_decision_has_a_rule_naming_who_approves_it(all_profiles, slug):
    # DESIGN.md §2: who authorises each kind of decision comes from the profile, never the code.
    profile = all_profiles[slug]

    for kind in DecisionKind:
        rule = profile.rule_for(kind)
        assert rule is not None, f"{slug} names nobody who approves {kind}"
        assert rule.approver_role, f"{slug}: the rule for {kind} names no approver"
        assert rule.source and rule.notes


@pytest.mark.parametrize("slug", list(PROFILE_FILES))
def test_every_profile_asks_the_shared_fairness_checklist_first(all_profiles, slug):
    # DESIGN.md §6: the checklist the policies share, then the profile's own items.
    codes = [item.code for item in all_profiles[slug].checklist_items.all()]

    assert codes[: len(SHARED_CHECKLIST)] == SHARED_CHECKLIST


@pytest.mark.parametrize("slug", list(PROFILE_FILES))
def test_every_profile_sets_where_the_organisation_is_and_says_how_we_know(all_profiles, slug):
    # The bank-holiday region is a fact about the organisation, recorded with its source.
    profile = all_profiles[slug]

    assert profile.bank_holiday_region == BankHolidayRegion.ENGLAND
    assert profile.sources["bank_holiday_region"]
    assert not profile.sources["bank_holiday_region"].startswith("Not set")


# -- BTPA (000_…) ---------------------------------------------------------------------------


def test_btpa_letter_and_email_standards(btpa):
    letter = btpa.standard_for(Channel.LETTER, ContactKind.GENERAL)
    email = btpa.standard_for(Channel.EMAIL, ContactKind.GENERAL)

    assert (letter.acknowledge_value, letter.acknowledge_unit) == (10, TimeUnit.WORKING_DAYS)
    assert (letter.respond_value, letter.respond_unit) == (20, TimeUnit.WORKING_DAYS)
    assert (email.acknowledge_value, email.acknowledge_unit) == (2, TimeUnit.WORKING_DAYS)
    assert (email.respond_value, email.respond_unit) == (20, TimeUnit.WORKING_DAYS)
    assert letter.source == "BTPA §5 (Letters by Post, minimum standards)"


def test_btpa_media_enquiries_three_office_hours_or_the_journalists_deadline(btpa):
    media = btpa.standard_for(Channel.TELEPHONE, ContactKind.MEDIA)

    assert media.channel is None
    assert (media.respond_value, media.respond_unit) == (3, TimeUnit.OFFICE_HOURS)
    assert media.acknowledge_value is None
    assert media.requester_deadline_applies is True
    assert media.routed_to == "Stakeholder Engagement and Communications Manager"


def test_btpa_untracked_and_statutory_standards(btpa):
    telephone = btpa.standard_for(Channel.TELEPHONE, ContactKind.GENERAL)
    social = btpa.standard_for(Channel.SOCIAL_MEDIA, ContactKind.GENERAL)
    foi = btpa.standard_for(Channel.EMAIL, ContactKind.FOI)
    sar = btpa.standard_for(Channel.LETTER, ContactKind.SAR)
    senior = btpa.standard_for(Channel.LETTER, ContactKind.COMPLAINT_SENIOR_OFFICER)

    assert telephone.tracked is False
    assert "six rings" in telephone.description
    assert social.office_hours_only is True
    assert social.respond_value is None
    assert (foi.respond_value, foi.respond_unit) == (20, TimeUnit.WORKING_DAYS)
    assert (sar.respond_value, sar.respond_unit) == (1, TimeUnit.CALENDAR_MONTHS)
    assert foi.source == sar.source == "BTPA §7.4 (the Acts)"
    assert senior.tracked is False
    assert btpa.service_standards.count() == 10


def test_btpa_office_hours_monday_to_friday_eight_to_four(btpa):
    hours = {row.weekday: (row.opens, row.closes) for row in btpa.office_hours.all()}

    assert hours == {day: (time(8, 0), time(16, 0)) for day in range(5)}
    assert 5 not in hours
    assert 6 not in hours
    assert btpa.bank_holiday_region == BankHolidayRegion.ENGLAND


def test_btpa_no_reply_exceptions(btpa):
    exceptions = {e.reason: e.channels for e in btpa.no_reply_exceptions.all()}

    assert exceptions == {
        "said_would_not_reply": ["letter", "email"],
        "copied_for_information": ["letter", "email"],
        "cc_bcc": ["email"],
        "selling": ["letter", "email"],
        "speculative_job_application": ["letter"],
    }


def test_btpa_categories_a_and_b_are_extreme(btpa):
    extreme = {c.code: c.is_extreme for c in btpa.behaviour_categories.all()}

    assert extreme == {"A": True, "B": True, "C": False, "D": False, "E": False}
    a = btpa.behaviour_categories.get(code="A")
    assert a.examples[0] == "The use of foul language deliberately to insult or cause offence"
    assert len(btpa.behaviour_categories.get(code="C").examples) == 6


def test_btpa_termination_script_word_for_word(btpa):
    assert btpa.termination_script == (
        "You have already been provided with advice and all avenues have now been exhausted "
        "to assist you. It is not reasonable or necessary for us to continue to speak with you "
        "about this. I will now terminate this call"
    )


def test_btpa_refuse_all_is_for_extreme_behaviour_only(btpa):
    refuse_all = btpa.sanction_types.filter(kind=kinds.refuse_all.KIND)

    assert refuse_all.count() == 2
    assert all(s.extreme_only for s in refuse_all)
    telephone = btpa.sanction_types.get(code="telephone-refuse-all")
    assert btpa.termination_script in telephone.staff_instruction


def test_btpa_chief_executive_decides_and_appeals_are_not_set(btpa):
    rule = btpa.rule_for(DecisionKind.SANCTION)

    assert rule.approver_role == Role.CHIEF_EXECUTIVE
    assert rule.reserved_to_chief_executive is True
    assert rule.source == "BTPA §8.12"
    # BTPA §8.12: every decision under the procedures is the Chief Executive's; §8 has no
    # separate warning step, so none is required first.
    assert all(btpa.rule_for(kind).reserved_to_chief_executive for kind in DecisionKind)
    assert btpa.warning_first is False
    assert "§8" in btpa.sources["warning_first"]
    assert btpa.appeal_route is None
    assert btpa.appeal_window_value is None
    assert btpa.sanction_review_months is None
    assert btpa.two_person_rule is None


# -- OPCC (001_…) ---------------------------------------------------------------------------


def test_opcc_not_set_values_are_really_null(opcc):
    assert opcc.service_standards.count() == 0
    assert opcc.office_hours.count() == 0
    assert opcc.no_reply_exceptions.count() == 0
    assert opcc.two_person_rule is None
    assert opcc.appeal_route is None
    assert opcc.sanction_review_months is None
    assert opcc.reporting_cadence is None
    assert opcc.review_on_request is True


def test_opcc_chief_executive_and_five_point_checklist(opcc):
    assert opcc.rule_for(DecisionKind.SANCTION).approver_role == Role.CHIEF_EXECUTIVE
    assert opcc.checklist_items.count() == 6
    assert [c.code for c in opcc.behaviour_categories.all()] == [
        "aggressive-abusive",
        "unreasonable",
        "unreasonably-persistent",
    ]
    assert [c.code for c in opcc.extreme_categories] == ["aggressive-abusive"]


# -- IPCC (002_…) ---------------------------------------------------------------------------


def test_ipcc_annual_review_and_head_of_function(ipcc):
    assert ipcc.sanction_review_months == 12
    assert ipcc.disengagement_review_months == 12
    assert ipcc.reengage_clean_months is None
    for kind in [DecisionKind.SANCTION, DecisionKind.VARY, DecisionKind.LIFT]:
        rule = ipcc.rule_for(kind)
        assert rule.approver_role == Role.HEAD_OF_SERVICE
        assert rule.reserved_to_chief_executive is False
    assert "internal complaints procedure" in ipcc.appeal_route
    assert ipcc.checklist_items.count() == 6
    assert ipcc.sanction_types.filter(kind=kinds.calls_recorded.KIND).exists()


def test_ipcc_aggressive_examples(ipcc):
    aggressive = ipcc.behaviour_categories.get(code="aggressive-abusive")

    assert aggressive.is_extreme is True
    assert aggressive.examples == [
        "threats",
        "physical violence",
        "personal and verbal abuse",
        "derogatory remarks",
        "rudeness",
    ]


# -- Tamworth (003_…) -----------------------------------------------------------------------


def test_tamworth_appeal_one_calendar_month_decided_in_six_weeks(tamworth):
    assert (tamworth.appeal_window_value, tamworth.appeal_window_unit) == (
        1,
        TimeUnit.CALENDAR_MONTHS,
    )
    assert (tamworth.appeal_decision_value, tamworth.appeal_decision_unit) == (
        6,
        TimeUnit.WEEKS,
    )
    assert tamworth.appeal_to_role == Role.HEAD_OF_SERVICE
    assert tamworth.appeal_decided_by_role == Role.CHIEF_EXECUTIVE
    assert "CMT" in tamworth.appeal_notes


def test_tamworth_reporting_rules_and_categories(tamworth):
    assert tamworth.reporting_cadence == ReportingCadence.QUARTERLY
    assert tamworth.reporting_audience == "Leadership Team"
    rule = tamworth.rule_for(DecisionKind.SANCTION)
    assert rule.approver_role == Role.HEAD_OF_SERVICE
    assert rule.alternative_approver_role == Role.HEAD_OF_SERVICE
    assert "Head of Customer Services" in rule.notes
    assert tamworth.rule_for(DecisionKind.EXTEND_EXCLUSION).approver_role == Role.HEAD_OF_SERVICE
    unreasonable = tamworth.behaviour_categories.get(code="unreasonable")
    assert len(unreasonable.examples) == 17
    assert [c.code for c in tamworth.extreme_categories] == ["threats-harassment-assault"]
    assert tamworth.sanction_types.filter(kind=kinds.building_exclusion.KIND).exists()
    assert tamworth.checklist_items.count() == 8  # the six shared, then §8's own two


# -- Natural England (004_…) ----------------------------------------------------------------


def test_natural_england_two_people_of_different_grades(natural_england):
    assert natural_england.two_person_rule is True
    sanction = natural_england.rule_for(DecisionKind.SANCTION)
    disengage = natural_england.rule_for(DecisionKind.DISENGAGE)

    assert sanction.approver_role == Role.LINE_MANAGER
    assert (sanction.approvals_required, sanction.distinct_grades) == (2, True)
    assert disengage.approver_role == Role.HEAD_OF_SERVICE
    assert (disengage.approvals_required, disengage.distinct_grades) == (2, True)
    assert natural_england.rule_for(DecisionKind.LIFT).approver_role == Role.LINE_MANAGER


def test_natural_england_reviews_and_appeals(natural_england):
    assert natural_england.disengagement_review_months == 12
    assert natural_england.reengage_clean_months == 24
    assert natural_england.sanction_review_months is None
    assert natural_england.appeal_limit_per_stage == 1
    assert natural_england.appeal_stages == ["sanctioned", "disengaged"]
    assert "Stage 3 complaint" in natural_england.appeal_route


def test_natural_england_annex_a_and_annex_b(natural_england):
    extreme = {c.code: c.is_extreme for c in natural_england.behaviour_categories.all()}
    # "Extreme behaviour": extreme when "an immediate threat to the safety and welfare of staff
    # or others", whatever its Annex A term, so no category is extreme in itself.
    assert extreme == {
        "threatening": False,
        "bullying": False,
        "discriminatory": False,
        "abusive": False,
        "frequency": False,
        "repetition": False,
        "duration": False,
        "nature": False,
    }
    annex_b = list(natural_england.sanction_types.all())
    assert len(annex_b) == 6
    assert {s.approver_role for s in annex_b} == {Role.LINE_MANAGER}
    assert [s.kind for s in annex_b] == [
        kinds.one_method.KIND,
        kinds.named_officer.KIND,
        kinds.telephone_schedule.KIND,
        kinds.written_agreement.KIND,
        kinds.third_party.KIND,
        kinds.specified_dates.KIND,
    ]


@pytest.mark.parametrize(
    "path",
    sorted((Path(__file__).parents[2] / "fixtures" / "profiles").glob("*.json")),
    ids=lambda p: p.stem,
)
def test_every_fixture_value_fits_its_column(path):
    """SQLite stores an over-long string that PostgreSQL refuses: check the lengths here."""
    from django.apps import apps

    too_long = []
    for row in json.loads(path.read_text()):
        model = apps.get_model(row["model"])
        for name, value in row["fields"].items():
            field = model._meta.get_field(name)
            limit = getattr(field, "max_length", None)
            if isinstance(value, str) and limit and len(value) > limit:
                too_long.append(f"{row['model']}.{name} ({len(value)} > {limit})")
    assert not too_long, too_long
