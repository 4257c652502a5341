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


def channel_words(channel: str, language: str) -> str:
    return CHANNELS[language].get(channel, channel)


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
