import pytest

from restrictions.models import Stage
from restrictions.services import decision_answer
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import incident, propose_and_submit, sanction_of

pytestmark = pytest.mark.django_db


def test_btpa_warn_then_sanction(btpa_active, caseworker, line_manager, chief_executive):
    customer = CustomerFactory()
    first = incident(customer, caseworker, extreme=False)
    warn = propose_and_submit(
        line_manager, customer, "warn", incidents=[first], review_in_days=None
    )
    decision_answer(
        decision=warn, actor=chief_executive, outcome="approve", confirmed_checklist=True
    )
    case = customer.restriction_cases.get()
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
    decision_answer(
        decision=sanction, actor=chief_executive, outcome="approve", confirmed_checklist=True
    )
    case.refresh_from_db()
    assert case.state == Stage.SANCTIONED
    assert case.review_due is not None
    assert case.sanctions.get().status == "active"
