"""What staff are told when a restricted customer makes contact (DESIGN.md §5), kind by kind.

`assess_sanction` and `assess` are plain functions of the sanctions in force and the contact in
hand. The moments are real London wall-clock times: November 2026 is GMT, July 2026 is BST, and
a moment given in UTC is judged by the London clock.
"""

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from cases.models.references import next_reference
from cases.services import case_open
from contactpolicy.choices import SanctionKind
from contactpolicy.models import SanctionType
from contactpolicy.roles import Role
from restrictions import sanctions as kinds
from restrictions.enforcement import assess, assess_sanction
from restrictions.models import CheckOutcome, RestrictionCase, Sanction, Scope, Stage
from tests.cases.factories import CustomerFactory, london
from tests.restrictions.factories import person

pytestmark = pytest.mark.django_db

BREACH, REDIRECTED, PERMITTED = CheckOutcome.BREACH, CheckOutcome.REDIRECTED, CheckOutcome.PERMITTED

TUESDAY_1000 = london(2026, 11, 17, 10, 0)
TUESDAY_1030 = london(2026, 11, 17, 10, 30)
TUESDAY_0959 = london(2026, 11, 17, 9, 59)
TUESDAY_1200 = london(2026, 11, 17, 12, 0)
WEDNESDAY_1030 = london(2026, 11, 18, 10, 30)
THURSDAY_1159 = london(2026, 11, 19, 11, 59)
# British Summer Time: 09:30 UTC is 10:30 in London, 11:30 UTC is 12:30.
SUMMER_TUESDAY_0930_UTC = datetime(2026, 7, 7, 9, 30, tzinfo=UTC)
SUMMER_TUESDAY_1130_UTC = datetime(2026, 7, 7, 11, 30, tzinfo=UTC)
# 23:30 UTC on Tuesday 7 July is 00:30 on Wednesday 8 July in London.
SUMMER_LATE_TUESDAY_UTC = datetime(2026, 7, 7, 23, 30, tzinfo=UTC)

# BTPA §8, telephone mechanism 4, as printed in the policy.
BTPA_SCRIPT = (
    "You have already been provided with advice and all avenues have now been exhausted to "
    "assist you. It is not reasonable or necessary for us to continue to speak with you about "
    "this. I will now terminate this call"
)

# The catalogue wording of a type of each kind (the name staff see when nothing else applies).
TYPE_NAMES = {
    kinds.written_agreement.KIND: "Asking the customer to enter into a voluntary agreement "
    "about their contact.",
    kinds.other.KIND: "Other proportionate action",
}

SCHEDULE = {"weekdays": [1, 3], "window_start": time(10), "window_end": time(12), "max_minutes": 15}
SCHEDULE_TEXT = "Telephone on Tuesday, Thursday 10:00–12:00, at most 15 minutes a call"
INSIDE = f"{SCHEDULE_TEXT}. This call is within the agreed times. End the call after 15 minutes."
OUTSIDE = (
    f"{SCHEDULE_TEXT}. This call is outside the agreed times: read the script and end the call."
)
ONE_METHOD = (
    "Contact by letter only. Do not engage: read and file it, and tell the customer the "
    "permitted method is letter."
)
READ_AND_FILE = (
    "Read and file: log it; no acknowledgement or reply is sent unless it contains new "
    "information or a new complaint. Tell a manager of any safeguarding concern."
)
EXCLUSION = (
    "Ask the person to leave. The breach is recorded and the exclusion will be reviewed, and "
    "may be extended."
)
DATES = "Contact only on 2026-11-17, 2026-12-01"


def sanction(kind, **fields) -> Sanction:
    """A sanction of `kind` as it stands in force (the assessment reads only its fields)."""
    stype = SanctionType(kind=kind, code=kind, name=TYPE_NAMES.get(kind, SanctionKind(kind).label))
    return Sanction(kind=kind, sanction_type=stype, status="active", **fields)


@pytest.fixture
def officers(db):
    return {
        "officer": person(Role.CASEWORKER, first_name="Olive", last_name="Officer"),
        "deputy": person(Role.CASEWORKER, first_name="Dan", last_name="Deputy"),
        "someone else": person(Role.CASEWORKER, first_name="Sam", last_name="Else"),
    }


