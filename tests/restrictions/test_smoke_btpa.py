import pytest

from restrictions.models import DecisionStatus, Stage
from restrictions.services import decision_answer
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import incident, issue_notice, propose_and_submit, sanction_of

pytestmark = pytest.mark.django_db


def test_btpa_warn_then_sanction(btpa_active, caseworker, line_manager, chief_executive):
    customer = CustomerFactory()
    first = incident(customer, caseworker, extreme=False)
    warn = propose_and_submit(
        line_manager, customer, "warn", incidents=[first], review_in_days=None
    )
    warn = decision_answer(
        decision=warn, actor=chief_executive, outcome="approve", confirmed_checklist=True
    )
    case = customer.restriction_cases.get()
    # Approved, but the warning takes effect only when its notice is issued (DESIGN.md §4).
    assert warn.status == DecisionStatus.APPROVED
    assert case.state == Stage.MONITORING
    issue_notice(warn, chief_executive)
    case.refresh_from_db()
    assert case.state == Stage.WARNED
    second = incident(customer, caseworker, extreme=False, days_ago=1)
    profile = btpa_active
    sanction = propose_and_submit(
        line_manager,
        customer,
        "sanction",
        incidents=[second],
        sanctions=[sanction_of(profile, "one_method", channel="letter")],
    )
    sanction = decision_answer(
        decision=sanction, actor=chief_executive, outcome="approve", confirmed_checklist=True
    )
    assert case.sanctions.get().status == "proposed"
    issue_notice(sanction, chief_executive)
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED
    assert case.review_due is not None
    assert case.sanctions.get().status == "active"
