"""Each organisation's own lifecycle, end to end, through the services (DESIGN.md §2: "each
must run its organisation's whole lifecycle end to end in the tests").

A customer misbehaves, is warned, is put under sanctions chosen from that profile's catalogue,
breaches them, (where the policy has it) is disengaged from, and is reviewed. At each decision
the people the profile's DecisionRule names approve it, and the wrong people are refused with
the sentence the screen will show. Each approved decision takes effect when its notice is
issued (`approve` issues it, as the last approver would; DESIGN.md §4).
"""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.services import case_open
from contactpolicy.refusals import Refused
from contactpolicy.roles import Role
from contactpolicy.workcalendar import add_calendar_months
from restrictions.models import (
    Approval,
    CheckOutcome,
    ContactCheck,
    DecisionStatus,
    SanctionStatus,
    Scope,
    Stage,
)
from restrictions.models.lifecycle import clean_period_served, reengagement_earliest
from restrictions.services import decision_answer, review_start
from tests.cases.factories import CustomerFactory, london
from tests.restrictions.factories import (
    active_sanctions,
    approve,
    category,
    check_contact,
    incident,
    issue_notice,
    letter_text,
    person,
    propose_and_submit,
    sanction_of,
)

pytestmark = pytest.mark.django_db

PROPOSER_REFUSED = "You proposed this decision, so someone else must approve it."
HEAD_OF_SERVICE_OR_ABOVE = "chief executive or head of service"

# Real London wall-clock moments (November 2026: GMT).
TUESDAY_1030 = london(2026, 11, 17, 10, 30)
WEDNESDAY_1030 = london(2026, 11, 18, 10, 30)
FRIDAY_1500 = london(2026, 11, 20, 15, 0)


