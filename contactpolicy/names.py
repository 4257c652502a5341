"""What a name must be made of: one rule for every name of a person or body entered.

A letter is any character Unicode counts as a letter (category L*), so Welsh, accented and
non-Latin names pass ("Siân", "Nguyễn", "李") — except a compatibility character, one that
Unicode keeps only to round-trip old encodings and that stands for something else (it has a
`<tagged>` decomposition: ligatures, full-width and presentation forms). U+FDFA "ﷺ" is one:
a single glyph for a whole Arabic blessing. Normalising it with NFKC would turn it into that
18-character phrase, which is not a name either and could overrun the field, so such
characters are refused rather than expanded; a real Arabic name is typed in Arabic letters,
which are not compatibility characters.

A person's name must include a letter and is made only of letters, their combining marks,
spaces, hyphens, apostrophes (straight or curly) and full stops. An organisation's name may
also hold figures and punctuation ("3M", "Smith & Sons (Leeds) Ltd") but must still include
a letter, so "-99999" or "{{7*7}}" is refused as either.
"""

import unicodedata

PUNCTUATION_IN_NAMES = frozenset("-‐'’.")


def is_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L") and not unicodedata.decomposition(
        char
    ).startswith("<")


def _in_a_persons_name(char: str) -> bool:
    return (
        is_letter(char)
        or unicodedata.category(char).startswith("M")
        or char.isspace()
        or char in PUNCTUATION_IN_NAMES
    )


def name_error(value: str, *, label: str, person: bool = True) -> str | None:
    """Why `value` cannot be the name called `label` (for example "Full name"), in the words
    of a GOV.UK error message; None when it can."""
    if not any(is_letter(char) for char in value):
        return f"{label} must include a letter"
    if person and not all(_in_a_persons_name(char) for char in value):
        return f"{label} must only include letters, spaces, hyphens, apostrophes and full stops"
    return None
