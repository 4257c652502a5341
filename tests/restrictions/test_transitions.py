"""The restriction lifecycle as a table (DESIGN.md §4): every legal move, every illegal one,
the guards, and the decision's own life (submit, approve, send back, reject).

Cases are driven to their starting stage through approved decisions (`drive_to`), never by
writing the state. Tamworth's profile is used unless a row needs another: one approval by a
head of service, a building exclusion in its catalogue, an extreme category.
"""

import itertools
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from contactpolicy.choices import DecisionKind
from contactpolicy.refusals import Refused
from contactpolicy.roles import Role
from contactpolicy.workcalendar import add_calendar_months
from restrictions.completeness import Proposal
from restrictions.models import (
    EXCEPTIONAL_CIRCUMSTANCES,
    Approval,
    Decision,
    DecisionStatus,
    RestrictionCase,
    Sanction,
    SanctionStatus,
    Stage,
)
from restrictions.models.lifecycle import (
    Applying,
    RefusalCode,
    clean_period_served,
    has_review_date,
    kind_refusal,
    reengagement_earliest,
    reviewing_sanctions_if_under_review,
    warned_first_unless_excused,
)
from restrictions.services import (
    decision_answer,
    decision_propose,
    decision_submit,
    review_start,
)
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import (
    STAGES,
    approve,
    drive_to,
    full_answers,
    incident,
    person,
    propose_and_submit,
    sanction_of,
)

pytestmark = pytest.mark.django_db

# (decision kind, the stage it starts from, the stage it leads to)
LEGAL = [
    ("warn", "monitoring", Stage.WARNED),
    ("warn", "lifted", Stage.WARNED),
    ("sanction", "monitoring", Stage.SANCTIONED),  # extreme behaviour cited
    ("sanction", "warned", Stage.SANCTIONED),
    ("sanction", "lifted", Stage.SANCTIONED),
    ("vary", "sanctioned", Stage.SANCTIONED),
    ("vary", "under_review_of_sanctions", Stage.SANCTIONED),
    ("vary", "under_review_of_disengagement", Stage.SANCTIONED),
    ("extend_exclusion", "sanctioned", Stage.SANCTIONED),
    ("extend_exclusion", "under_review_of_sanctions", Stage.SANCTIONED),
    ("disengage", "monitoring", Stage.DISENGAGED),  # extreme behaviour cited
    ("disengage", "warned", Stage.DISENGAGED),  # extreme behaviour cited
    ("disengage", "sanctioned", Stage.DISENGAGED),
    ("disengage", "under_review_of_sanctions", Stage.DISENGAGED),
    ("disengage", "under_review_of_disengagement", Stage.DISENGAGED),
    ("continue", "under_review_of_sanctions", Stage.SANCTIONED),
    ("continue", "under_review_of_disengagement", Stage.DISENGAGED),
    ("lift", "warned", Stage.LIFTED),
    ("lift", "sanctioned", Stage.LIFTED),
    ("lift", "disengaged", Stage.LIFTED),
    ("lift", "under_review_of_sanctions", Stage.LIFTED),
    ("lift", "under_review_of_disengagement", Stage.LIFTED),
]
# Allowed by the stage, refused by a guard (tested below with the guard's sentence).
GUARDED = {("extend_exclusion", "under_review_of_disengagement")}
ILLEGAL = sorted(
    set(itertools.product(DecisionKind.values, STAGES))
    - {(kind, source) for kind, source, _ in LEGAL}
    - GUARDED
)
# Skipping the warning, or the sanctions, needs extreme behaviour cited.
NEEDS_EXTREME = {("sanction", "monitoring"), ("disengage", "monitoring"), ("disengage", "warned")}


def stage_of(source: str) -> Stage:
    return Stage.UNDER_REVIEW if source.startswith("under_review") else Stage(source)


@pytest.fixture
def tamworth(activate_profile):
    profile = activate_profile("tamworth")
    return SimpleNamespace(
        profile=profile,
        caseworker=person(Role.CASEWORKER),
        proposer=person(Role.LINE_MANAGER),
        approver=person(Role.HEAD_OF_SERVICE),
    )


