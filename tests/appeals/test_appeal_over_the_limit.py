"""An appeal over the profile's limit is recorded as refused only once staff have been told
so on the form, and why, and have confirmed it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appeals.models import Appeal, AppealState
from contactpolicy.roles import Role
from tests.appeals.factories import record, restricted
from tests.restrictions.factories import person

pytestmark = pytest.mark.django_db


def _sanctioned_and_appealed_once():
    their_head = person(Role.HEAD_OF_SERVICE)
    decision = restricted(
        "one_method",
        approvers=[their_head, person(Role.CHIEF_EXECUTIVE)],
        proposer=person(Role.LINE_MANAGER, line_manager=their_head),
    )
    return decision, record(decision)


def _form(decision, **extra):
    today = timezone.localdate()
    return {
        "decision": decision.reference,
        "received_on_0": today.day,
        "received_on_1": today.month,
        "received_on_2": today.year,
        "received_via": "post",
        "grounds": "I disagree again.",
        **extra,
    }


def test_natural_england_a_second_appeal_is_shown_as_refused_before_it_is_recorded(
    client, activate_profile
):
    """Natural England, "Appeals": "They can do this only once at stages 2 and 5 of the
    Unacceptable Customer Behaviour Policy." The form says a second appeal at the sanctions
    stage will be recorded as refused, and why; nothing is recorded until staff confirm."""
    activate_profile("natural-england")
    decision, first = _sanctioned_and_appealed_once()
    url = reverse("appeals:record", args=[decision.restriction_case.reference])
    client.force_login(person(Role.CASEWORKER))

    page = client.get(url).content.decode()
    assert f"An appeal against {decision.reference} will be recorded as refused" in page
    assert f"and they already have ({first.reference} received" in page
    assert "I understand it will be recorded as refused" in page

    unconfirmed = client.post(url, _form(decision))
    assert unconfirmed.status_code == 200
    text = unconfirmed.content.decode()
    assert "govuk-error-summary" in text
    assert "Confirm that this appeal will be recorded as refused" in text
    assert Appeal.objects.count() == 1

    confirmed = client.post(url, _form(decision, refusal_confirmed="on"))
    assert confirmed.status_code == 302
    second = Appeal.objects.exclude(pk=first.pk).get()
    assert second.state == AppealState.REFUSED
    assert confirmed.url == second.get_absolute_url()


def test_the_warning_is_absent_where_the_profile_sets_no_limit(client, activate_profile):
    """Tamworth §10 sets no limit: no warning, no confirmation asked."""
    activate_profile("tamworth")
    decision = restricted()
    record(decision)
    client.force_login(person(Role.CASEWORKER))
    url = reverse("appeals:record", args=[decision.restriction_case.reference])
    page = client.get(url).content.decode()
    assert "will be recorded as refused" not in page
    assert "refusal_confirmed" not in page


def test_the_record_page_asks_a_fixed_number_of_queries_however_many_appeals(
    client, activate_profile
):
    activate_profile("natural-england")
    decision, _ = _sanctioned_and_appealed_once()
    client.force_login(person(Role.CASEWORKER))
    url = reverse("appeals:record", args=[decision.restriction_case.reference])
    client.get(url)
    with CaptureQueriesContext(connection) as once:
        client.get(url)
    record(decision, refusal_confirmed=True)
    record(decision, refusal_confirmed=True)
    with CaptureQueriesContext(connection) as thrice:
        client.get(url)
    assert len(thrice) == len(once)
