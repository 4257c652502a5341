"""Reviews as records (DESIGN.md §7): scheduled when a restriction begins, on the decision's
date capped by the profile's interval, held by the profile's reviewer, brought forward,
concluded by a decision through the approval path with its notice, and escalated or lapsed
when their date passes unheld. Dates are real calendar dates."""

from datetime import date, time, timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from contactpolicy.choices import OverdueReviewAction
from contactpolicy.models import PolicyProfile, ProfileRevision
from contactpolicy.roles import Role
from contactpolicy.workcalendar import add_calendar_months
from notices.models import NoticeKind
from restrictions.completeness import Proposal, review_scheduled_on
from restrictions.models import (
    AuditEvent,
    AuditEventType,
    ReviewState,
    SanctionStatus,
    Stage,
)
from restrictions.models.lifecycle import reengagement_earliest
from restrictions.review_selectors import review_evidence
from restrictions.review_services import (
    representation_record,
    review_begin,
    review_bring_forward,
    reviews_overdue_apply,
)
from restrictions.services import decision_propose, decision_submit
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import (
    approve,
    category,
    check_contact,
    full_answers,
    incident,
    person,
    propose_and_submit,
    sanction_of,
)

pytestmark = pytest.mark.django_db


# -- The review date: the decision's, capped by the profile's interval ---------------------

# (profile, what is reviewed, the decision's date, starts on, the review date)
SCHEDULES = [
    # IPCC §8: "reviewed as a minimum annually", sanctions and disengagement alike.
    ("ipcc", "sanctions", date(2027, 6, 30), date(2026, 3, 15), date(2027, 3, 15)),
    ("ipcc", "sanctions", date(2026, 9, 1), date(2026, 3, 15), date(2026, 9, 1)),
    ("ipcc", "disengagement", date(2029, 6, 1), date(2028, 2, 29), date(2029, 2, 28)),
    # Natural England step 7: disengagement "reviewed after 12 months"; sanctions set none.
    ("natural-england", "disengagement", date(2027, 12, 1), date(2026, 1, 31), date(2027, 1, 31)),
    ("natural-england", "sanctions", date(2028, 5, 1), date(2026, 1, 31), date(2028, 5, 1)),
    # The others set no interval: the decision's date stands.
    ("btpa", "sanctions", date(2028, 5, 1), date(2026, 1, 31), date(2028, 5, 1)),
    ("opcc", "disengagement", date(2028, 5, 1), date(2026, 1, 31), date(2028, 5, 1)),
    ("tamworth", "sanctions", date(2028, 5, 1), date(2026, 1, 31), date(2028, 5, 1)),
]


@pytest.mark.parametrize(("slug", "reviewing", "set_on", "starts_on", "expected"), SCHEDULES)
def test_review_date_is_the_decisions_capped_by_the_profiles_interval(
    activate_profile, slug, reviewing, set_on, starts_on, expected
):
    profile = activate_profile(slug)
    scheduled = review_scheduled_on(
        set_on, disengaged=reviewing == "disengagement", profile=profile, starts_on=starts_on
    )
    assert scheduled == expected


def test_ipcc_annual_review_with_no_date_set_falls_a_year_on(activate_profile):
    profile = activate_profile("ipcc")
    assert review_scheduled_on(
        None, disengaged=False, profile=profile, starts_on=date(2026, 12, 24)
    ) == date(2027, 12, 24)


# -- Natural England's two clean years -----------------------------------------------------


def _disengaged_case(last: date | None, *, under_review=True):
    return SimpleNamespace(
        state=Stage.UNDER_REVIEW if under_review else Stage.DISENGAGED,
        state_before_review=Stage.DISENGAGED if under_review else "",
        last_incident_on=lambda: last,
    )


@pytest.mark.parametrize(
    ("last", "earliest"),
    [
        (date(2025, 3, 14), date(2027, 3, 14)),
        # A last incident on 29 February: two years on is the last day of February.
        (date(2024, 2, 29), date(2026, 2, 28)),
        (date(2025, 12, 31), date(2027, 12, 31)),
    ],
)
def test_natural_england_earliest_reengagement_is_two_clean_years_on(
    activate_profile, last, earliest
):
    profile = activate_profile("natural-england")
    assert reengagement_earliest(_disengaged_case(last), profile) == earliest
    assert reengagement_earliest(_disengaged_case(last, under_review=False), profile) == earliest