# (sanction kind, its parameters, the contact, outcome or None, the instruction, read the script?)
RULES = [
    # One contact method only.
    pytest.param(
        kinds.one_method.KIND, {"channel": "letter"}, {"channel": "email"},
        BREACH, ONE_METHOD, False, id="one method: email when letters only",
    ),
    pytest.param(
        kinds.one_method.KIND, {"channel": "letter"}, {"channel": "telephone"},
        BREACH,
        "Contact by letter only. Do not discuss the matter: tell the caller that we deal with "
        "them by letter only, then end the call.",
        False, id="one method: a call when letters only",
    ),
    pytest.param(
        kinds.one_method.KIND, {"channel": "letter"}, {"channel": "visit"},
        BREACH,
        "Contact by letter only. Do not discuss the matter: tell the visitor that we deal with "
        "them by letter only, and to get in touch by letter.",
        False, id="one method: a visit when letters only",
    ),
    pytest.param(
        kinds.one_method.KIND, {"channel": "letter"}, {"channel": "letter"},
        None, None, False, id="one method: a letter",
    ),
    # One named officer (and deputy).
    pytest.param(
        kinds.named_officer.KIND, {"officer": "officer", "deputy": "deputy"},
        {"channel": "email", "officer": "officer"},
        PERMITTED, "Contact with Olive Officer only (deputy: Dan Deputy): you are the named officer.",
        False, id="named officer: reaches the officer",
    ),
    pytest.param(
        kinds.named_officer.KIND, {"officer": "officer", "deputy": "deputy"},
        {"channel": "telephone", "officer": "deputy"},
        PERMITTED,
        "Contact with Olive Officer only (deputy: Dan Deputy): you are the deputy. Deal with it "
        "only when Olive Officer is away, and tell them about it when they are back; otherwise "
        "transfer it to Olive Officer.",
        False, id="named officer: reaches the deputy",
    ),
    pytest.param(
        kinds.named_officer.KIND, {"officer": "officer", "deputy": "deputy"},
        {"channel": "telephone", "officer": "someone else"},
        REDIRECTED,
        "Contact with Olive Officer only (deputy: Dan Deputy). Transfer the contact to Olive Officer.",
        False, id="named officer: reaches someone else",
    ),
    # Telephone on Tuesdays and Thursdays, 10:00 to 12:00, 15 minutes a call.
    pytest.param(
        kinds.telephone_schedule.KIND, SCHEDULE, {"channel": "telephone", "moment": TUESDAY_1000},
        PERMITTED, INSIDE, False, id="schedule: Tuesday 10:00",
    ),
    pytest.param(
        kinds.telephone_schedule.KIND, SCHEDULE, {"channel": "telephone", "moment": THURSDAY_1159},
        PERMITTED, INSIDE, False, id="schedule: Thursday 11:59",
    ),
    pytest.param(
        kinds.telephone_schedule.KIND, SCHEDULE, {"channel": "telephone", "moment": TUESDAY_0959},
        BREACH, OUTSIDE, True, id="schedule: Tuesday 09:59",
    ),
    pytest.param(
        kinds.telephone_schedule.KIND, SCHEDULE, {"channel": "telephone", "moment": TUESDAY_1200},
        BREACH, OUTSIDE, True, id="schedule: Tuesday 12:00, the window has closed",
    ),
    pytest.param(
        kinds.telephone_schedule.KIND, SCHEDULE,
        {"channel": "telephone", "moment": WEDNESDAY_1030},
        BREACH, OUTSIDE, True, id="schedule: Wednesday 10:30",
    ),
    pytest.param(
        kinds.telephone_schedule.KIND, SCHEDULE,
        {"channel": "telephone", "moment": SUMMER_TUESDAY_0930_UTC},
        PERMITTED, INSIDE, False, id="schedule: 09:30 UTC in July is 10:30 in London",
    ),
    pytest.param(
        kinds.telephone_schedule.KIND, SCHEDULE,
        {"channel": "telephone", "moment": SUMMER_TUESDAY_1130_UTC},
        BREACH, OUTSIDE, True, id="schedule: 11:30 UTC in July is 12:30 in London",
    ),
    pytest.param(
        kinds.telephone_schedule.KIND, SCHEDULE, {"channel": "letter", "moment": WEDNESDAY_1030},
        None, None, False, id="schedule: a letter on Wednesday",
    ),
    # Calls recorded or monitored.
    pytest.param(
        kinds.calls_recorded.KIND, {}, {"channel": "telephone"},
        PERMITTED, "Start recording the call, or fetch a colleague to listen, before you engage.",
        False, id="recorded: a call",
    ),
    pytest.param(
        kinds.calls_recorded.KIND, {}, {"channel": "email"}, None, None, False,
        id="recorded: an email",
    ),
    # Read and file.
    pytest.param(
        kinds.read_and_file.KIND, {}, {"channel": "email"}, PERMITTED, READ_AND_FILE, False,
        id="read and file: an email",
    ),
    # Refuse all communication (BTPA A and B).
    pytest.param(
        kinds.refuse_all.KIND, {}, {"channel": "telephone"},
        BREACH, "All communication is refused. Do not engage. Read the script and end the call.",
        True, id="refuse all: a call",
    ),
    pytest.param(
        kinds.refuse_all.KIND, {}, {"channel": "letter"},
        BREACH, "All communication is refused. Do not engage. Read and file it.", False,
        id="refuse all: a letter",
    ),
    # A witness and a suitable location.
    pytest.param(
        kinds.witness_required.KIND, {}, {"channel": "visit"},
        PERMITTED, "Arrange a witness and a suitable room before any meeting.", False,
        id="witness: a visit",
    ),
    pytest.param(
        kinds.witness_required.KIND, {}, {"channel": "telephone"}, None, None, False,
        id="witness: a call",
    ),
    # Exclusion from buildings (Tamworth §8).
    pytest.param(
        kinds.building_exclusion.KIND,
        {"buildings": "Marmion House", "ends_on": date(2027, 3, 31)}, {"channel": "visit"},
        BREACH, f"Excluded from Marmion House until 31 March 2027. {EXCLUSION}", False,
        id="exclusion: a visit",
    ),
    pytest.param(
        kinds.building_exclusion.KIND, {"buildings": "Marmion House", "permanent": True},
        {"channel": "visit"},
        BREACH, f"Excluded from Marmion House permanently. {EXCLUSION}", False,
        id="exclusion: permanent, a visit",
    ),
    pytest.param(
        kinds.building_exclusion.KIND, {"buildings": "Marmion House", "permanent": True},
        {"channel": "telephone"}, None, None, False, id="exclusion: a call",
    ),
    # A written or voluntary agreement.
    pytest.param(
        kinds.written_agreement.KIND,
        {"agreed_terms": "One email a fortnight, to the named officer only"}, {"channel": "email"},
        PERMITTED,
        "Asking the customer to enter into a voluntary agreement about their contact. "
        "One email a fortnight, to the named officer only.",
        False, id="agreement: an email",
    ),
    # Through a third party of their choosing (Natural England Annex B 5).
    pytest.param(
        kinds.third_party.KIND, {"third_party": "Citizens Advice Tamworth"}, {"channel": "email"},
        REDIRECTED,
        "Contact through Citizens Advice Tamworth only. Redirect the customer to Citizens "
        "Advice Tamworth.",
        False, id="third party: direct contact",
    ),
    # Specified dates only (Natural England Annex B 6).
    pytest.param(
        kinds.specified_dates.KIND, {"dates": ["2026-11-17", "2026-12-01"]},
        {"channel": "email", "moment": london(2026, 11, 17, 15, 0)},
        PERMITTED, f"{DATES}. Today is one of them.", False, id="dates: on a permitted date",
    ),
    pytest.param(
        kinds.specified_dates.KIND, {"dates": ["2026-11-17", "2026-12-01"]},
        {"channel": "email", "moment": WEDNESDAY_1030},
        BREACH, f"{DATES}. Today is not one of them: read and file it.", False,
        id="dates: on another date",
    ),
    pytest.param(
        kinds.specified_dates.KIND, {"dates": ["2026-07-07"]},
        {"channel": "email", "moment": SUMMER_LATE_TUESDAY_UTC},
        BREACH, "Contact only on 2026-07-07. Today is not one of them: read and file it.", False,
        id="dates: 23:30 UTC on the permitted date is the next day in London",
    ),
    # Other proportionate action, as written by the approver.
    pytest.param(
        kinds.other.KIND, {"description": "Invoke the HAT policy: call security to reception"},
        {"channel": "visit"},
        PERMITTED, "Invoke the HAT policy: call security to reception.", False,
        id="other: as the approver wrote it, once",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "fields", "contact", "outcome", "instruction", "read_script"), RULES
)
def test_each_sanction_kind(officers, kind, fields, contact, outcome, instruction, read_script):
    fields = {k: officers.get(v, v) if k in {"officer", "deputy"} else v for k, v in fields.items()}
    contact = {"moment": TUESDAY_1030, "officer": None, **contact}
    contact["officer"] = officers.get(contact["officer"])

    finding = assess_sanction(
        sanction(kind, **fields), case=None, sender="", different_topic=False, **contact
    )

    if outcome is None:
        assert finding is None
        return
    assert finding.outcome == outcome
    assert finding.instruction == instruction
    assert finding.read_script is read_script


