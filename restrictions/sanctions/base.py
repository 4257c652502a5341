"""What every kind of sanction declares (DESIGN.md §5), and the wording its rules share.

A kind is one module in this package with a `KIND` and a `SPEC`; `restrictions.sanctions`
collects them in `CATALOGUE`. Forms, the completeness rules, the banner, the expiry
sweep and the letters ask the kind's spec rather than switching on the kind.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django import forms

from contactpolicy.forms import textarea as govuk_textarea
from restrictions.models import CheckOutcome

# A `Sanction`, or anything with a `ProposedSanction`'s attributes.
SanctionLike = Any


@dataclass(frozen=True)
class FieldContext:
    """What a proposal form knows when it builds a parameter's field."""

    sanction_type: Any
    staff_choices: list
    case_choices: list


@dataclass(frozen=True)
class Parameter:
    """One `Sanction` column a kind is proposed with."""

    name: str
    field: Callable[[FieldContext], forms.Field]
    required: bool = False
    missing: str = ""  # the error when a required parameter is left empty
    personal: bool = False  # names a person, or a way to reach one


@dataclass(frozen=True)
class ContactInHand:
    """The contact `assess` is asked about."""

    channel: str
    moment: datetime
    officer: Any = None
    case: Any = None
    sender: str = ""
    different_topic: bool = False
    duration_minutes: int | None = None


@dataclass
class Finding:
    outcome: str
    instruction: str
    sanction: object | None = None
    read_script: bool = False


@dataclass(frozen=True)
class Ending:
    """What the end of a sanction means (DESIGN.md §10)."""

    # What the case manager is told has ended; by default the line staff read.
    ended: Callable[[SanctionLike], str] | None = None
    # How long it lasts, by language, in the customer's letter; by default it lasts until
    # its review, which the letter gives with the review date.
    lasts: Mapping[str, Callable[[SanctionLike], str]] = field(default_factory=dict)
    # An exclusion from buildings: a decision to extend an exclusion replaces it, and a
    # visit in breach of it opens a review (Tamworth §8).
    exclusion: bool = False


UNTIL_REVIEWED = Ending()


def no_check(values: dict, *, today: date) -> dict[str, str]:
    return {}


def named_or_described(sanction) -> str:
    """A sanction in the approver's words, or its type's name."""
    return sanction.description or sanction.sanction_type.name


@dataclass(frozen=True)
class SanctionKindSpec:
    """Everything that differs by kind of sanction."""

    kind: str
    # The finding for a contact in hand, or None when the sanction does not bear on it.
    assess: Callable[[SanctionLike, ContactInHand], Finding | None]
    # The sentence the customer is told, by language code.
    wording: Mapping[str, Callable[[SanctionLike], str]]
    parameters: tuple[Parameter, ...] = ()
    # The line staff read aloud; by default the approver's words or the type's name.
    describe: Callable[[SanctionLike], str] = named_or_described
    ending: Ending = UNTIL_REVIEWED
    # When this holds, the required parameters may all be left out.
    required_unless: Callable[[SanctionLike], bool] | None = None
    # The proposal form's errors, by parameter, for values that do not fit together.
    check: Callable[..., dict[str, str]] = no_check
    # Staff say whether a contact is on a matter it covers; one that is gets no reply.
    covers_matters: bool = False
    # What arrives is read and filed without a reply (the sanction type says when one is due).
    read_and_file: bool = False
    # A contact with anyone else is transferred to the named officer.
    transfers_to_officer: bool = False
    # The customer may use only the channel it names: a letter names no other way to us.
    only_channel: bool = False
    # Contact from the identifiers it lists is blocked, even before the sender is known.
    blocks_senders: bool = False

    def required_parameters(self, proposed) -> tuple[Parameter, ...]:
        """The parameters this proposed sanction cannot do without."""
        if self.required_unless is not None and self.required_unless(proposed):
            return ()
        return tuple(p for p in self.parameters if p.required)


def sentences(*parts: str) -> str:
    """The parts as sentences, each once, each ending with a full stop."""
    kept: list[str] = []
    for part in parts:
        part = (part or "").strip()
        if part and part not in kept:
            kept.append(part)
    return " ".join(s if s.endswith((".", "!", "?")) else f"{s}." for s in kept)