def refused(decision, user, message):
    """`user` may not approve `decision`; the refusal says `message`, and nothing changed."""
    approvals_before = Approval.objects.filter(decision=decision).count()
    with pytest.raises(PermissionDenied) as info:
        approve(decision, user)
    assert str(info.value) == message
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SUBMITTED
    assert Approval.objects.filter(decision=decision).count() == approvals_before


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def test_btpa_chief_executive_decides_and_the_script_is_read(activate_profile):
    profile = activate_profile("btpa")
    caseworker = person(Role.CASEWORKER)
    manager = person(Role.LINE_MANAGER)
    head = person(Role.HEAD_OF_SERVICE)
    chief = person(Role.CHIEF_EXECUTIVE, job_title="Chief Executive")
    customer = CustomerFactory(name="Morgan Ellis")

    # Scenario D (persistent contact) and C (misuse of resources): not extreme.
    persistent = incident(customer, caseworker, category=category(profile, "D"), days_ago=30)
    misuse = incident(customer, caseworker, category=category(profile, "C"), days_ago=12)

    # BTPA §8 has no separate warning step: the written notice that behaviour is deemed
    # unacceptable comes with the decision to manage contact, and every decision under the
    # procedures is the Chief Executive's (§8.12), a warning on its own included.
    warn = propose_and_submit(manager, customer, "warn", incidents=[persistent], review_in_days=0)
    refused(warn, manager, PROPOSER_REFUSED)
    refused(warn, head, "The BTPA policy reserves this decision to the Chief Executive.")

    # Telephone mechanisms 2 and 3: set days and times with a 15-minute limit, and recorded.
    sanction = propose_and_submit(
        manager,
        customer,
        "sanction",
        incidents=[misuse],
        sanctions=[
            sanction_of(
                profile,
                "telephone_schedule",
                weekdays=[1, 3],
                window_start=time(10),
                window_end=time(12),
                max_minutes=15,
            ),
            sanction_of(profile, "calls_recorded"),
        ],
    )
    assert (
        "You may telephone us on Tuesday and Thursday between 10:00 and 12:00. Each call will "
        "last no more than 15 minutes."
    ) in letter_text(sanction)
    reserved = "The BTPA policy reserves this decision to the Chief Executive."
    refused(sanction, manager, PROPOSER_REFUSED)
    refused(sanction, caseworker, reserved)
    refused(sanction, head, reserved)
    approved = approve(sanction, chief, issue=False)
    case = customer.restriction_cases.get()
    # Approved, the sanctions wait for their notice: issuing it is the moment of effect.
    assert (approved.status, case.state) == (DecisionStatus.APPROVED, Stage.MONITORING)
    notice = issue_notice(approved, chief)
    assert (notice.signatory_name, notice.state) == (chief.get_full_name(), "issued")
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED
    assert case.warned_at is None
    assert case.review_due == sanction.review_due
    assert [s.kind for s in active_sanctions(case)] == ["telephone_schedule", "calls_recorded"]
    approval = Approval.objects.get(decision=sanction)
    assert (approval.approver, approval.role, approval.approver_grade) == (
        chief,
        "chief_executive",
        4,
    )

    # A call on Tuesday at 10:30 is allowed, recorded and time-limited.
    allowed, check = check_contact(
        customer, caseworker, channel="telephone", received_at=TUESDAY_1030
    )
    assert allowed.outcome == CheckOutcome.PERMITTED
    assert "End the call after 15 minutes." in allowed.instruction
    # BTPA's own instruction for its telephone mechanism 3 (§8), from the profile.
    assert "Start recording, or fetch a colleague to monitor the call" in allowed.instruction
    assert not allowed.read_script

    # A call on Wednesday is a breach: the termination script is read, word for word.
    breach, check = check_contact(
        customer, caseworker, channel="telephone", received_at=WEDNESDAY_1030
    )
    assert breach.outcome == CheckOutcome.BREACH
    assert breach.read_script
    assert breach.script == profile.termination_script
    assert breach.script.endswith("I will now terminate this call")
    assert (
        "outside the agreed times. A call outside the permitted days and times: Read this "
        "message word for word, then end the call" in check.instruction
    )
    assert check.outcome == CheckOutcome.BREACH
    assert case.contact_checks.filter(outcome=CheckOutcome.BREACH).count() == 1

    # Scenario A (threats): the review varies the arrangements to refusing all calls, which
    # BTPA allows only for A and B. A caseworker cannot open a review.
    threat = incident(customer, caseworker, extreme=True, days_ago=1)
    assert threat.category.code == "A"
    with pytest.raises(PermissionDenied, match=r"Only a manager can start a review\."):
        review_start(case=case, actor=caseworker)
    case = review_start(case=case, actor=head)
    assert case.state == Stage.UNDER_REVIEW
    assert case.state_before_review == Stage.SANCTIONED
    assert case.review_due is not None  # the restriction stays in force meanwhile

    vary = propose_and_submit(
        manager,
        customer,
        "vary",
        incidents=[threat],
        sanctions=[sanction_of(profile, "refuse_all")],
        review_in_days=180,
    )
    refused(vary, head, reserved)
    approve(vary, chief)
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED
    assert case.state_before_review == ""
    assert case.review_due == in_days(180)
    assert [s.kind for s in active_sanctions(case)] == ["refuse_all"]
    assert case.sanctions.filter(status="ended").count() == 2

    refusal, _ = check_contact(customer, caseworker, channel="telephone", received_at=TUESDAY_1030)
    assert refusal.outcome == CheckOutcome.BREACH
    assert refusal.read_script
    assert refusal.instruction == (
        "All communication is refused. Do not engage at all. Log the contact. Read the script "
        "and end the call."
    )