def arrange(people, source):
    customer = CustomerFactory()
    case = drive_to(
        customer,
        source,
        proposer=people.proposer,
        approvers=[people.approver],
        recorder=people.caseworker,
    )
    return customer, case


def decision_for(people, customer, kind, *, extreme=False, **kwargs):
    """Propose and submit a complete `kind` decision with what that kind needs."""
    profile = people.profile
    sanctions = {
        "sanction": [sanction_of(profile, "one_method", channel="email")],
        "vary": [sanction_of(profile, "one_method", channel="email")],
        "extend_exclusion": [
            sanction_of(profile, "building_exclusion", buildings="Marmion House", permanent=True)
        ],
    }.get(kind, [])
    cites = kind in {"warn", "sanction", "disengage", "extend_exclusion"} or extreme
    evidence = [incident(customer, people.caseworker, extreme=extreme, days_ago=1)] if cites else []
    return propose_and_submit(
        people.proposer,
        customer,
        kind,
        incidents=evidence,
        sanctions=sanctions,
        review_in_days=None if kind in {"warn", "lift"} else 120,
        **kwargs,
    )


# -- Every legal move ----------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "source", "target"), LEGAL, ids=[f"{k}-{s}" for k, s, _ in LEGAL])
def test_legal_move(tamworth, kind, source, target):
    customer, case = arrange(tamworth, source)
    assert case.state == stage_of(source)
    decision = decision_for(tamworth, customer, kind, extreme=(kind, source) in NEEDS_EXTREME)

    approve(decision, tamworth.approver)

    case.refresh_from_db()
    decision.refresh_from_db()
    assert case.state == target
    assert decision.status == DecisionStatus.APPROVED
    assert decision.applied_at is not None
    assert case.history.latest().state == target
    assert case.state_before_review == ""
    if target in (Stage.SANCTIONED, Stage.DISENGAGED):
        # "Sanctions should not continue indefinitely": the new stage has the decision's date.
        assert case.review_due == decision.review_due
    else:
        assert case.review_due is None
    if decision.sanctions.exists():
        assert set(decision.sanctions.values_list("status", flat=True)) == {"active"}


# -- Every illegal move ----------------------------------------------------------------------


ILLEGAL_FROM = {
    source: [kind for kind, from_source in ILLEGAL if from_source == source] for source in STAGES
}


@pytest.mark.parametrize("source", STAGES)
def test_illegal_moves_are_refused_when_proposed(tamworth, subtests, source):
    """Each (kind, stage) pair of ILLEGAL, from one case driven to the stage: a refused
    proposal leaves nothing behind, so the next pair starts from the same case."""
    customer, case = arrange(tamworth, source)
    stage = stage_of(source)
    for kind in ILLEGAL_FROM[source]:
        with subtests.test(kind=kind, source=source):
            decisions_before = Decision.objects.count()

            with pytest.raises(ValidationError) as info:
                decision_for(tamworth, customer, kind)

            assert info.value.messages == [
                f"A decision to {DecisionKind(kind).label.lower()} cannot be made while the "
                f"case stage is “{stage.label}”."
            ]
            assert Decision.objects.count() == decisions_before  # nothing half-saved
            case.refresh_from_db()
            assert case.state == stage


def test_the_tables_cover_every_kind_from_every_stage():
    assert len(LEGAL) + len(ILLEGAL) + len(GUARDED) == len(DecisionKind) * len(STAGES) == 49
    assert sum(len(kinds) for kinds in ILLEGAL_FROM.values()) == len(ILLEGAL) == 26


def test_illegal_move_is_refused_when_the_case_moved_on_before_approval(tamworth):
    """Two warnings proposed side by side: the first approved moves the case, the second is
    refused at approval with the same sentence, and nothing of it is kept."""
    customer, case = arrange(tamworth, "monitoring")
    first = decision_for(tamworth, customer, "warn")
    second = decision_for(tamworth, customer, "warn")
    approve(first, tamworth.approver)

    with pytest.raises(Refused) as info:
        approve(second, tamworth.approver)

    assert str(info.value) == "A decision to warn cannot be made while the case stage is “Warned”."
    second.refresh_from_db()
    assert second.status == DecisionStatus.SUBMITTED
    assert not second.approvals.exists()
    case.refresh_from_db()
    assert case.state == Stage.WARNED
    assert list(case.history.values_list("state", flat=True)).count(Stage.WARNED) == 1


