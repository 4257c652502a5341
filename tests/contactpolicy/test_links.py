"""A record's link in a list is the one `reverse` writes, under any script prefix."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from contactpolicy.links import reference_url

NAMES = ["screens:contact", "screens:customer", "cases:acknowledge", "cases:respond"]


@pytest.fixture
def script_prefix():
    yield set_script_prefix
    set_script_prefix("/")


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("prefix", ["/", "/casework/"])
@pytest.mark.parametrize(
    "reference", ["CON-2026-000123", "CUS-2018-000012", "a b", "ÿ%20", "x?y#z", "0STANDIN0"]
)
def test_the_same_link_as_reverse(script_prefix, name, prefix, reference):
    script_prefix(prefix)
    assert reference_url(name, reference) == reverse(name, kwargs={"reference": reference})


def test_a_reference_no_pattern_takes_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        reference_url("screens:contact", "a/b")
    with pytest.raises(NoReverseMatch):
        reference_url("screens:contact", "")
