"""Natural England: who reviews sanctions (step 4) and who may seek the Legal Team's advice
("Site owners")."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from contactpolicy.roles import Role
from restrictions.models import ReferralKind, ReviewState, Stage
from restrictions.referral_services import referral_record
from restrictions.review_services import review_begin
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


def _sanctioned(profile):
    """A customer under sanctions applied by a line manager in Hana Okafor's team."""
    director = person(Role.HEAD_OF_SERVICE, first_name="Hana", last_name="Okafor")
    applier = person(Role.LINE_MANAGER, first_name="Ada", last_name="Lowe", line_manager=director)
    customer = CustomerFactory()
    evidence = incident(
        customer, person(Role.CASEWORKER), category=category(profile, "abusive"), extreme=True
    )
    decision = propose_and_submit(
        applier,
        customer,
        "sanction",
        incidents=[evidence],
        sanctions=[sanction_of(profile, "one_method", channel="email")],
    )
    approve(decision, person(Role.LINE_MANAGER))
    approve(decision, director)
    case = customer.restriction_cases.get()
    assert case.state == Stage.SANCTIONED
    assert case.applied_by == applier
    return case, applier, director


def test_natural_england_step_4_the_applying_team_and_their_line_manager_review_sanctions(
    activate_profile,
):
    """Natural England step 4: "It is the responsibility of the team involved in applying
    sanctions and their line manager to review any sanctions applied." The applier's line
    manager and teammates may hold the review; a manager of another team may not."""
    profile = activate_profile("natural-england")
    assert profile.sanction_review_by_team
    case, applier, director = _sanctioned(profile)
    teammate = person(Role.LINE_MANAGER, line_manager=director)
    outsider = person(Role.LINE_MANAGER, line_manager=person(Role.HEAD_OF_SERVICE))

    with pytest.raises(PermissionDenied) as refused:
        review_start(case=case, actor=outsider)
    assert str(refused.value) == (
        "Under the Natural England policy the team that applied these sanctions and their "
        "line manager review them: Ada Lowe, their line manager Hana Okafor and their team."
    )

    case = review_start(case=case, actor=director)
    assert case.state == Stage.UNDER_REVIEW
    review = case.reviews.get(state=ReviewState.IN_PROGRESS)
    assert review.reviewing == Stage.SANCTIONED
    with pytest.raises(PermissionDenied):
        review_begin(review=review, actor=outsider)
    # The team holds it too, not only the person who applied the sanctions (step 7's rule).
    from restrictions.access import may_hold_review

    assert may_hold_review(teammate, review, profile)
    assert may_hold_review(director, review, profile)
    assert may_hold_review(applier, review, profile)
    assert not may_hold_review(outsider, review, profile)


def test_without_the_step_4_rule_any_manager_reviews_sanctions(activate_profile):
    """Another profile's policy names no team: any manager reviews sanctions."""
    profile = activate_profile("natural-england")
    case, _applier, _director = _sanctioned(profile)
    profile.sanction_review_by_team = False
    profile.save(update_fields=["sanction_review_by_team"])
    outsider = person(Role.LINE_MANAGER)
    assert review_start(case=case, actor=outsider).state == Stage.UNDER_REVIEW


def test_the_case_page_tells_a_manager_of_another_team_who_reviews_the_sanctions(
    activate_profile, client
):
    """Step 4 on the restriction case's page: the applying team's line manager is offered
    "Start a review"; a manager of another team is told who reviews instead of finding no
    button."""
    profile = activate_profile("natural-england")
    case, _applier, director = _sanctioned(profile)
    outsider = person(Role.LINE_MANAGER, line_manager=person(Role.HEAD_OF_SERVICE))

    client.force_login(outsider)
    body = client.get(case.get_absolute_url()).content.decode()
    assert "Start a review" not in body
    assert (
        '<p class="govuk-body-s" id="review-refusal">Under the Natural England policy the team '
        "that applied these sanctions and their line manager review them: Ada Lowe, their "
        "line manager Hana Okafor and their team.</p>"
    ) in body

    client.force_login(director)
    body = client.get(case.get_absolute_url()).content.decode()
    assert "Start a review" in body
    assert "review-refusal" not in body

    # The review's page says step 4's rule, not step 7's (a disengagement's applier).
    case = review_start(case=case, actor=director)
    review = case.reviews.get(state=ReviewState.IN_PROGRESS)
    body = client.get(review.get_absolute_url()).content.decode()
    assert (
        '<span class="govuk-body-s" id="who-reviews">Under the Natural England policy the team '
        "that applied these sanctions and their line manager review them: Ada Lowe, their "
        "line manager Hana Okafor and their team.</span>"
    ) in body
    assert "the person who applied" not in body