@pytest.mark.parametrize(
    ("blocked", "sender", "is_blocked"),
    [
        ("+44 7700 900123", "07700 900123", True),
        ("+44 7700 900123", "07700900123", True),
        ("07700 900123", "+447700900123", True),
        ("07700 900123", "0044 7700-900 123", True),
        ("07700 900123", "+44 (0)7700 900123", True),
        ("(07700) 900 123", "447700900123", True),
        ("+44 7700 900123", "07700 900124", False),
        ("nuisance@example.org", " Nuisance@Example.ORG ", True),
        ("nuisance@example.org", "nuisance@example.com", False),
        ("+44 7700 900123\nnuisance@example.org", "nuisance@example.org", True),
    ],
)
def test_blocked_identifiers_match_whatever_the_formatting(blocked, sender, is_blocked):
    channel = "email" if "@" in sender else "telephone"
    finding = assess_sanction(
        sanction(kinds.block_identifiers.KIND, blocked_identifiers=blocked),
        channel=channel,
        moment=TUESDAY_1030,
        officer=None,
        case=None,
        sender=sender,
        different_topic=False,
    )
    if not is_blocked:
        assert finding is None
        return
    assert finding.outcome == BREACH
    assert finding.instruction == f"{sender} is blocked. Do not engage."
    assert finding.read_script is (channel == "telephone")