def test_opcc_chief_executive_lifts_after_a_more_acceptable_approach(activate_profile):
    profile = activate_profile("opcc")
    caseworker = person(Role.CASEWORKER)
    deputy = person(Role.CASEWORKER)
    manager = person(Role.LINE_MANAGER)
    head = person(Role.HEAD_OF_SERVICE)
    chief = person(Role.CHIEF_EXECUTIVE)
    customer = CustomerFactory()

    volume = incident(customer, caseworker, category=category(profile, "unreasonable"), days_ago=20)
    repeat = incident(
        customer, caseworker, category=category(profile, "unreasonably-persistent"), days_ago=5
    )

    warn = propose_and_submit(manager, customer, "warn", incidents=[volume], review_in_days=0)
    approve(warn, head)
    case = customer.restriction_cases.get()
    assert case.state == Stage.WARNED

    # One point of contact; read and file; block the number the calls come from.
    sanction = propose_and_submit(
        manager,
        customer,
        "sanction",
        incidents=[repeat],
        sanctions=[
            sanction_of(profile, "named_officer", officer=caseworker, deputy=deputy),
            sanction_of(profile, "read_and_file"),
            sanction_of(profile, "block_identifiers", blocked_identifiers="+44 7700 900123"),
        ],
    )
    reserved = "The OPCC policy reserves this decision to the Chief Executive."
    refused(sanction, manager, PROPOSER_REFUSED)
    refused(sanction, caseworker, reserved)
    refused(sanction, head, reserved)
    approve(sanction, chief)
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED
    assert len(active_sanctions(case)) == 3

    # The blocked number calls, typed the national way: a breach.
    blocked, check = check_contact(
        customer, deputy, channel="telephone", sender="07700 900123", received_at=FRIDAY_1500
    )
    assert blocked.outcome == CheckOutcome.BREACH
    assert (
        "07700 900123 is blocked. Contact from a blocked number or address is flagged as "
        "blocked: do not engage." in blocked.instruction
    )
    assert check.outcome == CheckOutcome.BREACH
    # An email reaching someone other than the named officer is transferred to them.
    other = person(Role.CASEWORKER)
    redirected, _ = check_contact(customer, other, channel="email", sender="m@example.org")
    assert redirected.outcome == CheckOutcome.REDIRECTED
    assert f"Transfer the contact to {caseworker}." in redirected.instruction
    # OPCC's own read-and-file instruction, from the profile.
    assert "Log the correspondence and read it" in redirected.instruction

    # "May be reconsidered if the customer demonstrates a more acceptable approach."
    case = review_start(case=case, actor=manager)
    lift = propose_and_submit(
        manager, customer, "lift", reasons="No contact outside the arrangements for six months."
    )
    refused(lift, head, reserved)
    approve(lift, chief)
    case.refresh_from_db()
    assert case.state == Stage.LIFTED
    assert case.review_due is None
    assert case.lifted_at is not None
    assert active_sanctions(case) == []
    assert set(case.sanctions.values_list("status", flat=True)) == {SanctionStatus.LIFTED}
    history = list(case.history.order_by("history_date").values_list("state", flat=True))
    assert history[-4:] == ["warned", "sanctioned", "under_review", "lifted"]


