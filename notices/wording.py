"""Arrangements, behaviour and dates in plain words, in English or Welsh, for the letter.

These sentences speak to the customer ("you may…"), unlike `restrictions.enforcement.
describe`, which tells staff what applies; each kind of sanction words its own
(`restrictions.sanctions`). The Welsh is the application's own and, like
the shipped Welsh templates, waits for the organisation's translator's check.
"""

from django.utils import timezone

from contactpolicy.choices import NoReplyReason
from contactpolicy.roles import Role
from contactpolicy.wording import by_channel, long_date
from notices import shipped
from restrictions.models import ApprovalOutcome
from restrictions.sanctions import CATALOGUE


def arrangement(sanction, language: str = "en") -> str:
    """One sanction, as the customer is told it."""
    return CATALOGUE[sanction.kind].wording[language](sanction)


def behaviour_line(incident, language: str = "en") -> str:
    """One incident cited, in plain words: when, how, and the policy's name for it."""
    when = long_date(incident.occurred_at.date(), language)
    how = by_channel(incident.channel, language)
    category = shipped.category_name(incident.category, language).rstrip(".")
    return f"{when}, {how}: {category}"


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
        "Mae hyn yn cynnwys eich holl gysylltiad â ni."
        if cy
        else "This covers all your contact with us."
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


# -- Greeting ---------------------------------------------------------------------------

GREETING = {"en": "Dear", "cy": "Annwyl"}
# Welsh: "Madam" takes the soft mutation after "neu".
NO_ONE_NAMED = {"en": "Dear Sir or Madam", "cy": "Annwyl Syr neu Fadam"}


def salutation(customer, language: str = "en") -> str:
    """How the letter greets the customer, from what their record stores (DESIGN.md §9).

    A title and a surname give "Dear Mr Holloway"; without both, the full name, since a
    title or a surname is never guessed from it. An organisation is greeted by the person
    letters go to, or "Dear Sir or Madam" when no one is named.
    """
    dear = GREETING[language]
    if customer.is_organisation:
        person = customer.contact_name.strip()
        return f"{dear} {person}" if person else NO_ONE_NAMED[language]
    title, surname = customer.title.strip(), customer.surname.strip()
    if title and surname:
        return f"{dear} {title} {surname}"
    return f"{dear} {customer.name}"


# -- What happens after a contact -------------------------------------------------------

NEXT_STEP = {
    "en": {
        "due": "We aim to reply in full by {}.",
        "no_date": "If it needs a reply, we will reply as soon as we can.",
        NoReplyReason.SAID_WOULD_NOT_REPLY: "We said we would not reply individually to this "
        "kind of correspondence, so we will not send a further reply.",
        NoReplyReason.COPIED_FOR_INFORMATION: "You sent us a copy for information, so we will "
        "not send a further reply.",
        NoReplyReason.CC_BCC: "You sent us a copy for information, so we will not send a "
        "further reply.",
        NoReplyReason.SELLING: "We do not reply to messages that sell or promote a product, so "
        "we will not send a further reply.",
        NoReplyReason.SPECULATIVE_JOB_APPLICATION: "We do not reply to job applications we did "
        "not invite, so we will not send a further reply.",
        "kept": "We have read what you sent and kept it on our records.",
    },
    # "i geisiadau" and "heb wahoddiad": soft mutation after "i" and "heb"; "o ohebiaeth"
    # after "o"; "cawsom gopi": the object of an inflected verb.
    "cy": {
        "due": "Ein nod yw ateb yn llawn erbyn {}.",
        "no_date": "Os oes angen ateb, byddwn yn ateb cyn gynted ag y gallwn.",
        NoReplyReason.SAID_WOULD_NOT_REPLY: "Dywedasom na fyddem yn ymateb yn unigol i'r math "
        "hwn o ohebiaeth, felly ni fyddwn yn anfon ateb pellach.",
        NoReplyReason.COPIED_FOR_INFORMATION: "Cawsom gopi er gwybodaeth, felly ni fyddwn yn "
        "anfon ateb pellach.",
        NoReplyReason.CC_BCC: "Cawsom gopi er gwybodaeth, felly ni fyddwn yn anfon ateb pellach.",
        NoReplyReason.SELLING: "Nid ydym yn ymateb i negeseuon sy'n gwerthu neu'n hyrwyddo "
        "cynnyrch, felly ni fyddwn yn anfon ateb pellach.",
        NoReplyReason.SPECULATIVE_JOB_APPLICATION: "Nid ydym yn ymateb i geisiadau am swyddi heb "
        "wahoddiad, felly ni fyddwn yn anfon ateb pellach.",
        "kept": "Rydym wedi darllen yr hyn a anfonoch a'i gadw ar ein cofnodion.",
    },
}


def next_step(contact, language: str = "en") -> str:
    """What happens to a contact after its acknowledgement, from what is stored on it: the
    date of the full reply its service standard sets, or why none is due (the no-reply
    reason staff recorded, BTPA §5 "Exceptions"), or, where the policy sets no standard, a
    reply as soon as we can."""
    words = NEXT_STEP[language]
    if contact.respond_due_at:
        return words["due"].format(
            long_date(timezone.localtime(contact.respond_due_at).date(), language)
        )
    reason = contact.no_reply_reason or (
        NoReplyReason.COPIED_FOR_INFORMATION if contact.copied_for_information else ""
    )
    if reason in words:
        return f"{words[reason]} {words['kept']}"
    return words["no_date"]


