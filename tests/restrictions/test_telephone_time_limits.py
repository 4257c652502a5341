"""Telephone time limits (issue 9, item 7; DESIGN.md §5).

OPCC and IPCC §6: "place time limits on telephone conversations"; BTPA §8 (telephone, 2):
calls on specific days and times, with a time limit "e.g. 15 minutes". A limit stands
alone, without days or times, and a call logged longer than the limit is a breach of it.
"""

from datetime import time

import pytest

from contactpolicy.models import SanctionType
from restrictions import sanctions as kinds
from restrictions.completeness import ProposedSanction, sanction_errors
from restrictions.enforcement import assess_sanction, describe
from restrictions.models import CheckOutcome, Sanction
from tests.cases.factories import london

TUESDAY_1030 = london(2026, 11, 17, 10, 30)


def telephone_type():
    return SanctionType(
        pk=7, profile_id=1, kind=kinds.telephone_schedule.KIND, code="t", name="Time limits"
    )


def a_call(sanction, minutes):
    return assess_sanction(
        sanction,
        channel="telephone",
        moment=TUESDAY_1030,
        officer=None,
        case=None,
        sender="",
        different_topic=False,
        duration_minutes=minutes,
    )


def test_opcc_time_limit_stands_alone_without_days_or_times():
    proposed = ProposedSanction(sanction_type=telephone_type(), max_minutes=10)
    assert sanction_errors(proposed, profile_id=1) == {}


def test_a_telephone_restriction_needs_a_limit_or_days_and_times():
    errors = sanction_errors(ProposedSanction(sanction_type=telephone_type()), profile_id=1)
    assert set(errors) == {"s7_weekdays", "s7_window_start", "s7_window_end"}


def test_days_given_with_a_limit_still_need_their_window():
    proposed = ProposedSanction(sanction_type=telephone_type(), max_minutes=10, weekdays=[1])
    assert set(sanction_errors(proposed, profile_id=1)) == {"s7_window_start", "s7_window_end"}


def test_a_call_longer_than_the_limit_is_a_breach_of_it():
    limit = Sanction(
        kind=kinds.telephone_schedule.KIND, sanction_type=telephone_type(), max_minutes=10
    )
    assert describe(limit) == "Telephone calls of at most 10 minutes"
    within = a_call(limit, 10)
    assert within.outcome == CheckOutcome.PERMITTED
    assert "End the call after 10 minutes" in within.instruction
    longer = a_call(limit, 25)
    assert longer.outcome == CheckOutcome.BREACH
    assert "lasted 25 minutes, longer than the 10-minute limit" in longer.instruction
    # Not yet known (the call is being taken): the limit is the instruction.
    assert a_call(limit, None).outcome == CheckOutcome.PERMITTED


def test_btpa_schedule_with_a_limit_checks_both():
    schedule = Sanction(
        kind=kinds.telephone_schedule.KIND,
        sanction_type=telephone_type(),
        weekdays=[1],
        window_start=time(10),
        window_end=time(12),
        max_minutes=15,
    )
    assert a_call(schedule, 14).outcome == CheckOutcome.PERMITTED
    assert a_call(schedule, 16).outcome == CheckOutcome.BREACH


@pytest.mark.django_db
def test_a_call_logged_longer_than_the_opcc_limit_is_recorded_as_a_breach(
    client, activate_profile, caseworker, line_manager, chief_executive
):
    """Through Log a contact: the logged length is assessed and the breach kept."""
    from cases.models import Contact
    from tests.restrictions.factories import sanction_of
    from tests.restrictions.restricted import customer_named, just_now, sanction

    profile = activate_profile("opcc")
    customer = customer_named("Gordon Pike", caseworker)
    sanction(
        customer,
        sanction_of(profile, "telephone_schedule", max_minutes=10),
        proposer=line_manager,
        approvers=[chief_executive],
        recorder=caseworker,
    )
    client.force_login(caseworker)
    response = client.post(
        "/contacts/new/",
        {
            "customer": customer.reference,
            "who": "existing",
            "channel": "telephone",
            "kind": "general",
            "direction": "in",
            "summary": "Called again about the same complaint",
            "language": "en",
            "duration_minutes": "40",
            "instruction_followed": "on",
            **just_now(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    check = Contact.objects.get().restriction_check
    assert check.outcome == CheckOutcome.BREACH
    assert "lasted 40 minutes, longer than the 10-minute limit" in check.instruction