def test_ipcc_head_of_function_varies_after_review(activate_profile):
    profile = activate_profile("ipcc")
    caseworker = person(Role.CASEWORKER)
    manager = person(Role.LINE_MANAGER)
    other_manager = person(Role.LINE_MANAGER)
    head_of_function = person(Role.HEAD_OF_SERVICE, job_title="Head of Casework")
    customer = CustomerFactory()
    closed = case_open(customer=customer, subject="Complaint about the 2025 investigation")

    calls = incident(customer, caseworker, category=category(profile, "unreasonable"), days_ago=40)
    repeats = incident(
        customer, caseworker, category=category(profile, "unreasonably-persistent"), days_ago=9
    )
    warn = propose_and_submit(manager, customer, "warn", incidents=[calls], review_in_days=0)
    approve(warn, head_of_function)

    sanctions = [
        # "one call on one specified morning/afternoon of any week"
        sanction_of(
            profile,
            "telephone_schedule",
            weekdays=[1],
            window_start=time(9),
            window_end=time(12),
            max_minutes=20,
        ),
        sanction_of(profile, "calls_recorded"),
        sanction_of(profile, "no_engagement_on_matter", scope_cases=[closed]),
    ]
    # §8: limits reviewed "as a minimum annually" - a review date beyond a year is refused.
    with pytest.raises(ValidationError) as info:
        propose_and_submit(
            manager,
            customer,
            "sanction",
            incidents=[repeats],
            sanctions=sanctions,
            review_in_days=400,
        )
    assert any(
        message.startswith("The IPCC policy reviews this at least every 12 months")
        for message in info.value.messages
    )
    sanction = propose_and_submit(
        manager, customer, "sanction", incidents=[repeats], sanctions=sanctions, review_in_days=365
    )
    below = f"Under the IPCC policy this decision is approved by a {HEAD_OF_SERVICE_OR_ABOVE}."
    refused(sanction, manager, PROPOSER_REFUSED)
    refused(sanction, caseworker, below)
    refused(sanction, other_manager, below)
    approve(sanction, head_of_function)
    case = customer.restriction_cases.get()
    assert case.state == Stage.SANCTIONED

    # A Friday call is outside the agreed morning: a breach, and the call is ended and logged
    # with its reason (§6).
    breach, check = check_contact(
        customer,
        caseworker,
        channel="telephone",
        received_at=FRIDAY_1500,
        ended_by_staff=True,
        ended_reason="Outside the agreed call time; the customer was told when to call.",
        duration_minutes=2,
    )
    assert breach.outcome == CheckOutcome.BREACH
    assert check.contact.ended_by_staff
    assert "Telephone on Tuesday 09:00–12:00, at most 20 minutes a call" in check.instruction
    # A letter about the closed case: read and file, no reply. About anything else: as usual.
    on_matter, _ = check_contact(customer, caseworker, channel="letter", case=closed)
    assert on_matter.outcome == CheckOutcome.REDIRECTED
    assert "Contact on that matter: read and file it, no reply." in on_matter.instruction
    new_matter = case_open(customer=customer, subject="A new complaint")
    fresh, _ = check_contact(customer, caseworker, channel="letter", case=new_matter)
    assert fresh.outcome == CheckOutcome.PERMITTED
    assert fresh.findings == []

    # The annual review keeps the restriction but moves the call to Thursday afternoon.
    case = review_start(case=case, actor=head_of_function)
    vary = propose_and_submit(
        manager,
        customer,
        "vary",
        sanctions=[
            sanction_of(
                profile,
                "telephone_schedule",
                weekdays=[3],
                window_start=time(14),
                window_end=time(16),
                max_minutes=20,
            )
        ],
        review_in_days=365,
    )
    refused(vary, other_manager, below)
    approve(vary, head_of_function)
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED
    assert case.review_due == in_days(365)
    [current] = active_sanctions(case)
    assert (current.weekdays, current.window_start) == ([3], time(14))
    assert case.sanctions.filter(status="ended").count() == 3


def test_tamworth_exclusion_breach_reviews_and_extends(activate_profile):
    profile = activate_profile("tamworth")
    caseworker = person(Role.CASEWORKER)
    manager = person(Role.LINE_MANAGER)
    head = person(Role.HEAD_OF_SERVICE, job_title="Head of Customer Services")
    customer = CustomerFactory()

    persistent = incident(
        customer, caseworker, category=category(profile, "unreasonably-persistent"), days_ago=60
    )
    offensive = incident(
        customer,
        caseworker,
        category=category(profile, "unreasonable"),
        days_ago=14,
        channel="visit",
        description="Racist comments to reception staff at Marmion House",
        hate_incident=True,
    )
    warn = propose_and_submit(manager, customer, "warn", incidents=[persistent], review_in_days=0)
    below = f"Under the Tamworth policy this decision is approved by a {HEAD_OF_SERVICE_OR_ABOVE}."
    refused(warn, caseworker, below)
    approve(warn, head)

    exclusion_end = in_days(90)
    sanction = propose_and_submit(
        manager,
        customer,
        "sanction",
        incidents=[offensive],
        sanctions=[
            sanction_of(
                profile, "building_exclusion", buildings="Marmion House", ends_on=exclusion_end
            ),
            sanction_of(profile, "one_method", channel="letter"),
        ],
        review_in_days=90,
    )
    refused(sanction, manager, PROPOSER_REFUSED)
    refused(sanction, person(Role.LINE_MANAGER), below)
    approve(sanction, head)
    case = customer.restriction_cases.get()
    assert case.state == Stage.SANCTIONED

    # The customer walks into Marmion House: ask them to leave; the breach opens a review.
    breach, _ = check_contact(customer, caseworker, channel="visit")
    assert breach.outcome == CheckOutcome.BREACH
    assert (
        f"Excluded from Marmion House until {exclusion_end:%-d %B %Y}. A visit is a breach: "
        "ask the person to leave" in breach.instruction
    )
    assert (
        "Do not discuss the matter: tell the visitor that we deal with them by letter only, "
        "and to get in touch by letter." in breach.instruction
    )
    case.refresh_from_db()
    assert case.state == Stage.UNDER_REVIEW
    assert case.state_before_review == Stage.SANCTIONED

    # §8: "the period of exclusion may be immediately reviewed and extended".
    ignored = incident(
        customer,
        caseworker,
        category=category(profile, "unreasonable"),
        days_ago=0,
        channel="visit",
    )
    extend = propose_and_submit(
        manager,
        customer,
        "extend_exclusion",
        incidents=[ignored],
        sanctions=[
            sanction_of(
                profile, "building_exclusion", buildings="Marmion House", ends_on=in_days(365)
            )
        ],
        review_in_days=365,
    )
    refused(extend, manager, PROPOSER_REFUSED)
    refused(extend, caseworker, below)
    approve(extend, head)
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED
    assert case.state_before_review == ""
    assert case.review_due == in_days(365)
    by_status = {(s.kind, s.status, s.ends_on) for s in case.sanctions.all()}
    assert by_status == {
        ("building_exclusion", "ended", timezone.localdate()),
        ("building_exclusion", "active", in_days(365)),
        ("one_method", "active", None),
    }

    # The later review: the arrangements continue. Tamworth names nobody for this, so a head of
    # service or above decides.
    case = review_start(case=case, actor=head)
    keep = propose_and_submit(manager, customer, "continue", review_in_days=180)
    refused(keep, person(Role.LINE_MANAGER), below)
    approve(keep, head)
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED
    assert case.review_due == in_days(180)
    assert len(active_sanctions(case)) == 2
    assert ContactCheck.objects.filter(restriction_case=case, outcome="breach").count() == 1