def test_no_earliest_date_without_the_rule_or_an_incident(activate_profile):
    ne = activate_profile("natural-england")
    assert reengagement_earliest(_disengaged_case(None), ne) is None
    sanctioned = SimpleNamespace(
        state=Stage.SANCTIONED, state_before_review="", last_incident_on=lambda: date(2026, 1, 1)
    )
    assert reengagement_earliest(sanctioned, ne) is None
    ipcc = activate_profile("ipcc")
    assert reengagement_earliest(_disengaged_case(date(2026, 1, 1)), ipcc) is None


# -- An IPCC restriction through its annual review -----------------------------------------


@pytest.fixture
def ipcc_people(activate_profile):
    profile = activate_profile("ipcc")
    return SimpleNamespace(
        profile=profile,
        caseworker=person(Role.CASEWORKER),
        manager=person(Role.LINE_MANAGER),
        other_manager=person(Role.LINE_MANAGER),
        head=person(Role.HEAD_OF_SERVICE, job_title="Head of Casework"),
    )


def _ipcc_sanctioned(people, *, review_in_days=365):
    customer = CustomerFactory()
    first = incident(customer, people.caseworker, days_ago=40)
    approve(
        propose_and_submit(people.manager, customer, "warn", incidents=[first], review_in_days=0),
        people.head,
    )
    again = incident(customer, people.caseworker, days_ago=9)
    sanction = propose_and_submit(
        people.manager,
        customer,
        "sanction",
        incidents=[again],
        sanctions=[
            sanction_of(
                people.profile,
                "telephone_schedule",
                weekdays=[1],
                window_start=time(9),
                window_end=time(12),
                max_minutes=20,
            )
        ],
        review_in_days=review_in_days,
    )
    approve(sanction, people.head)
    return customer.restriction_cases.get(), sanction


def test_a_restriction_beginning_schedules_its_review_with_its_reviewer(ipcc_people):
    case, sanction = _ipcc_sanctioned(ipcc_people, review_in_days=200)
    [review] = case.reviews.all()
    assert review.state == ReviewState.SCHEDULED
    assert review.reviewing == Stage.SANCTIONED
    assert review.due_on == case.review_due == timezone.localdate() + timedelta(days=200)
    assert review.reviewer == ipcc_people.manager  # who applied it
    assert review.scheduled_by == sanction
    assert AuditEvent.objects.filter(
        review=review, event_type=AuditEventType.REVIEW_SCHEDULED
    ).exists()


def test_ipcc_annual_review_continues_with_a_new_date_and_its_notice(ipcc_people):
    people = ipcc_people
    case, _ = _ipcc_sanctioned(people)
    review = case.reviews.get()
    since_decision = incident(case.customer, people.caseworker, days_ago=0)
    check_contact(
        case.customer,
        people.caseworker,
        channel="telephone",
        received_at=timezone.now(),
        ended_by_staff=True,
        ended_reason="Outside the agreed time.",
        duration_minutes=2,
    )
    representation_record(
        review=review,
        actor=people.manager,
        received_on=timezone.localdate(),
        channel="letter",
        summary="I have kept to the Tuesday calls and ask for more time on the phone.",
    )
    review = review_begin(review=review, actor=people.manager)
    case.refresh_from_db()
    assert (review.state, case.state) == (ReviewState.IN_PROGRESS, Stage.UNDER_REVIEW)

    evidence = review_evidence(review, people.profile)
    # Only what happened since the sanctions took effect: not the incidents they cited.
    [(name, dates)] = [(row.name, row.dates) for row in evidence.incidents_by_category]
    assert (name, dates) == (
        since_decision.category.name,
        [timezone.localtime(since_decision.occurred_at).date()],
    )
    [arrangement] = evidence.arrangements
    assert arrangement.label.startswith("Telephone on Tuesday 09:00–12:00")
    assert len(arrangement.permitted) + len(arrangement.breaches) == 1
    assert len(evidence.calls_ended) == 1
    assert evidence.days_since_last_incident == 0
    assert [r.summary[:11] for r in evidence.representations] == ["I have kept"]
    assert evidence.reengage_from is None

    checklist, exceptional = full_answers(people.profile)
    new_date = add_calendar_months(timezone.localdate(), 12)
    keep = decision_propose(
        actor=people.manager,
        customer=case.customer,
        proposal=Proposal(
            kind="continue",
            reasons="Calls kept to the agreed time but for one; the arrangement still helps.",
            checklist=checklist,
            exceptional_circumstances=exceptional,
            impact_on_business="One call a week is manageable.",
            impact_on_customer="The customer can still call weekly and write at any time.",
            proportionality="Only the telephone is limited.",
            review_due=new_date,
        ),
        review=review,
    )
    keep = decision_submit(decision=keep, actor=people.manager)
    keep = approve(keep, people.head)  # issues the notice: the decision takes effect
    assert keep.notices.get().kind == NoticeKind.REVIEW_OUTCOME

    review.refresh_from_db()
    case.refresh_from_db()
    assert review.state == ReviewState.CONCLUDED
    assert case.state == Stage.SANCTIONED
    assert case.review_due == new_date
    [following] = case.reviews.filter(state=ReviewState.SCHEDULED)
    assert following.due_on == new_date
    assert following.scheduled_by == keep