def test_an_unknown_sender_is_not_matched_to_a_block():
    finding = assess_sanction(
        sanction(kinds.block_identifiers.KIND, blocked_identifiers="07700 900123"),
        channel="telephone",
        moment=TUESDAY_1030,
        officer=None,
        case=None,
        sender="",
        different_topic=False,
    )
    assert finding is None


# -- No engagement on a matter, and disengagement (whole or partial) -------------------------


def restriction_case(customer, *, state=Stage.SANCTIONED, **fields) -> RestrictionCase:
    """A case in `state`, as `assess` receives it. Built here as the input of a pure function;
    the lifecycle tests drive cases there through decisions."""
    return RestrictionCase.objects.create(
        reference=next_reference("RES", 2026), customer=customer, state=state, **fields
    )


def test_no_engagement_on_a_closed_matter_only():
    customer = CustomerFactory()
    closed = case_open(customer=customer, subject="The 2024 complaint")
    other = case_open(customer=customer, subject="A new request")
    saved = _saved_matter_sanction(customer, closed)
    on_matter = assess_sanction(saved, **_letter_about(closed))
    elsewhere = assess_sanction(saved, **_letter_about(other))
    unknown = assess_sanction(saved, **_letter_about(None))

    assert on_matter.outcome == REDIRECTED
    assert on_matter.instruction == (
        "No further engagement on a matter, or refuse to reopen a closed case. On this matter: "
        "read and file it, with no reply."
    )
    assert elsewhere is None
    assert unknown is None


