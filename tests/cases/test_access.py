"""Who may see customers, contacts and incidents, and what on their pages: every role."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cases import access
from tests.cases.factories import ContactFactory, CustomerFactory
from tests.restrictions.factories import incident

pytestmark = pytest.mark.django_db

CASEWORK = ["caseworker", "line_manager", "head_of_service", "chief_executive"]
MANAGERS = ["line_manager", "head_of_service", "chief_executive"]
EVERYONE = [*CASEWORK, "administrator", "outsider"]


@pytest.fixture
def objects(btpa_active, caseworker):
    customer = CustomerFactory()
    return {
        "customer": customer,
        "contact": ContactFactory(customer=customer),
        "incident": incident(customer, caseworker, days_ago=1),
    }


GETTERS = {
    "customer": access.customer_get_for_user,
    "contact": access.contact_get_for_user,
    "incident": access.incident_get_for_user,
}


@pytest.mark.parametrize("kind", GETTERS)
@pytest.mark.parametrize("who", EVERYONE)
def test_casework_staff_and_nobody_else_get_each_object(request, objects, kind, who):
    user = request.getfixturevalue(who)
    wanted = objects[kind]
    if who in CASEWORK:
        assert GETTERS[kind](user, wanted.reference.lower()) == wanted
    else:
        with pytest.raises(PermissionDenied):
            GETTERS[kind](user, wanted.reference)


@pytest.mark.parametrize("kind", GETTERS)
def test_an_unknown_reference_is_not_found(caseworker, kind):
    with pytest.raises(Http404):
        GETTERS[kind](caseworker, "XXX-2026-999999")


@pytest.mark.parametrize("who", EVERYONE)
def test_sensitive_notes_decisions_and_the_team_are_for_managers(request, objects, who):
    user = request.getfixturevalue(who)
    manager = who in MANAGERS
    assert access.may_see_sensitive_notes(user) is manager
    assert access.may_see_decisions(user) is manager
    assert access.may_see_team_contacts(user) is manager
    customer = objects["customer"]
    if manager:
        assert access.customer_notes_get_for_user(user, customer.reference) == customer
    else:
        with pytest.raises(PermissionDenied):
            access.customer_notes_get_for_user(user, customer.reference)


def test_signed_out_visitors_may_see_nothing(objects):
    from django.contrib.auth.models import AnonymousUser

    visitor = AnonymousUser()
    assert not access.may_see_sensitive_notes(visitor)
    assert not access.may_see_decisions(visitor)
    with pytest.raises(PermissionDenied):
        access.incident_get_for_user(visitor, objects["incident"].reference)