@pytest.mark.parametrize(
    ("slug", "another_team_may_review"),
    [
        ("btpa", True),
        ("opcc", True),
        ("ipcc", True),
        ("tamworth", True),
        ("natural-england", False),
    ],
)
def test_only_natural_englands_policy_keeps_a_sanctions_review_in_the_applying_team(
    activate_profile, slug, another_team_may_review
):
    """Natural England step 4 names "the team involved in applying sanctions and their line
    manager"; the other four policies name no team, so a manager of another team reviews
    sanctions there, and the applying team still may."""
    from restrictions.access import may_hold_review
    from restrictions.models import Review

    profile = activate_profile(slug)
    assert profile.sanction_review_by_team is not another_team_may_review
    director = person(Role.HEAD_OF_SERVICE)
    applier = person(Role.LINE_MANAGER, line_manager=director)
    teammate = person(Role.LINE_MANAGER, line_manager=director)
    elsewhere = person(Role.LINE_MANAGER, line_manager=person(Role.HEAD_OF_SERVICE))
    review = Review(reviewer=applier, reviewing=Stage.SANCTIONED)
    for member in (applier, teammate, director):
        assert may_hold_review(member, review, profile)
    assert bool(may_hold_review(elsewhere, review, profile)) is another_team_may_review


def _advice(actor, customer, kind=ReferralKind.LEGAL_ADVICE):
    return referral_record(
        actor=actor,
        customer=customer,
        kind=kind,
        recipient="Legal Team",
        made_on=timezone.localdate(),
        incidents=[incident(customer, actor)],
        notes="Whether we may stop replying about the site agreement.",
    )


def test_natural_england_site_owners_a_colleague_seeks_the_legal_teams_advice(activate_profile):
    """Natural England, "Site owners": "the colleague in contact with the customer may
    consider speaking to the Legal Team for advice". A caseworker records it; a referral
    to the legal team is still a Director's ("Extreme behaviour")."""
    profile = activate_profile("natural-england")
    assert profile.legal_advice_by_colleague
    colleague = person(Role.CASEWORKER)
    customer = CustomerFactory()

    referral = _advice(colleague, customer)
    assert referral.kind == ReferralKind.LEGAL_ADVICE
    assert referral.made_by == colleague

    with pytest.raises(PermissionDenied):
        _advice(colleague, customer, kind=ReferralKind.LEGAL)


@pytest.mark.parametrize("slug", ["btpa", "opcc", "ipcc", "tamworth"])
def test_advice_sought_by_a_colleague_is_not_offered_where_the_policy_has_none(
    activate_profile, slug
):
    """The other four policies have no such notion: the kind is refused, and a caseworker
    records no referral at all."""
    assert not activate_profile(slug).legal_advice_by_colleague
    customer = CustomerFactory()
    with pytest.raises(PermissionDenied) as refused:
        _advice(person(Role.CASEWORKER), customer)
    assert "record a referral to the legal team" in str(refused.value)
    with pytest.raises(PermissionDenied):
        _advice(person(Role.HEAD_OF_SERVICE), customer)


def test_the_referral_form_offers_a_colleague_only_the_advice_they_may_record(
    activate_profile, client
):
    activate_profile("natural-england")
    colleague = person(Role.CASEWORKER)
    customer = CustomerFactory()
    incident(customer, colleague)
    client.force_login(colleague)
    url = reverse("restrictions:referral_create", args=[customer.reference])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Advice sought from the legal team" in body
    assert "Report to the police" not in body
    # The one kind they may record is chosen for them, and the question of reporting without
    # warning, which only a Director's report to the police or the legal team raises, is not
    # asked.
    assert re.search(
        rf'<input type="radio" name="kind" value="{ReferralKind.LEGAL_ADVICE}"[^>]* checked>', body
    )
    assert "Warning the customer" not in body
    assert 'name="without_warning"' not in body

    refused = client.post(url, {"kind": ReferralKind.POLICE, "recipient": "Police"})
    assert refused.status_code == 200
    assert "Choose one of the kinds of referral you may record" in refused.content.decode()

    activate_profile("btpa")
    assert client.get(url).status_code == 403