def told(sanction, fallback: str, *lead: str, after: str = "") -> str:
    """What staff are told for this sanction (DESIGN.md §5, third column).

    The profile's own instruction for this kind of sanction, where its catalogue sets one,
    after the particulars of this sanction (`lead`: the officer, the channel, the
    identifier) and before anything that must follow it (`after`); otherwise the
    product's general wording (`fallback`).
    """
    own = (sanction.sanction_type.staff_instruction or "").strip()
    if not own:
        return fallback
    return sentences(*lead, own, after)


def told_finding(
    outcome: str, sanction, fallback: str, *lead: str, after: str = "", read_script: bool = False
) -> Finding:
    """A finding for this sanction whose instruction is what staff are `told`."""
    return Finding(
        outcome, told(sanction, fallback, *lead, after=after), sanction, read_script=read_script
    )


def precaution_on(
    channel: str, fallback: str
) -> Callable[[SanctionLike, ContactInHand], Finding | None]:
    """The `assess` of a kind that only asks staff to take a precaution on one channel (a
    recorder, a witness): the contact is permitted, with what they are `told`."""

    def assess(sanction, contact: ContactInHand) -> Finding | None:
        if contact.channel != channel:
            return None
        return told_finding(CheckOutcome.PERMITTED, sanction, fallback)

    return assess


def fixed_wording(english: str, welsh: str) -> dict[str, Callable[[SanctionLike], str]]:
    """The customer's sentence, by language, for a kind whose sentence never changes."""
    return {"en": lambda sanction: english, "cy": lambda sanction: welsh}


def wording_needing(
    parameter: str, **by_language: Callable[[SanctionLike], str]
) -> dict[str, Callable[[SanctionLike], str]]:
    """The customer's sentence, by language, for a kind whose sentence names `parameter`;
    while that is empty, the sentence is the sanction's own name (`named_or_described`)."""

    def needing(say: Callable[[SanctionLike], str]) -> Callable[[SanctionLike], str]:
        def wording(sanction) -> str:
            if not getattr(sanction, parameter):
                return named_or_described(sanction)
            return say(sanction)

        return wording

    return {language: needing(say) for language, say in by_language.items()}


def in_every_language(
    words: Mapping[str, Mapping[str, str]],
    say: Callable[[SanctionLike, str, Mapping[str, str]], str],
) -> dict[str, Callable[[SanctionLike], str]]:
    """A sentence for the customer in every language `words` has a table for:
    `say(sanction, language, words[language])` builds it from that language's words."""

    def in_language(language: str) -> Callable[[SanctionLike], str]:
        return lambda sanction: say(sanction, language, words[language])

    return {language: in_language(language) for language in words}


def as_written(sanction, described: str) -> Finding | None:
    """An agreement or an action in its own words: what it is, then its terms, each once
    (for "other action" the description is both the summary and the instruction)."""
    text = sanction.agreed_terms or sanction.description or sanction.sanction_type.staff_instruction
    if not text:
        return None
    return Finding(CheckOutcome.PERMITTED, sentences(described, text), sanction)


def on_scoped_matter(sanction_or_case, case, topic_other: bool) -> bool:
    """Whether the contact is about a matter the restriction covers."""
    if topic_other:
        return False
    scoped_cases = {c.pk for c in sanction_or_case.scope_cases.all()}
    if scoped_cases:
        return case is not None and case.pk in scoped_cases
    return True


def textarea(label: str, help_text: str = "", rows: int = 4, **kwargs) -> forms.CharField:
    """A parameter's textarea: never required by the field, since `required_parameters`
    says when a kind needs it."""
    max_length = kwargs.pop("max_length", 10000)
    return govuk_textarea(label, help_text, rows, max_length=max_length, required=False, **kwargs)


def join(items: list[str], language: str) -> str:
    """Items in a sentence: "a, b and c", or "a, b a c" in Welsh."""
    word = " a " if language == "cy" else " and "
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + word + items[-1]
