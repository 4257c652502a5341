"""The lookup finds a customer as people give their details on the phone: the surname
first, a number without its leading 0 or with the country code."""

import pytest

from cases import selectors
from cases.services import customer_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def priya(caseworker):
    return customer_create(
        created_by=caseworker,
        name="Priya Sharma",
        identifiers=[("phone", "07700 900123", "")],
    )


@pytest.fixture
def others(caseworker):
    return [
        customer_create(created_by=caseworker, name=name)
        for name in ("Priya Patel", "Ravi Sharma", "Sharmila Priyanka Jones")
    ]


@pytest.mark.parametrize("typed", ["Priya Sharma", "Sharma Priya", "sharma, priya", "SHARMA PRI"])
def test_a_name_in_either_order(priya, others, typed):
    found = selectors.customer_lookup(typed)
    assert priya in found
    assert others[0] not in found and others[1] not in found


def test_every_word_must_be_in_the_name(priya, others):
    assert selectors.customer_lookup("Sharma Patel") == []


@pytest.mark.parametrize(
    "typed", ["07700 900123", "7700 900123", "7700900123", "+44 7700 900123", "7700 900"]
)
def test_a_number_however_it_is_given(priya, typed):
    assert selectors.customer_lookup(typed) == [priya]


def test_a_number_that_is_not_theirs(priya):
    assert selectors.customer_lookup("7700 900124") == []