def _letter_about(matter, different_topic=False):
    return {
        "channel": "letter",
        "moment": TUESDAY_1030,
        "officer": None,
        "case": matter,
        "sender": "",
        "different_topic": different_topic,
    }


def _saved_matter_sanction(customer, *matters):
    """A no-engagement sanction saved with its matters (the scope is a many-to-many)."""
    from restrictions.models import Decision

    case = restriction_case(customer)
    author = person(Role.LINE_MANAGER)
    decision = Decision.objects.create(
        reference=next_reference("DEC", 2026),
        restriction_case=case,
        kind="sanction",
        reasons="Refuses to accept the outcome of the 2024 complaint",
        proposed_by=author,
    )
    stype = SanctionType.objects.create(
        profile=_profile(),
        kind=kinds.no_engagement_on_matter.KIND,
        code="no-engagement",
        name=kinds.no_engagement_on_matter.KIND.label,
    )
    saved = Sanction.objects.create(
        restriction_case=case,
        decision=decision,
        sanction_type=stype,
        kind=kinds.no_engagement_on_matter.KIND,
        status="active",
    )
    saved.scope_cases.set(matters)
    return saved


def _profile():
    from contactpolicy.models import PolicyProfile

    return PolicyProfile.objects.create(slug="test-org", name="Test", short_name="Test")


def test_no_engagement_without_named_matters_covers_all_but_a_different_topic():
    rule = _saved_matter_sanction(CustomerFactory())
    assert assess_sanction(rule, **_letter_about(None)).outcome == REDIRECTED
    assert assess_sanction(rule, **_letter_about(None, different_topic=True)) is None


DISENGAGED_ALL = (
    "We have disengaged from this customer. Do not engage or reply: read and file it, unless the "
    "disengagement notice needs to be repeated."
)


@pytest.mark.parametrize(
    ("channel", "read_script"), [("email", False), ("telephone", True)], ids=["email", "call"]
)
def test_full_disengagement_is_a_breach_whatever_the_topic(channel, read_script):
    case = restriction_case(CustomerFactory(), state=Stage.DISENGAGED)
    assessment = assess(
        case, [], channel=channel, moment=TUESDAY_1030, different_topic=True, script=BTPA_SCRIPT
    )
    assert assessment.outcome == BREACH
    expected = DISENGAGED_ALL + (" Read the script and end the call." if read_script else "")
    assert assessment.instruction == expected
    assert assessment.read_script is read_script


@pytest.mark.parametrize(
    "state_before_review", [Stage.DISENGAGED, Stage.SANCTIONED], ids=["disengaged", "sanctioned"]
)
def test_a_disengagement_under_review_still_applies(state_before_review):
    case = restriction_case(
        CustomerFactory(), state=Stage.UNDER_REVIEW, state_before_review=state_before_review
    )
    assessment = assess(case, [], channel="email", moment=TUESDAY_1030)
    if state_before_review == Stage.DISENGAGED:
        assert assessment.outcome == BREACH
        assert assessment.instruction == DISENGAGED_ALL
    else:
        assert assessment.outcome == PERMITTED
        assert assessment.findings == []


def test_partial_disengagement_on_a_topic():
    """Natural England step 6: re-engage only if "the entire content of the contact is not on
    the same or similar topic"; staff record which it is."""
    case = restriction_case(
        CustomerFactory(),
        state=Stage.DISENGAGED,
        scope=Scope.PARTIAL,
        scope_topics="Foxhill Meadows SSSI consent",
    )
    on_topic = assess(case, [], channel="email", moment=TUESDAY_1030)
    off_topic = assess(case, [], channel="email", moment=TUESDAY_1030, different_topic=True)

    assert on_topic.outcome == BREACH
    assert on_topic.instruction == (
        "We have disengaged from this customer on: Foxhill Meadows SSSI consent. Do not engage "
        "or reply: read and file it, unless the disengagement notice needs to be repeated."
    )
    assert off_topic.outcome == PERMITTED
    assert off_topic.instruction == (
        "Disengaged on some topics only; this contact is on a different topic, so deal with it "
        "as usual."
    )


