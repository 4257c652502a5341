"""Arrangements, behaviour and dates in plain words, in English or Welsh, for the letter.

These sentences speak to the customer ("you may…"), unlike `restrictions.enforcement.
describe`, which tells staff what applies; each kind of sanction words its own
(`restrictions.sanctions`). The Welsh is the application's own and, like
the shipped Welsh templates, waits for the organisation's translator's check.
"""

from contactpolicy.wording import channel_words, long_date
from restrictions.sanctions import CATALOGUE


def arrangement(sanction, language: str = "en") -> str:
    """One sanction, as the customer is told it."""
    return CATALOGUE[sanction.kind].wording[language](sanction)


def behaviour_line(incident, language: str = "en") -> str:
    """One incident cited, in plain words: when, how, and the policy's name for it."""
    when = long_date(incident.occurred_at.date(), language)
    how = channel_words(incident.channel, language)
    category = incident.category.name.rstrip(".")
    if language == "cy":
        return f"{when}, drwy {how}: {category}"
    return f"{when}, by {how}: {category}"


def disengagement_lines(decision, language: str, continuing: bool) -> list[str]:
    cy = language == "cy"
    cases = [f"{c.subject} ({c.reference})" for c in decision.scope_cases.all()]
    topics = [t.strip() for t in decision.scope_topics.splitlines() if t.strip()]
    covered = cases + topics
    if decision.scope == "partial" and covered:
        lines = [
            (
                "Ni fyddwn yn ymateb i gysylltiad pellach ynglŷn â: "
                if cy
                else "We will not reply to further contact about: "
            )
            + "; ".join(covered)
            + "."
        ]
        if continuing:
            lines.append(
                "Mae'r trefniadau sydd eisoes ar waith ar gyfer eich cysylltiad arall â ni yn parhau."
                if cy
                else "The arrangements already in place for your other contact with us continue."
            )
        return lines
    return [
        "Ni fyddwn yn ymateb i gysylltiad pellach gennych chi."
        if cy
        else "We will not reply to further contact from you."
    ]


def duration_sentence(decision, sanctions, language: str) -> str:
    """How long an exclusion lasts; other arrangements last until their review date, which
    the template gives with `review_date`."""
    parts = []
    for s in sanctions:
        lasts = CATALOGUE[s.kind].ending.lasts.get(language)
        if lasts is not None and (sentence := lasts(s)):
            parts.append(sentence)
    return " ".join(parts)