def test_natural_england_two_grades_at_every_step(activate_profile):
    profile = activate_profile("natural-england")
    colleague = person(Role.CASEWORKER)
    head = person(Role.HEAD_OF_SERVICE)
    # The team manager corresponds with the customer; Annex B sign-off is by their line
    # manager, the head of service.
    team_manager = person(Role.LINE_MANAGER, line_manager=head)
    other_manager = person(Role.LINE_MANAGER)
    third_manager = person(Role.LINE_MANAGER)
    other_head = person(Role.HEAD_OF_SERVICE)
    director = person(Role.CHIEF_EXECUTIVE, job_title="Director")
    customer = CustomerFactory()
    ne = "Natural England"

    frequency = incident(customer, colleague, category=category(profile, "frequency"), days_ago=90)
    repetition = incident(
        customer, colleague, category=category(profile, "repetition"), days_ago=30
    )

    # Step 1. The proposer and the approver are the two people, so they differ in grade.
    warn = propose_and_submit(
        team_manager, customer, "warn", incidents=[frequency], review_in_days=0
    )
    refused(
        warn,
        other_manager,
        f"The {ne} policy needs two people of different grades in every decision, and you are "
        "the same grade as the person who proposed it.",
    )
    refused(
        warn,
        colleague,
        f"Under the {ne} policy this decision is approved by a chief executive or head of service or line manager.",
    )
    approve(warn, head)
    case = customer.restriction_cases.get()
    assert case.state == Stage.WARNED

    # Step 2. Annex B sanctions, signed off by a line manager, and a second person of another
    # grade: "Individuals will never apply sanctions on their own".
    sanction = propose_and_submit(
        team_manager,
        customer,
        "sanction",
        incidents=[repetition],
        sanctions=[
            sanction_of(profile, "one_method", channel="email"),
            sanction_of(
                profile,
                "telephone_schedule",
                weekdays=[0],
                window_start=time(14),
                window_end=time(15),
            ),
        ],
    )
    refused(sanction, team_manager, PROPOSER_REFUSED)
    refused(
        sanction,
        colleague,
        f"Under the {ne} policy this decision is approved by a chief executive or head of service or line manager.",
    )
    approve(sanction, other_manager)
    sanction.refresh_from_db()
    assert sanction.status == DecisionStatus.SUBMITTED  # one of two
    case.refresh_from_db()
    assert case.state == Stage.WARNED
    refused(
        sanction,
        third_manager,
        f"The {ne} policy needs approvers of different grades; someone of your grade has "
        "already approved.",
    )
    refused(sanction, other_manager, "You have already approved this decision.")
    approve(sanction, head)
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED
    assert sorted(
        Approval.objects.filter(decision=sanction).values_list("approver_grade", flat=True)
    ) == [2, 3]

    # A Tuesday call breaches both sanctions (email only; Mondays 14:00 to 15:00).
    breach, _ = check_contact(customer, colleague, channel="telephone", received_at=TUESDAY_1030)
    assert breach.outcome == CheckOutcome.BREACH
    assert "tell the caller that we deal with them by email only" in breach.instruction
    assert "Telephone on Monday 14:00–15:00" in breach.instruction

    # Step 5. The sanctions did not resolve it: partial disengagement on one topic, decided at
    # a higher level than the line manager, again by two people of different grades.
    abuse = incident(customer, colleague, category=category(profile, "abusive"), days_ago=2)
    topic = "Foxhill Meadows SSSI consent"
    disengage = propose_and_submit(
        team_manager,
        customer,
        "disengage",
        incidents=[abuse],
        scope=Scope.PARTIAL,
        scope_topics=topic,
        review_in_days=365,
    )
    letter = letter_text(disengage)
    assert f"We will not reply to further contact about: {topic}." in letter
    assert "The arrangements already in place for your other contact with us continue." in letter
    above_manager = (
        f"Under the {ne} policy this decision is approved by a {HEAD_OF_SERVICE_OR_ABOVE}."
    )
    refused(disengage, other_manager, above_manager)
    refused(disengage, colleague, above_manager)
    approve(disengage, head)
    refused(
        disengage,
        other_head,
        f"The {ne} policy needs approvers of different grades; someone of your grade has "
        "already approved.",
    )
    approve(disengage, director)
    case.refresh_from_db()
    assert case.state == Stage.DISENGAGED
    assert (case.scope, case.scope_topics) == (Scope.PARTIAL, topic)
    # Disengaged on one topic only: the sanctions still govern everything else.
    assert len(active_sanctions(case)) == 2

    # Step 6: "unless ... the entire content of the contact is not on the same or similar topic".
    on_topic, check = check_contact(customer, colleague, channel="email")
    assert on_topic.outcome == CheckOutcome.BREACH
    assert f"We have disengaged from this customer on: {topic}." in on_topic.instruction
    off_topic, check = check_contact(customer, colleague, channel="email", different_topic=True)
    assert off_topic.outcome == CheckOutcome.PERMITTED
    assert check.different_topic
    assert "on a different topic, so deal with it as usual" in off_topic.instruction

    # Step 7. Reviewed after 12 months; re-engage only after two continuous clean years. The
    # last incident was two days ago, so lifting is refused when it is proposed, with the
    # earliest date the rule allows, and nothing is saved.
    case = review_start(case=case, actor=team_manager)
    assert case.state == Stage.UNDER_REVIEW
    decisions_before = case.decisions.count()
    with pytest.raises(ValidationError) as info:
        propose_and_submit(
            team_manager, customer, "lift", reasons="The customer has written politely since."
        )
    earliest = add_calendar_months(case.last_incident_on(), 24)
    assert info.value.message_dict == {
        "kind": [f"{clean_period_served.sentence} The earliest date is {earliest:%-d %B %Y}."]
    }
    case.refresh_from_db()
    assert case.state == Stage.UNDER_REVIEW
    assert case.decisions.count() == decisions_before

    keep = propose_and_submit(team_manager, customer, "continue", review_in_days=365)
    approve(keep, other_manager)
    approve(keep, head)
    case.refresh_from_db()
    assert case.state == Stage.DISENGAGED
    assert case.review_due == in_days(365)


