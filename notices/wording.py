"""Arrangements, behaviour and dates in plain words, in English or Welsh, for the letter.

These sentences speak to the customer ("you may…"), unlike `restrictions.enforcement.
describe`, which tells staff what applies. The Welsh is the application's own and, like
the shipped Welsh templates, waits for the organisation's translator's check.
"""

from contactpolicy.choices import Channel, SanctionKind
from notices.merge_fields import date_list, long_date

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


def channel_words(channel: str, language: str) -> str:
    return CHANNELS[language].get(channel, channel)


def _person(user, language: str) -> str:
    """A named officer with how to reach them: their name, title and email address."""
    name = user.get_full_name() or user.username
    title = f", {user.job_title}" if getattr(user, "job_title", "") else ""
    email = (
        (f" (e-bost: {user.email})" if language == "cy" else f" (email: {user.email})")
        if user.email
        else ""
    )
    return f"{name}{title}{email}"


def _join(items: list[str], language: str) -> str:
    word = " a " if language == "cy" else " and "
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + word + items[-1]


def arrangement(sanction, language: str = "en") -> str:
    """One sanction, as the customer is told it."""
    cy = language == "cy"
    kind = sanction.kind
    if kind == SanctionKind.ONE_METHOD and sanction.channel:
        way = channel_words(sanction.channel, language)
        if cy:
            return f"Dim ond drwy {way} y cewch gysylltu â ni. Ni fyddwn yn ymateb i gysylltiad mewn ffordd arall."
        return f"You may contact us by {way} only. We will not respond to contact made in any other way."
    if kind == SanctionKind.NAMED_OFFICER and sanction.officer:
        deputy = ""
        if sanction.deputy:
            deputy = (
                f" Pan na fydd ar gael, cysylltwch â {_person(sanction.deputy, language)}."
                if cy
                else f" When they are away, contact {_person(sanction.deputy, language)}."
            )
        if cy:
            return f"Dim ond â {_person(sanction.officer, language)} y cewch gysylltu.{deputy} Bydd cysylltiad â staff eraill yn cael ei drosglwyddo iddynt."
        return f"You may contact only {_person(sanction.officer, language)}.{deputy} Contact with anyone else will be passed to them."
    if kind == SanctionKind.TELEPHONE_SCHEDULE:
        days = _join([WEEKDAYS[language][d] for d in sorted(sanction.weekdays)], language)
        has_window = sanction.window_start and sanction.window_end
        start = f"{sanction.window_start:%H:%M}" if has_window else ""
        end = f"{sanction.window_end:%H:%M}" if has_window else ""
        parts = []
        if cy:
            window = f"rhwng {start} a {end}" if has_window else ""
            when = " ".join(p for p in [f"ar {days}" if days else "", window] if p)
            parts.append(f"Cewch ein ffonio {when}." if when else "Cewch ein ffonio.")
            if sanction.max_minutes:
                parts.append(f"Bydd pob galwad yn para {sanction.max_minutes} munud ar y mwyaf.")
        else:
            window = f"between {start} and {end}" if has_window else ""
            when = " ".join(p for p in [f"on {days}" if days else "", window] if p)
            parts.append(f"You may telephone us {when}." if when else "You may telephone us.")
            if sanction.max_minutes:
                parts.append(f"Each call will last no more than {sanction.max_minutes} minutes.")
        return " ".join(parts)
    if kind == SanctionKind.CALLS_RECORDED:
        if cy:
            return "Bydd eich galwadau'n cael eu recordio neu bydd ail aelod o staff yn gwrando arnynt."
        return "Your calls will be recorded or listened to by a second member of staff."
    if kind == SanctionKind.READ_AND_FILE:
        if cy:
            return "Byddwn yn darllen ac yn ffeilio'r hyn a anfonwch. Byddwn yn ymateb dim ond pan fydd yn cynnwys gwybodaeth newydd neu gŵyn newydd."
        return "We will read and file what you send us. We will reply only when it contains new information or a new complaint."
    if kind == SanctionKind.NO_ENGAGEMENT_ON_MATTER:
        cases = [f"{c.subject} ({c.reference})" for c in sanction.scope_cases.all()]
        topics = [t.strip() for t in sanction.scope_topics.splitlines() if t.strip()]
        about = "; ".join(cases + topics)
        if cy:
            return (
                f"Ni fyddwn yn ymateb ymhellach ynglŷn â: {about}."
                if about
                else "Ni fyddwn yn ymateb ymhellach ar y mater hwn."
            )
        return (
            f"We will not reply further about: {about}."
            if about
            else "We will not reply further on this matter."
        )
    if kind == SanctionKind.REFUSE_ALL:
        if cy:
            return "Ni fyddwn yn cyfathrebu â chi o gwbl. Bydd galwadau ffôn yn cael eu dod i ben."
        return "We will not communicate with you at all. Telephone calls will be ended."
    if kind == SanctionKind.BLOCK_IDENTIFIERS:
        blocked = ", ".join(sanction.blocked_list)
        if cy:
            return f"Bydd cysylltiad o'r canlynol yn cael ei rwystro: {blocked}."
        return f"Contact from the following will be blocked: {blocked}."
    if kind == SanctionKind.WITNESS_REQUIRED:
        if cy:
            return "Byddwn yn cwrdd â chi dim ond ym mhresenoldeb tyst, mewn lle addas."
        return "We will meet you only with a witness present, in a suitable place."
    if kind == SanctionKind.BUILDING_EXCLUSION:
        where = sanction.buildings.strip() or ("ein hadeiladau" if cy else "our buildings")
        if sanction.permanent:
            until = " yn barhaol" if cy else " permanently"
        elif sanction.ends_on:
            until = (
                f" tan {long_date(sanction.ends_on, language)}"
                if cy
                else f" until {long_date(sanction.ends_on, language)}"
            )
        else:
            until = ""
        if cy:
            return f"Ni chewch ddod i {where}{until}. Os dewch, gofynnir i chi adael."
        return f"You must not enter {where}{until}. If you do, you will be asked to leave."
    if kind == SanctionKind.WRITTEN_AGREEMENT:
        signed = (
            f" ({'llofnodwyd' if cy else 'signed'} {long_date(sanction.agreement_signed_on, language)})"
            if sanction.agreement_signed_on
            else ""
        )
        terms = sanction.agreed_terms.strip()
        if cy:
            return (
                f"Y cytundeb ysgrifenedig am gysylltu â ni{signed}: {terms}"
                if terms
                else f"Y cytundeb ysgrifenedig am gysylltu â ni{signed}."
            )
        return (
            f"The written agreement about your contact with us{signed}: {terms}"
            if terms
            else f"The written agreement about your contact with us{signed}."
        )
    if kind == SanctionKind.THIRD_PARTY and sanction.third_party:
        if cy:
            return f"Cysylltwch â ni drwy {sanction.third_party} yn unig."
        return f"Please contact us only through {sanction.third_party}."
    if kind == SanctionKind.SPECIFIED_DATES and sanction.dates:
        if cy:
            return f"Cewch gysylltu â ni ar y dyddiadau hyn yn unig: {date_list(sanction.dates, language)}."
        return f"You may contact us only on these dates: {date_list(sanction.dates, language)}."
    return sanction.description or sanction.sanction_type.name


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
    cy = language == "cy"
    parts = []
    for s in sanctions:
        if s.kind != SanctionKind.BUILDING_EXCLUSION:
            continue
        if s.permanent:
            parts.append("Mae'r gwaharddiad yn barhaol." if cy else "The exclusion is permanent.")
        elif s.ends_on:
            end = long_date(s.ends_on, language)
            parts.append(
                f"Mae'r gwaharddiad yn para tan {end}."
                if cy
                else f"The exclusion lasts until {end}."
            )
    return " ".join(parts)
