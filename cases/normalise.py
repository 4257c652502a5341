"""How identifiers are compared: the forms staff type and the forms stored.

A caller's number may be typed as "+44 7700 900123", "07700900123" or "0044 7700-900
123"; all normalise to "07700900123". Emails and social handles ignore case; postcodes
ignore case and spaces; names ignore case, accents and punctuation.
"""

import re
import unicodedata

NON_DIGITS = re.compile(r"\D")
NON_ALNUM = re.compile(r"[^0-9a-z]")
NAME_JUNK = re.compile(r"[^\w\s]")
SPACES = re.compile(r"\s+")
# A UK postcode, or the start of one: outward code letters+digits, then the inward code.
POSTCODE_START = re.compile(r"^[a-z]{1,2}\d[a-z\d]?\s*(\d[a-z]{0,2})?$", re.IGNORECASE)
PHONE_LIKE = re.compile(r"^\+?[\d\s().-]{4,}$")


def phone(value: str) -> str:
    digits = NON_DIGITS.sub("", value)
    if value.strip().startswith("+44") or digits.startswith("0044"):
        digits = digits[4:] if digits.startswith("0044") else digits[2:]
        digits = "0" + digits.lstrip("0")
    elif digits.startswith("44") and len(digits) == 12:
        digits = "0" + digits[2:]
    return digits


def email(value: str) -> str:
    return value.strip().lower()


def postcode(value: str) -> str:
    return NON_ALNUM.sub("", value.lower()).upper()


def handle(value: str) -> str:
    return value.strip().lstrip("@").lower()


def name(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return SPACES.sub(" ", NAME_JUNK.sub(" ", plain.casefold())).strip()


def looks_like_phone(value: str) -> bool:
    return bool(PHONE_LIKE.match(value.strip())) and len(NON_DIGITS.sub("", value)) >= 4


def looks_like_postcode(value: str) -> bool:
    return bool(POSTCODE_START.match(value.strip()))
