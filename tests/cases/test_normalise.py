import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases import normalise


@pytest.mark.parametrize(
    "typed",
    [
        "07700 900123",
        "+44 7700 900123",
        "+447700900123",
        "0044 7700-900 123",
        "447700900123",
        "(07700) 900123",
    ],
)
def test_uk_mobile_numbers_normalise_to_one_form(typed):
    assert normalise.phone(typed) == "07700900123"


def test_a_landline_with_spaces():
    assert normalise.phone("020 7946 0000") == "02079460000"


def test_a_partial_number_stays_a_prefix():
    assert normalise.phone("+44 7700") == "07700"
    assert "07700900123".startswith(normalise.phone("07700 90"))


@pytest.mark.parametrize(
    ("typed", "stored"), [("SW1A 1AA", "SW1A1AA"), ("sw1a1aa", "SW1A1AA"), (" se1 9sg ", "SE19SG")]
)
def test_postcodes_ignore_case_and_spaces(typed, stored):
    assert normalise.postcode(typed) == stored


def test_emails_and_handles_ignore_case():
    assert normalise.email(" Jo.Bloggs@Example.ORG ") == "jo.bloggs@example.org"
    assert normalise.handle("@BTPAuthority") == "btpauthority"


def test_names_ignore_case_accents_and_punctuation():
    assert normalise.name("  Siân   O'Brien-Jones ") == "sian o brien jones"


@pytest.mark.parametrize(
    ("text", "phone", "postcode"),
    [
        ("07700 900123", True, False),
        ("+44 7700", True, False),
        ("SW1A 1AA", False, True),
        ("se1", False, True),
        ("Smith", False, False),
        ("jo@example.org", False, False),
    ],
)
def test_what_a_lookup_looks_like(text, phone, postcode):
    assert normalise.looks_like_phone(text) is phone
    assert normalise.looks_like_postcode(text) is postcode


@given(st.from_regex(r"7\d{9}", fullmatch=True))
def test_every_written_form_of_a_mobile_number_is_the_same(number):
    stored = normalise.phone("0" + number)
    spaced = f"+44 {number[:4]} {number[4:]}"
    assert normalise.phone(spaced) == stored
    assert normalise.phone("0044" + number) == stored


@given(st.text(max_size=40))
def test_normalising_a_name_is_idempotent(text):
    once = normalise.name(text)
    assert normalise.name(once) == once


@pytest.mark.parametrize(
    "written",
    [
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "0044 7700-900 123",
        "7700 900123",
        "7700900123",
        "447700900123",
    ],
)
def test_a_whole_number_is_the_same_however_it_is_given(written):
    assert normalise.phone_whole(written) == "07700900123"


def test_a_number_abroad_and_a_partial_number():
    assert normalise.phone_whole("+33 1 23 45 67 89") == "+33123456789"
    assert normalise.phone_whole("0800 111") == "0800111"
    # Too short to be a number: compared as typed.
    assert normalise.phone_whole("0770") == "0770"


@pytest.mark.parametrize(
    ("typed", "prefixes"),
    [
        ("07700 9", ["077009"]),
        ("7700 9", ["77009", "077009"]),
        ("+44 7700 9", ["077009"]),
        ("7700 900123", ["07700900123", "7700900123"]),
        ("+44 7700 900123", ["07700900123"]),
    ],
)
def test_what_a_number_being_typed_may_begin(typed, prefixes):
    assert normalise.phone_prefixes(typed) == prefixes


@given(st.from_regex(r"7[0-9]{9}", fullmatch=True))
def test_a_mobile_number_given_without_its_leading_0_is_the_same(number):
    assert normalise.phone_whole(f"{number[:4]} {number[4:]}") == normalise.phone("0" + number)