def test_a_sent_back_decision_cannot_be_resubmitted_once_the_case_moved_on(tamworth):
    customer, _ = arrange(tamworth, "monitoring")
    first = decision_for(tamworth, customer, "warn")
    second = decision_for(tamworth, customer, "warn")
    decision_answer(
        decision=second, actor=tamworth.approver, outcome="send_back", reason="Cite more."
    )
    approve(first, tamworth.approver)

    with pytest.raises(ValidationError) as info:
        decision_submit(decision=second, actor=tamworth.proposer)

    assert info.value.messages == [
        "A decision to warn cannot be made while the case stage is “Warned”."
    ]


def test_review_starts_only_from_a_restriction(tamworth):
    _, case = arrange(tamworth, "warned")
    with pytest.raises(Refused) as info:
        review_start(case=case, actor=tamworth.proposer)
    assert str(info.value) == "There is nothing to review while the case is “Warned”."

    _, case = arrange(tamworth, "under_review_of_sanctions")
    again = review_start(case=case, actor=tamworth.proposer)
    assert (again.state, again.state_before_review) == (Stage.UNDER_REVIEW, Stage.SANCTIONED)
    assert again.review_due is not None  # the restriction stays in force while reviewed


# -- The state is never written directly -----------------------------------------------------


def test_the_state_field_cannot_be_assigned(tamworth):
    _, case = arrange(tamworth, "warned")
    with pytest.raises(AttributeError, match="Direct state modification is not allowed"):
        case.state = Stage.LIFTED
    decision = case.decisions.get()
    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        decision.status = DecisionStatus.DRAFT
    case.refresh_from_db()
    assert case.state == Stage.WARNED


def test_a_transition_method_alone_refuses_without_an_approved_decision(tamworth):
    _, case = arrange(tamworth, "monitoring")
    with pytest.raises(TransitionNotAllowed):
        case.warn()
    assert case.state == Stage.MONITORING


# -- Guards -----------------------------------------------------------------------------------


NO_WARNING = {
    "warning_not_possible_reason": [
        "No warning has been given: cite an incident of extreme behaviour, or say why a "
        "warning was not possible for the approver to confirm"
    ]
}


def test_sanction_without_a_warning_is_refused_when_proposed(tamworth):
    """It could never take effect, so it is refused at once, beside the field that would
    excuse it, and nothing of it is kept."""
    customer, case = arrange(tamworth, "monitoring")
    decisions_before = Decision.objects.count()

    with pytest.raises(ValidationError) as info:
        decision_for(tamworth, customer, "sanction")

    assert info.value.message_dict == NO_WARNING
    assert Decision.objects.count() == decisions_before
    case.refresh_from_db()
    assert case.state == Stage.MONITORING


def test_sanction_without_a_warning_is_refused_at_approval_when_the_approver_clears_the_reason(
    tamworth,
):
    customer, case = arrange(tamworth, "monitoring")
    decision = decision_for(
        tamworth, customer, "sanction", warning_not_possible_reason="No address to write to."
    )

    with pytest.raises(Refused) as info:
        approve(decision, tamworth.approver, warning_not_possible_reason="")

    assert str(info.value) == (
        "A warning must come first, unless the evidence cited includes extreme behaviour or "
        "the approver recorded why a warning was not possible."
    )
    case.refresh_from_db()
    assert case.state == Stage.MONITORING
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SUBMITTED
    assert set(decision.sanctions.values_list("status", flat=True)) == {SanctionStatus.PROPOSED}


@pytest.mark.parametrize(
    "excuse",
    [
        {"extreme": True},
        {"warning_not_possible_reason": "The customer gave no address and will not give one."},
    ],
    ids=["extreme behaviour cited", "why a warning was not possible"],
)
def test_sanction_without_a_warning_is_allowed_when_excused(tamworth, excuse):
    customer, case = arrange(tamworth, "monitoring")
    decision = decision_for(tamworth, customer, "sanction", **excuse)
    approve(decision, tamworth.approver)
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED
    assert case.warned_at is None


