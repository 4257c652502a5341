"""Seeking a court injunction to support a building exclusion is a decision of its own, by
the post the profile names, with its audit record (issue 20, item 5)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import timezone

from contactpolicy.roles import Role
from contactpolicy.selectors import profile_get_active
from restrictions import access
from restrictions.injunction_services import injunction_decide
from restrictions.models import AuditEvent, AuditEventType, InjunctionDecision
from tests.database import migrate_only, migrate_to_the_latest
from tests.factories import UserFactory
from tests.queries import count_queries
from tests.restrictions.factories import sanction_of
from tests.restrictions.restricted import customer_named, sanction

HCS = "Head of Customer Services"


@pytest.fixture
def exclusion(activate_profile, caseworker, line_manager, head_of_service):
    profile = activate_profile("tamworth")
    customer = customer_named("Rex Hollins", caseworker)
    case = sanction(
        customer,
        sanction_of(profile, "building_exclusion", buildings="Marmion House", permanent=True),
        proposer=line_manager,
        approvers=[head_of_service],
        recorder=caseworker,
    )
    return case.sanctions.get(kind="building_exclusion")


@pytest.mark.django_db
def test_tamworth_the_head_of_customer_services_decides_on_an_injunction(exclusion, client):
    """Tamworth §8: "The Council may seek a court injunction to support the original (and,
    where relevant, the extended) exclusion, the delegated authority for this decision lies
    with the Head of Customer Services.\""""
    case = exclusion.restriction_case
    hcs = UserFactory(roles=[Role.HEAD_OF_SERVICE], job_title=HCS)
    housing = UserFactory(roles=[Role.HEAD_OF_SERVICE], job_title="Head of Housing")
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        injunction_decide(
            actor=housing, sanction=exclusion, seek=True, reason="Ignored", decided_on=today
        )
    with pytest.raises(ValidationError) as refused:
        injunction_decide(
            actor=hcs, sanction=exclusion, seek=False, reason="", decided_on=today, court="X"
        )
    assert set(refused.value.message_dict) == {"reason", "court"}

    form = reverse("restrictions:injunction_decision", kwargs={"pk": exclusion.pk})
    client.force_login(housing)
    assert client.get(form).status_code == 403
    assert (
        "Record an injunction decision" not in client.get(case.get_absolute_url()).content.decode()
    )

    client.force_login(hcs)
    assert "Record an injunction decision" in client.get(case.get_absolute_url()).content.decode()
    decided_on = today - timedelta(days=1)
    response = client.post(
        form,
        {
            "seek": "yes",
            "reason": "The exclusion was ignored twice in March.",
            "decided_on_0": str(decided_on.day),
            "decided_on_1": str(decided_on.month),
            "decided_on_2": str(decided_on.year),
            "court": "Birmingham County Court",
            "applied_on_0": str(today.day),
            "applied_on_1": str(today.month),
            "applied_on_2": str(today.year),
            "court_outcome": "",
        },
    )
    assert response.status_code == 302
    decision = InjunctionDecision.objects.get()
    assert (decision.seek, decision.decided_by, decision.court) == (
        True,
        hcs,
        "Birmingham County Court",
    )
    event = AuditEvent.objects.get(event_type=AuditEventType.INJUNCTION_DECIDED)
    assert (event.actor, event.sanction) == (hcs, exclusion)
    assert "to seek a court injunction" in event.reason

    page = client.get(case.get_absolute_url()).content.decode()
    assert "Seek a court injunction" in page
    assert "The exclusion was ignored twice in March." in page
    # The section reads the exclusions and their decisions in a fixed number of queries.
    injunction_decide(actor=hcs, sanction=exclusion, seek=True, reason="Granted", decided_on=today)
    before = count_queries(client, case.get_absolute_url())
    injunction_decide(actor=hcs, sanction=exclusion, seek=True, reason="Again", decided_on=today)
    assert count_queries(client, case.get_absolute_url()) == before


@pytest.mark.django_db
def test_a_policy_without_injunctions_offers_the_decision_to_no_one(activate_profile):
    """Tamworth §8's injunction is Tamworth's: the other profiles name no one to decide."""
    for slug in ("btpa", "opcc", "ipcc", "natural-england"):
        profile = activate_profile(slug)
        assert profile.injunction_role is None
        head = UserFactory(roles=[Role.HEAD_OF_SERVICE], job_title=HCS)
        assert not access.may_decide_injunction(head, profile_get_active())


@pytest.fixture
def back_to_the_latest():
    yield
    migrate_to_the_latest(connection)


BEFORE = [("restrictions", "0020_audit_events_on_any_record")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest")
def test_injunctions_recorded_on_exclusions_become_decisions_without_loss(exclusion):
    """The court, date and outcome once typed on an exclusion are kept as a decision to seek
    an injunction, and put back if the migration is reversed."""
    applied = timezone.localdate() - timedelta(days=10)
    migrate_only(connection, BEFORE)
    old = (
        MigrationLoader(connection).project_state(BEFORE).apps.get_model("restrictions", "Sanction")
    )
    old.objects.filter(pk=exclusion.pk).update(
        injunction_court="Birmingham County Court",
        injunction_applied_on=applied,
        injunction_outcome="Granted until 1 March 2028",
    )
    migrate_to_the_latest(connection)

    decision = InjunctionDecision.objects.get(sanction_id=exclusion.pk)
    assert decision.seek
    assert (decision.court, decision.applied_on, decision.court_outcome) == (
        "Birmingham County Court",
        applied,
        "Granted until 1 March 2028",
    )
    assert decision.decided_by is None

    migrate_only(connection, BEFORE)
    old = (
        MigrationLoader(connection).project_state(BEFORE).apps.get_model("restrictions", "Sanction")
    )
    back = old.objects.get(pk=exclusion.pk)
    assert (back.injunction_court, back.injunction_applied_on, back.injunction_outcome) == (
        "Birmingham County Court",
        applied,
        "Granted until 1 March 2028",
    )