def test_partial_disengagement_on_some_cases():
    customer = CustomerFactory()
    disengaged_matter = case_open(customer=customer, subject="Planning enforcement at Foxhill")
    other_matter = case_open(customer=customer, subject="Countryside Stewardship agreement")
    case = restriction_case(customer, state=Stage.DISENGAGED, scope=Scope.PARTIAL)
    case.scope_cases.set([disengaged_matter])

    on_case = assess(
        case, [], channel="letter", moment=TUESDAY_1030, contact_case=disengaged_matter
    )
    other = assess(case, [], channel="letter", moment=TUESDAY_1030, contact_case=other_matter)

    assert on_case.outcome == BREACH
    assert other.outcome == PERMITTED


# -- The banner as a whole, and the BTPA termination script ---------------------------------


def test_worst_first_and_every_instruction_shown(officers):
    sanctions = [
        sanction(kinds.read_and_file.KIND),
        sanction(kinds.named_officer.KIND, officer=officers["officer"]),
        sanction(kinds.one_method.KIND, channel="letter"),
    ]
    case = RestrictionCase(state=Stage.SANCTIONED)
    assessment = assess(
        case, sanctions, channel="email", moment=TUESDAY_1030, officer=officers["someone else"]
    )
    assert [f.outcome for f in assessment.findings] == [BREACH, REDIRECTED, PERMITTED]
    assert assessment.outcome == BREACH
    assert assessment.instruction.split("\n") == [
        ONE_METHOD,
        "Contact with Olive Officer only. Transfer the contact to Olive Officer.",
        READ_AND_FILE,
    ]


def test_nothing_in_force_bears_on_the_contact():
    case = RestrictionCase(state=Stage.WARNED)
    assessment = assess(
        case, [sanction(kinds.calls_recorded.KIND)], channel="letter", moment=TUESDAY_1030
    )
    assert assessment.outcome == PERMITTED
    assert assessment.findings == []
    assert assessment.instruction == ""
    assert not assessment.read_script


def test_btpa_termination_script_is_the_policy_word_for_word(btpa_active):
    assert btpa_active.termination_script == BTPA_SCRIPT
    assert "I will now terminate this call" in btpa_active.termination_script
    source = Path(__file__).resolve().parents[2] / "fixtures" / "profiles" / "btpa.json"
    assert BTPA_SCRIPT in source.read_text()


@pytest.mark.parametrize(
    ("sanction_code", "moment", "read_script"),
    [
        ("telephone-schedule", WEDNESDAY_1030, True),
        ("telephone-schedule", TUESDAY_1030, False),
        ("telephone-refuse-all", TUESDAY_1030, True),
        ("telephone-refuse-all", WEDNESDAY_1030, True),
    ],
    ids=[
        "outside the window",
        "inside the window",
        "refuse all, Tuesday",
        "refuse all, Wednesday",
    ],
)
def test_btpa_script_is_read_outside_the_window_or_under_refuse_all(
    btpa_active, sanction_code, moment, read_script
):
    stype = btpa_active.sanction_types.get(code=sanction_code)
    params = SCHEDULE if stype.kind == kinds.telephone_schedule.KIND else {}
    rule = Sanction(kind=stype.kind, sanction_type=stype, status="active", **params)
    assessment = assess(
        RestrictionCase(state=Stage.SANCTIONED),
        [rule],
        channel="telephone",
        moment=moment,
        script=btpa_active.termination_script,
    )
    assert assessment.read_script is read_script
    # The banner always carries the profile's script; it is read only when a finding says so.
    assert assessment.script == btpa_active.termination_script
    assert assessment.script.endswith("I will now terminate this call")
    assert assessment.outcome == (BREACH if read_script else PERMITTED)


def test_no_script_to_read_where_the_profile_has_none():
    rule = sanction(kinds.refuse_all.KIND)
    assessment = assess(
        RestrictionCase(state=Stage.SANCTIONED), [rule], channel="telephone", script=""
    )
    assert assessment.outcome == BREACH
    assert assessment.findings[0].read_script
    assert not assessment.read_script  # nothing to read: OPCC, IPCC, Tamworth, Natural England
