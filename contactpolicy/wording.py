"""Words the product writes for customers, in every language it ships (English and Welsh):
the days of the week, the months, the channels, and dates written out in full.

The Welsh is the application's own and, like the shipped Welsh templates, waits for the
organisation's translator's check.
"""

from collections.abc import Iterable
from datetime import date

from contactpolicy.choices import Channel

# 0 is Monday, as `date.weekday()` counts.
WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "cy": [
        "dydd Llun",
        "dydd Mawrth",
        "dydd Mercher",
        "dydd Iau",
        "dydd Gwener",
        "dydd Sadwrn",
        "dydd Sul",
    ],
}
MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "cy": [
        "Ionawr",
        "Chwefror",
        "Mawrth",
        "Ebrill",
        "Mai",
        "Mehefin",
        "Gorffennaf",
        "Awst",
        "Medi",
        "Hydref",
        "Tachwedd",
        "Rhagfyr",
    ],
}
CHANNELS = {
    "en": {
        Channel.LETTER: "letter",
        Channel.EMAIL: "email",
        Channel.TELEPHONE: "telephone",
        Channel.SOCIAL_MEDIA: "social media",
        Channel.VISIT: "a visit or meeting",
    },
    "cy": {
        Channel.LETTER: "llythyr",
        Channel.EMAIL: "e-bost",
        Channel.TELEPHONE: "ffôn",
        Channel.SOCIAL_MEDIA: "y cyfryngau cymdeithasol",
        Channel.VISIT: "ymweliad neu gyfarfod",
    },
}


# Welsh soft mutation of a word's first consonant, as after "ar", "o", "i", "drwy" or
# "dan" ("ar ddydd Llun"). Two-letter sounds first: "ll" and "rh" before "l" and "r".
SOFT = [
    ("ll", "l"),
    ("rh", "r"),
    ("p", "b"),
    ("t", "d"),
    ("c", "g"),
    ("b", "f"),
    ("d", "dd"),
    ("g", ""),
    ("m", "f"),
]


def soft_mutation(text: str) -> str:
    """`text` with the soft mutation of its first word ("dydd Llun" → "ddydd Llun")."""
    for radical, mutated in SOFT:
        if text.lower().startswith(radical):
            if text[0].isupper():
                mutated = mutated.capitalize()
            return mutated + text[len(radical) :]
    return text


def channel_words(channel: str, language: str) -> str:
    return CHANNELS[language].get(channel, channel)


# A contact by each channel, as "your …" names it ("We have received your phone call").
# Welsh: after "eich" nothing mutates.
RECEIVED = {
    "en": {
        Channel.LETTER: "letter",
        Channel.EMAIL: "email",
        Channel.TELEPHONE: "phone call",
        Channel.SOCIAL_MEDIA: "message on social media",
        Channel.VISIT: "visit",
    },
    "cy": {
        Channel.LETTER: "llythyr",
        Channel.EMAIL: "e-bost",
        Channel.TELEPHONE: "galwad ffôn",
        Channel.SOCIAL_MEDIA: "neges ar y cyfryngau cymdeithasol",
        Channel.VISIT: "ymweliad",
    },
}

# How something was done or may be done, by each channel ("by letter", "in person").
# Welsh: "drwy" takes the soft mutation (llythyr → lythyr); the telephone is "dros y ffôn".
BY = {
    "en": {
        Channel.LETTER: "by letter",
        Channel.EMAIL: "by email",
        Channel.TELEPHONE: "by telephone",
        Channel.SOCIAL_MEDIA: "on social media",
        Channel.VISIT: "in person",
    },
    "cy": {
        Channel.LETTER: "drwy lythyr",
        Channel.EMAIL: "drwy e-bost",
        Channel.TELEPHONE: "dros y ffôn",
        Channel.SOCIAL_MEDIA: "ar y cyfryngau cymdeithasol",
        Channel.VISIT: "wyneb yn wyneb",
    },
}


def received_words(channel: str, language: str) -> str:
    """What the customer sent or did, after "your" ("phone call", "visit")."""
    return RECEIVED[language].get(channel) or channel_words(channel, language)


def by_channel(channel: str, language: str) -> str:
    """How a contact is made by `channel`, as a phrase ("by letter", "dros y ffôn")."""
    return BY[language].get(channel) or channel_words(channel, language)


def long_date(day: date | None, language: str) -> str:
    if day is None:
        return ""
    return f"{day.day} {MONTHS[language][day.month - 1]} {day.year}"


def date_list(days: Iterable[str], language: str) -> str:
    parsed = []
    for value in days:
        try:
            parsed.append(long_date(date.fromisoformat(str(value)), language))
        except ValueError:
            parsed.append(str(value))
    return ", ".join(parsed)
