"""How identifiers are compared: the forms staff type and the forms stored.

A caller's number may be typed as "+44 7700 900123", "07700900123" or "0044 7700-900
123"; all normalise to "07700900123", and a number abroad to "+" and its international
digits ("+33123456789"). A number being saved is first checked and put in its one
canonical written form by `phone_canonical`, with Google's libphonenumber rules for every
country's number ranges; the lookup works on partial numbers as they are typed. Emails and social handles ignore case; postcodes
ignore case and spaces; names ignore case, accents and punctuation.
"""

import re
import unicodedata

import phonenumbers

NON_DIGITS = re.compile(r"\D")
NON_ALNUM = re.compile(r"[^0-9a-z]")
NAME_JUNK = re.compile(r"[^\w\s]")
SPACES = re.compile(r"\s+")
# A UK postcode, or the start of one: outward code letters+digits, then the inward code.
POSTCODE_START = re.compile(r"^[a-z]{1,2}\d[a-z\d]?\s*(\d[a-z]{0,2})?$", re.IGNORECASE)
PHONE_LIKE = re.compile(r"^\+?[\d\s().-]{4,}$")


# Ofcom reserves these UK ranges for drama and tests and never assigns them
# (libphonenumber rightly calls them invalid), so examples, demonstrations and tests can
# use them without reaching anyone.
FICTIONAL_PREFIXES = ("07700900", "01632960", "08081570", "09098790", "03069990")
HOME_REGION = "GB"


class InvalidPhoneNumber(ValueError):
    pass


def phone(value: str) -> str:
    """The comparable form of a whole or partial number, for storing and for lookups."""
    text = value.strip()
    digits = NON_DIGITS.sub("", text)
    if text.startswith("+") or digits.startswith("00"):
        if not text.startswith("+"):
            digits = digits[2:]
        if digits.startswith("44"):
            return "0" + digits[2:].lstrip("0")
        return "+" + digits
    if digits.startswith("44") and len(digits) == 12:
        return "0" + digits[2:]
    return digits


def phone_whole(value: str) -> str:
    """The comparable form of a whole number however a caller gives it: "07700900123" for
    "+44 7700 900123", "0044 7700-900 123", and "7700 900123" (the leading 0 left off, as
    people often say it). libphonenumber reads it; what it cannot read as a possible number
    is compared as `phone` gives it."""
    text = value.strip()
    if not PHONE_LIKE.match(text) or len(text) > 40:
        return phone(text)
    try:
        number = phonenumbers.parse(text, HOME_REGION)
    except phonenumbers.NumberParseException:
        return phone(text)
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE:
        return phone(text)
    if number.country_code == phonenumbers.country_code_for_region(HOME_REGION):
        return f"0{number.national_number}"
    return f"+{number.country_code}{phonenumbers.national_significant_number(number)}"


def phone_prefixes(value: str) -> list[str]:
    """The comparable forms a number being typed into a lookup may begin: the whole number
    once it is one (`phone_whole`), else the digits as typed and, for digits given without
    the leading 0 or a country code, the same with the 0 that a home number starts with."""
    whole = phone_whole(value)
    typed = phone(value)
    forms = [whole]
    if typed != whole:
        forms.append(typed)
    if typed and typed[0] not in "0+" and "0" + typed not in forms:
        forms.append("0" + typed)
    return forms


def phone_canonical(value: str) -> str:
    """The one written form a number is stored in: "07700 900123" at home, "+33 1 23 45
    67 89" abroad. Raises `InvalidPhoneNumber` for anything that is not a real number."""
    text = value.strip()
    if not PHONE_LIKE.match(text) or len(text) > 40:
        raise InvalidPhoneNumber(value)
    try:
        number = phonenumbers.parse(text, HOME_REGION)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhoneNumber(value) from error
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    home = number.country_code == phonenumbers.country_code_for_region(HOME_REGION)
    fictional = home and NON_DIGITS.sub("", national).startswith(FICTIONAL_PREFIXES)
    if not (
        phonenumbers.is_valid_number(number)
        or (fictional and len(NON_DIGITS.sub("", national)) == 11)
    ):
        raise InvalidPhoneNumber(value)
    if home:
        return national
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def email(value: str) -> str:
    return value.strip().lower()


def postcode(value: str) -> str:
    return NON_ALNUM.sub("", value.lower()).upper()


def handle(value: str) -> str:
    return value.strip().lstrip("@").lower()


# Normalising can lengthen a name ("ß" becomes "ss", one ligature eighteen letters): the
# comparable form is cut to the length of the column that keeps it, here and in lookups.
NAME_LENGTH = 200


def name(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return SPACES.sub(" ", NAME_JUNK.sub(" ", plain.casefold())).strip()[:NAME_LENGTH].strip()


def looks_like_phone(value: str) -> bool:
    return bool(PHONE_LIKE.match(value.strip())) and len(NON_DIGITS.sub("", value)) >= 4


def looks_like_postcode(value: str) -> bool:
    return bool(POSTCODE_START.match(value.strip()))