def test_an_outcome_is_recorded_only_for_a_review_in_progress(ipcc_people):
    case, _ = _ipcc_sanctioned(ipcc_people)
    review = case.reviews.get()
    with pytest.raises(ValidationError) as info:
        propose_and_submit(
            ipcc_people.manager, case.customer, "lift", review=review, review_in_days=None
        )
    assert "Start the review before recording its outcome." in info.value.messages


def test_another_decision_taking_effect_supersedes_the_review(ipcc_people):
    people = ipcc_people
    case, _ = _ipcc_sanctioned(people)
    first = case.reviews.get()
    lift = propose_and_submit(
        people.manager, case.customer, "lift", reasons="Much improved.", review_in_days=None
    )
    approve(lift, people.head)
    first.refresh_from_db()
    case.refresh_from_db()
    assert first.state == ReviewState.SUPERSEDED
    assert case.state == Stage.LIFTED
    assert not case.reviews.filter(state=ReviewState.SCHEDULED).exists()


# -- Bringing a review forward ---------------------------------------------------------------


def test_bring_forward_at_the_customers_request_records_who_and_why(ipcc_people):
    case, _ = _ipcc_sanctioned(ipcc_people)
    review = case.reviews.get()
    sooner = timezone.localdate() + timedelta(days=7)
    review = review_bring_forward(
        review=review,
        actor=ipcc_people.other_manager,
        due_on=sooner,
        requested_by="customer",
        reason="Has kept to the agreed calls for six months and asked to be reviewed.",
    )
    case.refresh_from_db()
    assert (review.due_on, case.review_due) == (sooner, sooner)
    assert review.first_due_on == timezone.localdate() + timedelta(days=365)
    assert (review.requested_by, review.request_recorded_by) == (
        "customer",
        ipcc_people.other_manager,
    )
    assert review.state == ReviewState.SCHEDULED


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (-1, "The new review date must be today or later"),
        (365, "The new review date must be before the date set"),
    ],
)
def test_bring_forward_refuses_a_date_that_is_not_sooner(ipcc_people, days, message):
    case, _ = _ipcc_sanctioned(ipcc_people)
    with pytest.raises(ValidationError) as info:
        review_bring_forward(
            review=case.reviews.get(),
            actor=ipcc_people.manager,
            due_on=timezone.localdate() + timedelta(days=days),
            requested_by="manager",
            reason="Asked by the head of casework.",
        )
    assert info.value.message_dict["due_on"][0].startswith(message)


def test_customer_requests_are_refused_where_the_profile_does_not_review_on_request(ipcc_people):
    case, _ = _ipcc_sanctioned(ipcc_people)
    PolicyProfile.objects.filter(pk=ipcc_people.profile.pk).update(review_on_request=False)
    ProfileRevision.bump()  # an update() skips the signals that do this
    with pytest.raises(PermissionDenied):
        review_bring_forward(
            review=case.reviews.get(),
            actor=ipcc_people.manager,
            due_on=timezone.localdate() + timedelta(days=3),
            requested_by="customer",
            reason="Asked.",
        )