def test_extreme_behaviour_excuses_no_warning_only_where_the_profile_says_so(tamworth):
    tamworth.profile.extreme_skips_warning = False
    tamworth.profile.save(update_fields=["extreme_skips_warning"])
    customer, _case = arrange(tamworth, "monitoring")
    with pytest.raises(ValidationError) as info:
        decision_for(tamworth, customer, "sanction", extreme=True)
    assert info.value.message_dict == NO_WARNING


def test_disengagement_without_sanctions_is_refused(tamworth):
    customer, case = arrange(tamworth, "warned")

    with pytest.raises(ValidationError) as info:
        decision_for(tamworth, customer, "disengage")

    assert info.value.message_dict == {
        "incidents": [
            "No sanctions have been in place: disengaging first needs an incident of extreme "
            "behaviour cited"
        ]
    }
    assert not case.decisions.filter(kind="disengage").exists()
    case.refresh_from_db()
    assert case.state == Stage.WARNED


def test_disengagement_after_sanctions_imposed_on_the_extreme_path(tamworth):
    """Sanctioned at once for threats (no warning); later disengagement for persistence is not
    refused for want of a warning: that question was settled when the sanctions began."""
    customer, case = arrange(tamworth, "monitoring")
    approve(decision_for(tamworth, customer, "sanction", extreme=True), tamworth.approver)
    approve(decision_for(tamworth, customer, "disengage"), tamworth.approver)
    case.refresh_from_db()
    assert case.state == Stage.DISENGAGED
    assert case.warned_at is None


def test_extension_refused_when_the_review_is_of_a_disengagement(tamworth):
    customer, case = arrange(tamworth, "under_review_of_disengagement")
    with pytest.raises(ValidationError) as info:
        decision_for(tamworth, customer, "extend_exclusion")
    assert info.value.message_dict == {"kind": [reviewing_sanctions_if_under_review.sentence]}
    case.refresh_from_db()
    assert case.state == Stage.UNDER_REVIEW


@pytest.fixture
def natural_england(activate_profile):
    profile = activate_profile("natural-england")
    head = person(Role.HEAD_OF_SERVICE)
    return SimpleNamespace(
        profile=profile,
        caseworker=person(Role.CASEWORKER),
        # Annex B: the proposer corresponds with the customer; their line manager, the head
        # of service, signs sanctions off.
        proposer=person(Role.LINE_MANAGER, line_manager=head),
        approvers=[head, person(Role.CHIEF_EXECUTIVE)],
    )


def test_natural_england_stepping_down_from_disengagement_is_re_engagement(natural_england):
    """Varying a disengagement under review back to sanctions re-engages: two clean years."""
    ne = natural_england
    customer = CustomerFactory()
    case = drive_to(
        customer,
        "under_review_of_disengagement",
        proposer=ne.proposer,
        approvers=ne.approvers,
        recorder=ne.caseworker,
    )
    with pytest.raises(ValidationError) as info:
        propose_and_submit(
            ne.proposer,
            customer,
            "vary",
            sanctions=[sanction_of(ne.profile, "one_method", channel="letter")],
        )
    earliest = reengagement_earliest(case, ne.profile)
    assert earliest is not None
    assert info.value.message_dict == {
        "kind": [f"{clean_period_served.sentence} The earliest date is {earliest:%-d %B %Y}."]
    }
    case.refresh_from_db()
    assert case.state == Stage.UNDER_REVIEW