def _natural_england_disengaged(profile, *, incidents_days_ago: int):
    """A customer disengaged from under Natural England's policy, whose every incident is
    `incidents_days_ago` old, with the disengagement under review.

    Returns (case, the manager who proposes, the two people who approve a lift)."""
    colleague = person(Role.CASEWORKER)
    head, director = person(Role.HEAD_OF_SERVICE), person(Role.CHIEF_EXECUTIVE)
    # The manager corresponds with the customer; their line manager signs off (Annex B).
    manager = person(Role.LINE_MANAGER, line_manager=head)
    second_manager = person(Role.LINE_MANAGER)
    customer = CustomerFactory()
    evidence = [
        incident(customer, colleague, category=category(profile, code), days_ago=incidents_days_ago)
        for code in ("frequency", "repetition", "duration")
    ]
    warn = propose_and_submit(manager, customer, "warn", incidents=evidence[:1], review_in_days=0)
    approve(warn, head)
    sanction = propose_and_submit(
        manager,
        customer,
        "sanction",
        incidents=evidence[1:2],
        sanctions=[sanction_of(profile, "named_officer", officer=manager)],
    )
    approve(sanction, second_manager)
    approve(sanction, head)
    disengage = propose_and_submit(
        manager, customer, "disengage", incidents=evidence[2:], review_in_days=365
    )
    approve(disengage, head)
    approve(disengage, director)
    case = customer.restriction_cases.get()
    assert case.state == Stage.DISENGAGED
    case = review_start(case=case, actor=manager)
    return case, manager, (second_manager, head)