def test_caseworkers_cannot_hold_or_move_reviews(ipcc_people):
    case, _ = _ipcc_sanctioned(ipcc_people)
    review = case.reviews.get()
    with pytest.raises(PermissionDenied):
        review_begin(review=review, actor=ipcc_people.caseworker)
    with pytest.raises(PermissionDenied):
        representation_record(
            review=review,
            actor=ipcc_people.caseworker,
            received_on=timezone.localdate(),
            channel="letter",
            summary="Words",
        )


# -- A review past its date -------------------------------------------------------------------


def test_overdue_review_escalates_where_the_profile_says(ipcc_people):
    case, _ = _ipcc_sanctioned(ipcc_people, review_in_days=30)
    review = case.reviews.get()
    assert reviews_overdue_apply(today=review.due_on) == []  # due today: not yet overdue
    [changed] = reviews_overdue_apply(today=review.due_on + timedelta(days=1))
    assert changed.pk == review.pk
    review.refresh_from_db()
    case.refresh_from_db()
    assert review.state == ReviewState.ESCALATED
    assert case.state == Stage.SANCTIONED  # the restriction stays
    # Escalated once: the next day's sweep changes nothing more.
    assert reviews_overdue_apply(today=review.due_on + timedelta(days=2)) == []
    event = AuditEvent.objects.get(review=review, event_type=AuditEventType.REVIEW_ESCALATED)
    assert event.actor is None
    # An escalated review can still be held.
    assert review_begin(review=review, actor=ipcc_people.manager).state == ReviewState.IN_PROGRESS


def test_overdue_review_lapses_the_restriction_where_the_profile_says(ipcc_people):
    PolicyProfile.objects.filter(pk=ipcc_people.profile.pk).update(
        overdue_review_action=OverdueReviewAction.LAPSE
    )
    ProfileRevision.bump()  # an update() skips the signals that do this
    case, _ = _ipcc_sanctioned(ipcc_people, review_in_days=30)
    review = case.reviews.get()
    reviews_overdue_apply(today=review.due_on + timedelta(days=1))
    review.refresh_from_db()
    case.refresh_from_db()
    assert review.state == ReviewState.LAPSED
    assert case.state == Stage.LIFTED
    assert case.review_due is None
    assert not case.sanctions.filter(status=SanctionStatus.ACTIVE).exists()
    assert AuditEvent.objects.filter(
        review=review, event_type=AuditEventType.REVIEW_LAPSED, actor=None
    ).exists()


def test_a_review_in_progress_is_not_escalated_or_lapsed(ipcc_people):
    case, _ = _ipcc_sanctioned(ipcc_people, review_in_days=30)
    review = review_begin(review=case.reviews.get(), actor=ipcc_people.manager)
    assert reviews_overdue_apply(today=review.due_on + timedelta(days=10)) == []


# -- Natural England: the applier reviews; two clean years before re-engaging ----------------


def test_natural_england_review_at_12_months_shows_the_earliest_reengagement(activate_profile):
    profile = activate_profile("natural-england")
    colleague = person(Role.CASEWORKER)
    head, director = person(Role.HEAD_OF_SERVICE), person(Role.CHIEF_EXECUTIVE)
    manager = person(Role.LINE_MANAGER, line_manager=head)
    second_manager, other = person(Role.LINE_MANAGER), person(Role.LINE_MANAGER)
    customer = CustomerFactory()
    evidence = [
        incident(customer, colleague, category=category(profile, code), days_ago=days)
        for code, days in (("frequency", 40), ("repetition", 30), ("duration", 20))
    ]
    approve(
        propose_and_submit(manager, customer, "warn", incidents=evidence[:1], review_in_days=0),
        head,
    )
    sanction = propose_and_submit(
        manager,
        customer,
        "sanction",
        incidents=evidence[1:2],
        sanctions=[sanction_of(profile, "named_officer", officer=manager)],
    )
    approve(sanction, second_manager)
    approve(sanction, head)
    in_a_year = add_calendar_months(timezone.localdate(), 12)
    disengage = propose_and_submit(
        manager,
        customer,
        "disengage",
        incidents=evidence[2:],
        review_in_days=(in_a_year - timezone.localdate()).days,
    )
    approve(disengage, head)
    approve(disengage, director)
    case = customer.restriction_cases.get()
    review = case.reviews.get(state=ReviewState.SCHEDULED)
    # Step 7: reviewed after 12 months, by the person who applied the disengagement.
    assert review.due_on == in_a_year
    assert review.reviewer == manager
    with pytest.raises(PermissionDenied) as info:
        review_begin(review=review, actor=other)
    assert "the person who applied this restriction" in str(info.value)
    review = review_begin(review=review, actor=manager)
    evidence_now = review_evidence(review, profile)
    last = timezone.localdate() - timedelta(days=20)
    assert evidence_now.last_incident_on == last
    assert evidence_now.reengage_from == add_calendar_months(last, 24)
    assert evidence_now.reengagement_refused


