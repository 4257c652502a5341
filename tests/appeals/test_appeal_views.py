"""The appeal screens per profile: the policy's own word, and no appeal screen where the
policy gives none."""

import pytest
from django.urls import reverse

from contactpolicy.roles import Role
from tests.appeals.factories import record, restricted
from tests.restrictions.factories import person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["btpa", "opcc"])
def test_no_appeal_route_shows_how_to_complain_instead(client, activate_profile, slug):
    profile = activate_profile(slug)
    decision = restricted("one_method", approvers=[person(Role.CHIEF_EXECUTIVE)])
    client.force_login(person(Role.CASEWORKER))
    case_page = client.get(decision.restriction_case.get_absolute_url()).content.decode()
    assert "gives no appeal against a decision" in case_page
    assert reverse("appeals:record", args=[decision.restriction_case.reference]) not in case_page
    page = client.get(reverse("appeals:record", args=[decision.restriction_case.reference]))
    text = page.content.decode()
    assert "has no appeal" in text
    assert profile.complaint_route.split(".")[0] in text.replace("&#x27;", "'")
    assert "<form" not in text.split("<main")[1]


def test_ipcc_calls_it_a_dispute(client, activate_profile):
    activate_profile("ipcc")
    decision = restricted("one_method", approvers=[person(Role.HEAD_OF_SERVICE)])
    client.force_login(person(Role.CASEWORKER))
    page = client.get(reverse("appeals:record", args=[decision.restriction_case.reference]))
    assert "Record a dispute" in page.content.decode()
    appeal = record(decision)
    assert appeal.term == "dispute"
    detail = client.get(appeal.get_absolute_url()).content.decode()
    assert "’s dispute against" in detail


def test_the_appeal_page_runs_a_fixed_number_of_queries(client, activate_profile):
    from tests.queries import count_queries

    activate_profile("tamworth")
    decision = restricted()
    appeal = record(decision)
    client.force_login(person(Role.CHIEF_EXECUTIVE))
    first = count_queries(client, appeal.get_absolute_url())
    for _ in range(3):
        record(decision)
    assert count_queries(client, appeal.get_absolute_url()) == first


def test_the_case_page_lists_its_appeals_in_one_query_however_many(client, activate_profile):
    from tests.queries import count_queries

    activate_profile("tamworth")
    decision = restricted()
    first = record(decision)
    client.force_login(person(Role.CASEWORKER))
    url = decision.restriction_case.get_absolute_url()
    small = count_queries(client, url)
    more = [record(decision) for _ in range(3)]
    page = client.get(url).content.decode()
    assert all(a.reference in page for a in [first, *more])
    assert count_queries(client, url) == small