# -- Who decided ------------------------------------------------------------------------

DECIDED = {
    "en": {
        "made": "{} made this decision.",
        "and": " and ",
        "pending": "[The people who approve this decision will be named here.]",
    },
    # "a wnaeth": the relative "a" takes the soft mutation (gwnaeth → wnaeth).
    "cy": {
        "made": "{} a wnaeth y penderfyniad hwn.",
        "and": " a ",
        "pending": "[Bydd enwau'r bobl sy'n cymeradwyo'r penderfyniad hwn yma.]",
    },
}


def person_and_role(user, acted_as: str = "") -> str:
    """A member of staff as a letter names them in a sentence: their name and their job
    title (else the role they acted in), set off by commas ("Sam Okafor, Chief Executive,")."""
    name = user.get_full_name() or user.username
    role = user.job_title or (Role(acted_as).label if acted_as in Role.values else "")
    return f"{name}, {role}," if role else name


def deciders(decision) -> list:
    """The approvals of the decision's latest round, in the order they were given."""
    return list(
        decision.approvals.filter(outcome=ApprovalOutcome.APPROVE, round=decision.round)
        .select_related("approver")
        .order_by("at", "pk")
    )


def decided_by(decision, language: str = "en") -> str:
    """Who made the decision, from its approvals: "Sam Okafor, Chief Executive, made this
    decision." Never the policy's general rule, which may name a role the decider does not
    hold (Tamworth: the Head of Service, or the Head of Customer Services for a corporate
    case)."""
    words = DECIDED[language]
    people = [person_and_role(a.approver, a.role) for a in deciders(decision)]
    if not people:
        return words["pending"]
    # "A, Team Manager, and B, Head of Service, made this decision."
    named = " ".join(people[:-1]) + words["and"] + people[-1] if len(people) > 1 else people[0]
    return words["made"].format(named)


# -- How long, and how to write ---------------------------------------------------------

HOW_LONG = {
    "en": {
        "these": "These arrangements last until we review them, which we will do by {}.",
        "other": "The other arrangements last until we review them, which we will do by {}.",
        "review_exclusion": "We will review the exclusion by {}.",
    },
    "cy": {
        "these": "Mae'r trefniadau hyn yn parhau nes i ni eu hadolygu, a byddwn yn gwneud hynny "
        "erbyn {}.",
        "other": "Mae'r trefniadau eraill yn parhau nes i ni eu hadolygu, a byddwn yn gwneud "
        "hynny erbyn {}.",
        "review_exclusion": "Byddwn yn adolygu'r gwaharddiad erbyn {}.",
    },
}


def how_long(decision, sanctions, language: str = "en") -> str:
    """How long the arrangements last, once each. An exclusion's own line gives its end
    date (or says it is permanent), so here it is only said when we review it, and not
    at all when it ends before the review; the other arrangements last until the review."""
    words = HOW_LONG[language]
    review = long_date(decision.review_due, language)
    if not review:
        return ""
    ending = [s for s in sanctions if CATALOGUE[s.kind].ending.lasts.get(language)]
    lasting = [s for s in sanctions if s not in ending]
    if lasting or not ending:
        return words["other" if ending else "these"].format(review)
    if any(s.permanent or (s.ends_on and s.ends_on > decision.review_due) for s in ending):
        return words["review_exclusion"].format(review)
    return ""


WRITE_TO = {
    "en": {
        "letter": "write to us at the address at the top of this letter",
        "email": "email us at {email}",
        "telephone": "telephone us on {telephone}",
        "either": "write to us at the address at the top of this letter or email {email}",
    },
    "cy": {
        "letter": "ysgrifennwch atom yn y cyfeiriad ar frig y llythyr hwn",
        "email": "e-bostiwch ni yn {email}",
        "telephone": "ffoniwch ni ar {telephone}",
        "either": "ysgrifennwch atom yn y cyfeiriad ar frig y llythyr hwn neu e-bostiwch {email}",
    },
}


def only_channel(sanctions) -> str:
    """The one channel the customer may use, where a sanction allows only one; else ""."""
    channels = {s.channel for s in sanctions if CATALOGUE[s.kind].only_channel and s.channel}
    return channels.pop() if len(channels) == 1 else ""


def how_to_write(profile, sanctions, language: str = "en") -> str:
    """How the customer reaches us to complain or appeal: only by the one channel they are
    allowed, where they are allowed only one (BTPA §8, written correspondence, 1)."""
    words = WRITE_TO[language]
    channel = only_channel(sanctions)
    if channel == "email" and profile.email:
        key = "email"
    elif channel == "telephone" and profile.telephone:
        key = "telephone"
    elif channel or not profile.email:
        key = "letter"
    else:
        key = "either"
    return words[key].format(email=profile.email, telephone=profile.telephone)