def test_natural_england_disengagement_is_reviewed_within_twelve_months(natural_england):
    ne = natural_england
    customer = CustomerFactory()
    drive_to(customer, "sanctioned", proposer=ne.proposer, approvers=ne.approvers)
    evidence = [incident(customer, ne.caseworker, days_ago=1)]
    with pytest.raises(ValidationError) as info:
        propose_and_submit(
            ne.proposer, customer, "disengage", incidents=evidence, review_in_days=400
        )
    latest = add_calendar_months(timezone.localdate(), 12)
    assert info.value.messages == [
        "The Natural England policy reviews this at least every 12 months: set a review date "
        f"no later than {latest:%-d %B %Y}"
    ]


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (None, False),
        (SimpleNamespace(review_due=None), False),
        (SimpleNamespace(review_due=timezone.localdate() + timedelta(days=1)), True),
    ],
    ids=["no decision", "decision without a review date", "decision with a review date"],
)
def test_every_restricting_stage_has_a_review_date(decision, expected):
    applying = Applying(decision) if decision else None
    assert has_review_date(SimpleNamespace(), applying) is expected
    assert (
        has_review_date.sentence
        == "A restriction must have a review date: set when it will be reviewed."
    )


def test_warning_guard_settles_once_restricting():
    decision = SimpleNamespace(cites_extreme_behaviour=False, warning_not_possible_approved="")
    for state, expected in [
        (Stage.MONITORING, False),
        (Stage.WARNED, False),
        (Stage.LIFTED, False),
        (Stage.SANCTIONED, True),
        (Stage.UNDER_REVIEW, True),
    ]:
        case = SimpleNamespace(warned_at=None, state=state)
        assert warned_first_unless_excused(case, Applying(decision)) is expected, state


# -- Submitting: the fair-decision checklist (DESIGN.md §6) ------------------------------------


def test_submit_refused_until_the_decision_is_complete(tamworth):
    profile = tamworth.profile
    customer = CustomerFactory()
    checklist, exceptional = full_answers(profile)
    first_item = profile.checklist_items.all()[0]
    checklist[first_item.code] = {"satisfied": False, "notes": ""}
    del checklist[profile.checklist_items.all()[1].code]
    exceptional["health"] = {"applies": True, "notes": "  "}
    del exceptional["learning"]
    decision = decision_propose(
        actor=tamworth.proposer,
        customer=customer,
        proposal=Proposal(
            kind="sanction",
            reasons="  ",
            checklist=checklist,
            exceptional_circumstances=exceptional,
            warning_not_possible_reason="The customer gives no address to write to.",
        ),
    )

    with pytest.raises(ValidationError) as info:
        decision_submit(decision=decision, actor=tamworth.proposer)

    second_item = profile.checklist_items.all()[1]
    labels = dict(EXCEPTIONAL_CIRCUMSTANCES)
    assert info.value.messages == [
        "Enter the reasons for the decision",
        "Cite at least one incident as evidence",
        "Explain why you are not satisfied of checklist item 1",
        f"Answer checklist item 2: “{second_item.text}”",
        f"Add notes on: {labels['health'].lower()}",
        f"Say whether this may apply: {labels['learning'].lower()}",
        "Assess the impact of continuing to engage on the business and other customers",
        "Assess the impact of restricted access on the customer",
        "Set the date the restriction will be reviewed",
        "Choose at least one sanction",
        "Explain why each sanction is proportionate to the behaviour",
    ]
    assert labels["health"] == "A health condition which makes effective communication difficult"
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT
    assert decision.round == 0


def test_a_review_date_today_is_refused(tamworth):
    customer = CustomerFactory()
    drive_to(customer, "warned", proposer=tamworth.proposer, approvers=[tamworth.approver])
    checklist, exceptional = full_answers(tamworth.profile)
    decision = decision_propose(
        actor=tamworth.proposer,
        customer=customer,
        proposal=Proposal(
            kind="sanction",
            reasons="Persistent calls",
            incidents=[incident(customer, tamworth.caseworker)],
            checklist=checklist,
            exceptional_circumstances=exceptional,
            impact_on_business="A day a week",
            impact_on_customer="Can still write",
            proportionality="Only the telephone",
            review_due=timezone.localdate(),
            sanctions=[sanction_of(tamworth.profile, "one_method", channel="letter")],
        ),
    )
    with pytest.raises(ValidationError) as info:
        decision_submit(decision=decision, actor=tamworth.proposer)
    assert info.value.messages == ["The review date must be in the future"]