@pytest.mark.parametrize(
    ("months_clean", "lifted"),
    [(23, False), (25, True)],
    ids=["last incident 23 months ago", "last incident 25 months ago"],
)
def test_natural_england_reengages_only_after_two_clean_years(
    activate_profile, months_clean, lifted
):
    profile = activate_profile("natural-england")
    today = timezone.localdate()
    occurred = add_calendar_months(today, -months_clean)
    case, manager, (second_manager, head) = _natural_england_disengaged(
        profile, incidents_days_ago=(today - occurred).days
    )
    assert case.last_incident_on() == occurred
    earliest = add_calendar_months(occurred, 24)
    assert reengagement_earliest(case, profile) == earliest

    if lifted:
        lift = propose_and_submit(manager, case.customer, "lift", reasons="Two clean years.")
        approve(lift, second_manager)
        approve(lift, head)
        case.refresh_from_db()
        assert case.state == Stage.LIFTED
        assert case.review_due is None
        assert active_sanctions(case) == []
    else:
        # Refused when proposed, beside the kind of decision, with the earliest date.
        with pytest.raises(ValidationError) as info:
            propose_and_submit(manager, case.customer, "lift", reasons="Two clean years.")
        assert info.value.message_dict == {
            "kind": [f"{clean_period_served.sentence} The earliest date is {earliest:%-d %B %Y}."]
        }
        assert not case.decisions.filter(kind="lift").exists()
        case.refresh_from_db()
        assert case.state == Stage.UNDER_REVIEW


def test_natural_england_refuses_each_approval_once_an_incident_breaks_the_clean_years(
    activate_profile,
):
    """Proposed after two clean years, then a new incident: the first approval (of two) is
    refused with the new earliest date, nothing is recorded, and the approver can still send
    it back or reject it."""
    profile = activate_profile("natural-england")
    today = timezone.localdate()
    occurred = add_calendar_months(today, -25)
    case, manager, (second_manager, head) = _natural_england_disengaged(
        profile, incidents_days_ago=(today - occurred).days
    )
    lift = propose_and_submit(manager, case.customer, "lift", reasons="Two clean years.")
    incident(case.customer, manager, category=category(profile, "frequency"), days_ago=1)
    earliest = add_calendar_months(today - timedelta(days=1), 24)

    for approver in (second_manager, head):
        with pytest.raises(Refused) as info:
            approve(lift, approver)
        assert info.value.refusal.code == "clean_period"
        assert str(info.value).endswith(f"The earliest date is {earliest:%-d %B %Y}.")
        lift.refresh_from_db()
        assert lift.status == DecisionStatus.SUBMITTED
        assert lift.approvals.count() == 0

    decision_answer(
        decision=lift, actor=second_manager, outcome="reject", reason="A new incident yesterday."
    )
    lift.refresh_from_db()
    assert lift.status == DecisionStatus.REJECTED
    case.refresh_from_db()
    assert case.state == Stage.UNDER_REVIEW
