"""A decision's reasons record health and distress (DESIGN.md §3, §6) and its page is for
managers (DESIGN.md §1): on the customer's timeline caseworkers see the decision kind, its
status, when it took effect and the stage now, with no reasons and no link that would
answer 403; managers keep everything (issue 9, item 9)."""

import pytest

from restrictions import access
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import approve, incident, propose_and_submit

pytestmark = pytest.mark.django_db

REASONS = "Distressed after a bereavement and a diagnosis of anxiety; shouted at counter staff."


@pytest.fixture
def warned(btpa_active, caseworker, line_manager, chief_executive):
    customer = CustomerFactory()
    decision = propose_and_submit(
        line_manager,
        customer,
        "warn",
        incidents=[incident(customer, caseworker, days_ago=5)],
        review_in_days=None,
        reasons=REASONS,
    )
    decision = approve(decision, chief_executive)
    return customer, decision


def test_caseworkers_see_what_a_decision_did_but_not_its_reasons(client, caseworker, warned):
    customer, decision = warned
    assert not access.may_see_decisions(caseworker)
    client.force_login(caseworker)
    page = client.get(customer.get_absolute_url()).content.decode()
    assert "Decision: Warn" in page
    assert decision.reference in page
    assert "in effect from" in page
    assert "Restriction stage now: Warned" in page
    assert "bereavement" not in page
    assert decision.get_absolute_url() not in page


def test_managers_see_a_decisions_reasons_and_its_page(client, line_manager, warned):
    customer, decision = warned
    assert access.may_see_decisions(line_manager)
    client.force_login(line_manager)
    page = client.get(customer.get_absolute_url()).content.decode()
    assert "bereavement" in page
    assert f'href="{decision.get_absolute_url()}"' in page
    assert client.get(decision.get_absolute_url()).status_code == 200