def test_approval_needs_the_checklist_confirmed(tamworth):
    customer, _case = arrange(tamworth, "monitoring")
    decision = decision_for(tamworth, customer, "warn")
    with pytest.raises(ValidationError) as info:
        decision_answer(decision=decision, actor=tamworth.approver, outcome="approve")
    assert info.value.messages == [
        "Confirm you are satisfied of the checklist, the exceptional circumstances and the "
        "impact before approving"
    ]
    with pytest.raises(ValidationError, match="Choose approve, send back or reject"):
        decision_answer(
            decision=decision, actor=tamworth.approver, outcome="yes", confirmed_checklist=True
        )
    assert not decision.approvals.exists()


# -- Rejected and sent back --------------------------------------------------------------------


def test_rejected_decision_stays_on_the_record_and_changes_nothing(tamworth):
    customer, case = arrange(tamworth, "warned")
    decision = decision_for(tamworth, customer, "sanction")

    with pytest.raises(ValidationError, match="Write the reason for sending it back or rejecting"):
        decision_answer(decision=decision, actor=tamworth.approver, outcome="reject")
    decision_answer(
        decision=decision,
        actor=tamworth.approver,
        outcome="reject",
        reason="Not proportionate: one incident in two years.",
    )

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.REJECTED
    assert decision.decided_at is not None
    assert decision.applied_at is None
    assert set(decision.sanctions.values_list("status", flat=True)) == {SanctionStatus.WITHDRAWN}
    assert decision.sanctions.get().history.count() == 2  # proposed, then withdrawn
    case.refresh_from_db()
    assert case.state == Stage.WARNED
    with pytest.raises(ValidationError) as info:
        approve(decision, person(Role.CHIEF_EXECUTIVE))
    assert info.value.messages == ["This decision has already been answered: it is rejected."]
    with pytest.raises(Refused, match="This decision is already rejected"):
        decision_submit(decision=decision, actor=tamworth.proposer)


def test_sent_back_decision_resubmitted_starts_a_new_round(natural_england):
    ne = natural_england
    manager, head = person(Role.LINE_MANAGER), ne.approvers[0]
    customer = CustomerFactory()
    case = drive_to(customer, "warned", proposer=ne.proposer, approvers=ne.approvers)
    decision = propose_and_submit(
        ne.proposer,
        customer,
        "sanction",
        incidents=[incident(customer, ne.caseworker)],
        sanctions=[sanction_of(ne.profile, "one_method", channel="letter")],
    )
    assert decision.round == 1
    approve(decision, manager)
    decision_answer(
        decision=decision,
        actor=head,
        outcome="send_back",
        reason="Say why the telephone cannot be kept for one morning a week.",
    )
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SENT_BACK
    assert set(decision.sanctions.values_list("status", flat=True)) == {SanctionStatus.PROPOSED}
    with pytest.raises(ValidationError, match="already been answered: it is sent back"):
        approve(decision, person(Role.CHIEF_EXECUTIVE))

    decision = decision_submit(decision=decision, actor=ne.proposer)
    assert (decision.status, decision.round) == (DecisionStatus.SUBMITTED, 2)
    # Round one's approval does not count: the same line manager answers again, and a second
    # person of another grade is still needed.
    approve(decision, manager)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SUBMITTED
    approve(decision, head)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED
    rounds = list(
        Approval.objects.filter(decision=decision)
        .order_by("round", "at", "pk")
        .values_list("round", "approver__username", "outcome")
    )
    assert rounds == [
        (1, manager.username, "approve"),
        (1, head.username, "send_back"),
        (2, manager.username, "approve"),
        (2, head.username, "approve"),
    ]


# -- A sanction's own lifecycle ------------------------------------------------------------

# (transition, the status it starts from, the status it leads to)
SANCTION_LEGAL = [
    ("activate", SanctionStatus.PROPOSED, SanctionStatus.ACTIVE),
    ("withdraw", SanctionStatus.PROPOSED, SanctionStatus.WITHDRAWN),
    ("end", SanctionStatus.ACTIVE, SanctionStatus.ENDED),
    ("lift", SanctionStatus.ACTIVE, SanctionStatus.LIFTED),
]
SANCTION_ILLEGAL = sorted(
    set(itertools.product([name for name, _, _ in SANCTION_LEGAL], SanctionStatus.values))
    - {(name, source) for name, source, _ in SANCTION_LEGAL}
)
ON = timezone.localdate()
SANCTION_ARGUMENTS = {"activate": {"on": ON}, "withdraw": {}, "end": {"on": ON}, "lift": {"on": ON}}


