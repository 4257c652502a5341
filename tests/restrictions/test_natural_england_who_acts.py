"""Natural England: who signs off, who reports to the police or the legal team, and who
reviews a disengagement (policy 004: Annex B "sign off level", "Extreme behaviour", step 7)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from contactpolicy.roles import Role
from restrictions.models import ReferralKind, Stage
from restrictions.referral_services import referral_record
from restrictions.services import review_start
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import (
    approve,
    category,
    incident,
    person,
    propose_and_submit,
    sanction_of,
)

pytestmark = pytest.mark.django_db


def _sanction(profile, proposer, customer, **kwargs):
    colleague = person(Role.CASEWORKER)
    evidence = incident(customer, colleague, category=category(profile, "abusive"), extreme=True)
    return propose_and_submit(
        proposer,
        customer,
        "sanction",
        incidents=[evidence],
        sanctions=[sanction_of(profile, "one_method", channel="email")],
        **kwargs,
    )


# -- Annex B: "line manager of the staff member corresponding with the customer" ----------


def test_natural_england_annex_b_sanctions_are_signed_off_by_the_correspondents_line_manager(
    activate_profile,
):
    profile = activate_profile("natural-england")
    their_head = person(Role.HEAD_OF_SERVICE, first_name="Hana", last_name="Okafor")
    proposer = person(Role.LINE_MANAGER, line_manager=their_head)
    customer = CustomerFactory()
    decision = _sanction(profile, proposer, customer)
    approve(decision, person(Role.LINE_MANAGER))

    with pytest.raises(PermissionDenied) as refused:
        approve(decision, person(Role.HEAD_OF_SERVICE))
    assert str(refused.value) == (
        f"Under the Natural England policy the line manager of {proposer}, Hana Okafor, "
        "signs this off."
    )

    approve(decision, their_head)
    assert customer.restriction_cases.get().state == Stage.SANCTIONED


def test_natural_england_annex_b_the_correspondent_may_differ_from_the_proposer(
    activate_profile,
):
    profile = activate_profile("natural-england")
    proposers_head = person(Role.HEAD_OF_SERVICE)
    correspondents_head = person(Role.HEAD_OF_SERVICE)
    officer = person(Role.CASEWORKER, line_manager=correspondents_head)
    customer = CustomerFactory()
    decision = _sanction(
        profile,
        person(Role.LINE_MANAGER, line_manager=proposers_head),
        customer,
        correspondent=officer,
    )
    approve(decision, person(Role.LINE_MANAGER))

    with pytest.raises(PermissionDenied):
        approve(decision, proposers_head)
    approve(decision, correspondents_head)
    assert customer.restriction_cases.get().state == Stage.SANCTIONED


def test_natural_england_annex_b_asks_for_the_line_manager_to_be_recorded_first(
    activate_profile,
):
    profile = activate_profile("natural-england")
    proposer = person(Role.LINE_MANAGER, first_name="Sam", last_name="Reid")
    decision = _sanction(profile, proposer, CustomerFactory())

    with pytest.raises(PermissionDenied) as refused:
        approve(decision, person(Role.HEAD_OF_SERVICE))
    assert "Record who Sam Reid's line manager is first." in str(refused.value)


# -- "Extreme behaviour": "a Director will consider" reporting to the Legal Team or Police --


@pytest.mark.parametrize("kind", [ReferralKind.POLICE, ReferralKind.LEGAL])
def test_natural_england_a_director_considers_police_and_legal_referrals(activate_profile, kind):
    profile = activate_profile("natural-england")
    assert profile.police_referral_role == Role.HEAD_OF_SERVICE
    customer = CustomerFactory()
    threat = incident(customer, person(Role.CASEWORKER), extreme=True)

    def refer(actor):
        return referral_record(
            actor=actor,
            customer=customer,
            kind=kind,
            recipient="Thames Valley Police",
            made_on=timezone.localdate(),
            incidents=[threat],
        )

    with pytest.raises(PermissionDenied) as refused:
        refer(person(Role.LINE_MANAGER))
    assert str(refused.value) == (
        "Under the Natural England policy a head of service or someone more senior reports "
        "a customer to the police or the legal team."
    )
    assert refer(person(Role.HEAD_OF_SERVICE, job_title="Director")).kind == kind


def test_natural_england_a_line_manager_still_records_other_referrals(activate_profile):
    activate_profile("natural-england")
    customer = CustomerFactory()
    referral = referral_record(
        actor=person(Role.LINE_MANAGER),
        customer=customer,
        kind=ReferralKind.INFORMATION_SHARING,
        recipient="The county council",
        made_on=timezone.localdate(),
        what_was_shared="The incident log",
        basis="The information sharing protocol",
    )
    assert referral.pk


def test_a_profile_that_names_nobody_lets_any_manager_report_to_the_police(btpa_active):
    customer = CustomerFactory()
    threat = incident(customer, person(Role.CASEWORKER), extreme=True)
    referral = referral_record(
        actor=person(Role.LINE_MANAGER),
        customer=customer,
        kind=ReferralKind.POLICE,
        recipient="BTP",
        made_on=timezone.localdate(),
        incidents=[threat],
    )
    assert referral.pk


# -- Step 7: disengagement "review is the responsibility of the person applying the sanction"


def _disengaged(profile):
    head, director = person(Role.HEAD_OF_SERVICE), person(Role.CHIEF_EXECUTIVE)
    applier = person(Role.LINE_MANAGER, line_manager=head, first_name="Ada", last_name="Lowe")
    customer = CustomerFactory()
    colleague = person(Role.CASEWORKER)
    evidence = [
        incident(customer, colleague, category=category(profile, code))
        for code in ("frequency", "repetition", "duration")
    ]
    approve(propose_and_submit(applier, customer, "warn", incidents=evidence[:1]), head)
    sanction = propose_and_submit(
        applier,
        customer,
        "sanction",
        incidents=evidence[1:2],
        sanctions=[sanction_of(profile, "named_officer", officer=applier)],
    )
    approve(sanction, person(Role.LINE_MANAGER))
    approve(sanction, head)
    disengage = propose_and_submit(
        applier, customer, "disengage", incidents=evidence[2:], review_in_days=365
    )
    approve(disengage, head)
    approve(disengage, director)
    case = customer.restriction_cases.get()
    assert case.state == Stage.DISENGAGED
    return case, applier, head


def test_natural_england_step_7_the_person_applying_the_disengagement_reviews_it(
    activate_profile,
):
    profile = activate_profile("natural-england")
    case, applier, head = _disengaged(profile)
    assert case.applied_by == applier

    with pytest.raises(PermissionDenied) as refused:
        review_start(case=case, actor=head)
    assert str(refused.value) == (
        "Under the Natural England policy the person who applied this disengagement, "
        "Ada Lowe, reviews it."
    )
    case.refresh_from_db()
    assert case.state == Stage.DISENGAGED

    case = review_start(case=case, actor=applier)
    assert case.state == Stage.UNDER_REVIEW


def test_without_the_step_7_rule_any_manager_reviews_a_disengagement(activate_profile):
    profile = activate_profile("natural-england")
    case, _applier, head = _disengaged(profile)
    profile.review_by_applier = False
    profile.save(update_fields=["review_by_applier"])

    assert review_start(case=case, actor=head).state == Stage.UNDER_REVIEW
