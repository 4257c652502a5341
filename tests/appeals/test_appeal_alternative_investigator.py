"""Who investigates an appeal when the Head of Customer Services took part in the decision
appealed against: under Tamworth they approve every corporate decision (§9), so without
another post named, an appeal against one could never be investigated."""

import pytest
from django.urls import reverse

from appeals import access, services
from contactpolicy import posts
from contactpolicy.posts import appeal_deadlock
from contactpolicy.roles import Role
from tests.appeals.factories import profile_set, record, restricted
from tests.restrictions.factories import _active_profile_row, person

pytestmark = pytest.mark.django_db

HCS = "Head of Customer Services"
DIRECTOR = "Director of Transformation and Corporate Performance"


def _acknowledged(appeal):
    return services.appeal_acknowledge(actor=person(Role.LINE_MANAGER), appeal=appeal)


def test_tamworth_the_alternative_investigates_an_appeal_against_a_corporate_decision(
    activate_profile, client
):
    """Tamworth §10: "The Head of Customer Services will investigate and present the
    findings to a member of CMT the case within 6 weeks of the request." §9: "if a corporate
    approach is required, the Head of Customer Services" decides.

    The Head of Customer Services approved the corporate decision, so may not investigate
    the appeal against it; the profile's alternative investigator is offered, assigns and
    investigates instead.
    """
    activate_profile("tamworth")
    profile = _active_profile_row()
    assert posts.alternative_investigator_post(profile).label == DIRECTOR
    hcs = person(Role.HEAD_OF_SERVICE, job_title=HCS)
    director = person(Role.HEAD_OF_SERVICE, job_title=DIRECTOR, first_name="Anica")
    decision = restricted(approvers=[hcs], corporate=True)
    assert decision.corporate
    appeal = _acknowledged(record(decision))

    refused = access.may_investigate(hcs, profile, appeal)
    assert not refused
    assert f"took part in {decision.reference}" in refused.reason
    assert access.may_investigate(director, profile, appeal)
    assert access.may_assign(director, profile, appeal)
    assert not access.may_investigate(
        person(Role.HEAD_OF_SERVICE, job_title="Head of Housing"), profile, appeal
    )
    assert access.who_investigates(profile, appeal).endswith(
        f"If every such person took part, the {DIRECTOR} investigates it."
    )

    client.force_login(director)
    page = client.get(appeal.get_absolute_url())
    assert page.status_code == 200
    assert list(page.context["assign_form"].people.values()) == [director]
    assigned = client.post(
        reverse("appeals:assign", args=[appeal.reference]), {"investigator": director.pk}
    )
    assert assigned.status_code == 302
    appeal.refresh_from_db()
    assert appeal.investigator == director


def test_tamworth_the_alternative_does_not_investigate_while_the_hcs_took_no_part(
    activate_profile, client
):
    """Tamworth §10: "The Head of Customer Services will investigate and present the
    findings to a member of CMT the case within 6 weeks of the request." A decision a Head
    of Service made for their own service is investigated by the Head of Customer Services,
    not the alternative."""
    activate_profile("tamworth")
    profile = _active_profile_row()
    hcs = person(Role.HEAD_OF_SERVICE, job_title=HCS)
    director = person(Role.HEAD_OF_SERVICE, job_title=DIRECTOR)
    decision = restricted(approvers=[person(Role.HEAD_OF_SERVICE, job_title="Head of Housing")])
    appeal = _acknowledged(record(decision))

    answer = access.may_investigate(director, profile, appeal)
    assert not answer
    assert answer.reason == (
        f"Under the Tamworth policy the {HCS} investigates this appeal; the {DIRECTOR} "
        f"investigates only when they took part in {decision.reference}."
    )
    assert not access.may_assign(director, profile, appeal)
    assert access.may_investigate(hcs, profile, appeal)

    client.force_login(hcs)
    page = client.get(appeal.get_absolute_url())
    assert list(page.context["assign_form"].people.values()) == [hcs]
    # The director's number posted anyway is refused on the form, not with a server error.
    refused = client.post(
        reverse("appeals:assign", args=[appeal.reference]), {"investigator": director.pk}
    )
    assert refused.status_code == 200
    assert "Choose the investigator" in refused.content.decode()


def test_rules_that_leave_an_appeal_with_nobody_to_investigate_it_are_named(activate_profile):
    """Tamworth §10: "The Head of Customer Services will investigate"; §9: the Head of
    Customer Services decides a corporate case. With no alternative investigator, an appeal
    against a corporate decision could never be investigated, and the reason says what to
    set."""
    activate_profile("tamworth")
    profile = profile_set(
        appeal_alternative_investigator_role=None, appeal_alternative_investigator_title=""
    )
    reason = appeal_deadlock(profile, profile.decision_rules.all())
    assert reason.startswith(
        f"Appeals could not be investigated: the {HCS} approves a corporate decision to "
    )
    assert f"and the {HCS} investigates appeals" in reason
    assert "Name who investigates an appeal when the first choice took part" in reason

    same = profile_set(appeal_alternative_investigator_role=Role.HEAD_OF_SERVICE)
    assert "could be the same person" in appeal_deadlock(same, same.decision_rules.all())
    other = profile_set(appeal_alternative_investigator_title=DIRECTOR)
    assert appeal_deadlock(other, other.decision_rules.all()) == ""


def test_ipcc_names_no_investigator_and_is_unaffected(activate_profile):
    """IPCC §7 names nobody who investigates: any line manager or above who took no part
    does, with no alternative, and nothing can deadlock."""
    activate_profile("ipcc")
    profile = _active_profile_row()
    assert posts.alternative_investigator_post(profile) is None
    assert appeal_deadlock(profile, profile.decision_rules.all()) == ""
    appeal = _acknowledged(
        record(restricted("one_method", approvers=[person(Role.CHIEF_EXECUTIVE)]))
    )
    assert [post.label for post in access.investigators(profile, appeal)] == [
        "line manager or above"
    ]
    assert access.may_investigate(person(Role.LINE_MANAGER), profile, appeal)
    assert access.may_assign(person(Role.LINE_MANAGER), profile, appeal)