def proposed_sanction(people) -> Sanction:
    customer = CustomerFactory()
    decision = decision_for(people, customer, "sanction", extreme=True)
    return decision.sanctions.get()


def sanction_in(people, status: str) -> Sanction:
    """A saved sanction with `status`, reached through its transitions."""
    sanction = proposed_sanction(people)
    path = {
        SanctionStatus.PROPOSED: [],
        SanctionStatus.ACTIVE: ["activate"],
        SanctionStatus.WITHDRAWN: ["withdraw"],
        SanctionStatus.ENDED: ["activate", "end"],
        SanctionStatus.LIFTED: ["activate", "lift"],
    }[status]
    for name in path:
        getattr(sanction, name)(**SANCTION_ARGUMENTS[name])
        sanction.save()
    return Sanction.objects.get(pk=sanction.pk)


@pytest.mark.parametrize(("name", "source", "target"), SANCTION_LEGAL)
def test_sanction_legal_move(tamworth, name, source, target):
    sanction = sanction_in(tamworth, source)
    getattr(sanction, name)(**SANCTION_ARGUMENTS[name])
    sanction.save()
    sanction.refresh_from_db()
    assert sanction.status == target
    if target in (SanctionStatus.ENDED, SanctionStatus.LIFTED):
        assert sanction.ends_on == ON


@pytest.mark.parametrize(("name", "source"), SANCTION_ILLEGAL)
def test_sanction_illegal_move(tamworth, name, source):
    sanction = sanction_in(tamworth, source)
    with pytest.raises(TransitionNotAllowed):
        getattr(sanction, name)(**SANCTION_ARGUMENTS[name])


def test_a_sanctions_status_cannot_be_assigned(tamworth):
    sanction = proposed_sanction(tamworth)
    with pytest.raises(AttributeError):
        sanction.status = SanctionStatus.ACTIVE


# -- Transitions through the public API ----------------------------------------------------


def test_every_decision_transition_has_a_label():
    decision = Decision(status=DecisionStatus.SUBMITTED)
    labels = {t.name: t.custom.get("label") for t in decision.get_all_status_transitions()}
    assert labels == {
        "submit": "Submit for approval",
        "approve": "Approve",
        "send_back": "Send back",
        "reject": "Reject",
    }


@pytest.mark.parametrize("kind", DecisionKind.values)
def test_each_kind_maps_to_one_transition(kind):
    case = RestrictionCase(state=Stage.UNDER_REVIEW, state_before_review=Stage.DISENGAGED)
    method = case.transition_for(kind)
    expected = {
        DecisionKind.CONTINUE: "continue_disengagement",
    }.get(kind, kind)
    assert method.__name__ == expected
    case.state_before_review = Stage.SANCTIONED
    if kind == DecisionKind.CONTINUE:
        assert case.transition_for(kind).__name__ == "continue_sanctions"


def test_every_guard_carries_a_sentence_and_a_code():
    case = RestrictionCase()
    for transition_ in case.get_all_state_transitions():
        for guard in transition_.conditions:
            assert guard.sentence.strip(), (transition_.name, guard)
            assert guard.code in RefusalCode.values, (transition_.name, guard)


def test_a_refusal_from_the_stage_has_its_own_code():
    refusal = kind_refusal(RestrictionCase(state=Stage.MONITORING), DecisionKind.LIFT, None)
    assert refusal.code == RefusalCode.WRONG_STAGE
    assert refusal.sentence == (
        "A decision to lift cannot be made while the case stage is “Monitoring”."
    )
    refusal = kind_refusal(RestrictionCase(state=Stage.MONITORING), DecisionKind.WARN, None)
    assert refusal.code == RefusalCode.NOT_APPROVED