def test_a_breach_of_an_exclusion_starts_the_review_and_the_extension_concludes_it(
    activate_profile,
):
    profile = activate_profile("tamworth")
    caseworker = person(Role.CASEWORKER)
    manager = person(Role.LINE_MANAGER)
    head = person(Role.HEAD_OF_SERVICE, job_title="Head of Customer Services")
    customer = CustomerFactory()
    first = incident(customer, caseworker, category=category(profile, "unreasonable"), days_ago=30)
    approve(
        propose_and_submit(manager, customer, "warn", incidents=[first], review_in_days=0), head
    )
    visit = incident(customer, caseworker, category=category(profile, "unreasonable"), days_ago=14)
    exclusion = sanction_of(
        profile,
        "building_exclusion",
        buildings="Marmion House",
        ends_on=timezone.localdate() + timedelta(days=90),
    )
    approve(
        propose_and_submit(manager, customer, "sanction", incidents=[visit], sanctions=[exclusion]),
        head,
    )
    case = customer.restriction_cases.get()
    check_contact(customer, caseworker, channel="visit")
    [review] = case.reviews.all()
    assert review.state == ReviewState.IN_PROGRESS  # the breach opened it (Tamworth §8)
    assert review.started_by == caseworker

    ignored = incident(customer, caseworker, category=category(profile, "unreasonable"), days_ago=0)
    longer = sanction_of(
        profile,
        "building_exclusion",
        buildings="Marmion House",
        ends_on=timezone.localdate() + timedelta(days=365),
    )
    extend = propose_and_submit(
        manager,
        customer,
        "extend_exclusion",
        incidents=[ignored],
        sanctions=[longer],
        review_in_days=365,
    )
    approve(extend, head)
    review.refresh_from_db()
    assert review.state == ReviewState.CONCLUDED
    [following] = case.reviews.filter(state=ReviewState.SCHEDULED)
    assert following.due_on == timezone.localdate() + timedelta(days=365)


# -- Who may hold and move reviews, per profile ---------------------------------------------


@pytest.mark.parametrize(
    ("slug", "other_manager_may_hold"),
    [
        ("btpa", True),
        ("opcc", True),
        ("ipcc", True),
        ("tamworth", True),
        # Step 7: "the responsibility of the person applying the sanction" (a disengagement;
        # sanctions are the applying team's, step 4).
        ("natural-england", False),
    ],
)
def test_who_holds_a_review_follows_the_profile(activate_profile, slug, other_manager_may_hold):
    from restrictions import access
    from restrictions.models import Review

    profile = activate_profile(slug)
    applier, other = person(Role.LINE_MANAGER), person(Role.LINE_MANAGER)
    review = Review(reviewer=applier, reviewing=Stage.DISENGAGED)
    assert access.may_hold_review(applier, review, profile)
    assert bool(access.may_hold_review(other, review, profile)) is other_manager_may_hold
    assert not access.may_hold_review(person(Role.CASEWORKER), review, profile)
    # A review nobody was named for (a restriction older than the records) is any manager's.
    assert access.may_hold_review(other, Review(reviewer=None), profile)
    # Bringing forward: any manager records their own or the customer's request.
    assert access.may_bring_forward(other, profile, "customer")
    assert not access.may_bring_forward(person(Role.CASEWORKER), profile, "manager")
