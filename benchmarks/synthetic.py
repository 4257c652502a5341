"""Synthetic customers, officers and contacts at full size (DESIGN.md §13).

`generate()` fills a database with a deterministic, realistic ten-year history, so that the
pages can be measured at the size of a big council: by default 200,000 customers and
1,000,000 contacts, handled by 40 caseworkers in teams of eight, each team under a line
manager. `python -m benchmarks.generate_synthetic` is the command-line front end.

Deterministic. Every value is drawn from `random.Random` streams seeded from `seed` (one
stream per phase, so the officers do not shift the customers) and from the plain word lists
below; "now" is a parameter. The same seed, sizes and `now` give the same rows, reference for
reference, on any database, as long as the reference sequences start from the same numbers.

Realistic shape. Customers of every `CustomerKind`, mostly individuals, a few Welsh speakers
and speakers of other languages, a few with accessibility needs; one to three identifiers
each (email addresses, UK phone numbers written in the mixed ways staff type them, postal
addresses with real-format postcodes, now and then a social-media handle). Contacts spread
over the ten years up to `now`, growing towards the present, with a heavy tail: about one
customer in a thousand has hundreds of contacts (the people the product is for), one in fifty
has dozens, most have one to five. Every contact has an officer, mostly the customer's usual
one. Clocks come from the active profile through `cases.clocks.compute_clocks`, exactly as
`cases.services.contact_log` starts them; about 2% of contacts are still open with their
clocks running (the recent ones not yet answered, and a backlog of older overdue ones), a few
of those paused, and `next_due_at` is set by `Contact.refresh_next_due`. The rest were
acknowledged and answered, mostly within their targets.

Safe. Names are made up from common word lists; email addresses use the reserved
example.com/.org/.net domains. Phone numbers have real UK formats and prefixes (they are not
from the Ofcom drama ranges, which hold too few numbers for 200,000 customers).

References have the services' format (`CUS-YYYY-NNNNNN`, `CON-YYYY-NNNNNN`), numbered in
order of creation within each year, continuing from the `ReferenceSequence` rows found; the
rows are moved on at the end so that `next_reference` never issues a number already used.
Run it while nobody is logging contacts: sequences for years not yet in the table are not
locked.

Fast and history-free. Rows are written with `bulk_create` in batches, all inside one
transaction (a failure leaves nothing behind). `bulk_create` bypasses `Model.save()` and the
post-save signals, so simple-history writes **no historical rows** for synthetic data, and the
normalised forms that `save()` would compute are computed here with the same functions
(`cases.normalise`, through `NORMALISERS` as `CustomerIdentifier.normalise` does). The
`auto_now_add` timestamps
(`Customer.created_at`, `Contact.logged_at`) are given their historical values.

Where the active profile has an appeal route, one customer in `APPEAL_EVERY` is under
sanctions with an appeal against that decision, at every step from received to decided,
with decision due dates either side of today, so that the appeals list and the dashboard's
appeal figures can be measured at full size (`_write_appeals`).

Synthetic officers are real users in the Caseworker and Line manager groups, with unusable
passwords (set one with `manage.py changepassword officer001` to look around as them).
"""

from __future__ import annotations

import gc
import math
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as time_of_day

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from appeals.models import Appeal, AppealOutcome, AppealState, ReceivedVia
from appeals.rules import acknowledge_due, decision_due, has_appeal_route
from cases import normalise
from cases.clocks import Clocks, compute_clocks
from cases.models import (
    AccessibilityFormat,
    Contact,
    Customer,
    CustomerIdentifier,
    CustomerKind,
    Direction,
    IdentifierKind,
    Language,
    ReferenceSequence,
)
from cases.models.customers import NORMALISERS
from contactpolicy.choices import Channel, ContactKind, DecisionKind, TimeUnit
from contactpolicy.models import User
from contactpolicy.roles import SENIORITY, Role
from contactpolicy.selectors import profile_calendar, profile_get_active
from contactpolicy.workcalendar import LONDON, add_calendar_months
from restrictions.models import (
    Decision,
    DecisionStatus,
    RestrictionCase,
    Review,
    ReviewState,
    Stage,
)

DEFAULT_CUSTOMERS = 200_000
DEFAULT_CONTACTS = 1_000_000
DEFAULT_OFFICERS = 40
DEFAULT_BATCH_SIZE = 5_000
TEAM_SIZE = 8
YEARS = 10
# About one customer in a hundred has had their contact restricted; those restrictions are
# reviewed yearly (IPCC §8's minimum), so a long-running one has a review for each year.
RESTRICTED_SHARE = 0.01
REVIEW_MONTHS = 12
# Of the open reviews, the share left past their date (escalated or still scheduled).
OVERDUE_SHARE = 0.08
OPEN_SHARE = 0.02  # contacts still open with their clocks running
PAUSED_SHARE = 0.03  # of the open ones, waiting for the customer
APPEAL_EVERY = 100  # one customer in this many has appealed against sanctions

Progress = Callable[[str], None]


class DatabaseNotEmpty(RuntimeError):
    """The database already holds customers and appending was not asked for."""


@dataclass(frozen=True)
class GenerationResult:
    customers: int
    identifiers: int
    contacts: int
    open_contacts: int
    officers: int
    seconds: float
    phases: dict[str, tuple[int, float]] = field(default_factory=dict)
    restriction_cases: int = 0
    reviews: int = 0

    @property
    def rows(self) -> int:
        return (
            self.customers
            + self.identifiers
            + self.contacts
            + self.restriction_cases
            + self.reviews
        )

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


# -- Word lists ----------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Oliver George Harry Jack Jacob Noah Charlie Muhammad Thomas Oscar William James Leo "
    "Alfie Henry Joshua Freddie Archie Ethan Isaac Alexander Joseph Edward Samuel Max Daniel "
    "Arthur Lucas Mohammed Logan Theo Harrison Benjamin Mason Sebastian Finley Adam Dylan "
    "Zachary Riley Teddy David Toby Elijah Louis Michael Ryan Matthew Jake Luke Christopher "
    "Andrew Peter Paul Mark Stephen Richard Robert John Anthony Kevin Gary Ian Simon Neil "
    "Olivia Amelia Isla Ava Emily Isabella Mia Poppy Ella Lily Jessica Sophie Grace Evie "
    "Sophia Charlotte Freya Ruby Daisy Alice Chloe Phoebe Florence Millie Matilda Rosie Harper "
    "Sienna Evelyn Willow Elsie Ivy Scarlett Layla Imogen Aisha Fatima Zara Priya Amira Hannah "
    "Sarah Laura Rebecca Emma Rachel Claire Helen Karen Susan Julie Nicola Joanne Lisa Tracey "
    "Deborah Margaret Patricia Elizabeth Jennifer Linda Barbara Janet Maureen Pauline Sandra"
)
SURNAMES = _words(
    "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson "
    "Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson "
    "Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan "
    "Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell "
    "Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan "
    "Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb "
    "Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes "
    "Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham "
    "Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews Stewart Elliott Reynolds Saunders "
    "Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Gill Dawson "
    "Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes "
    "Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn "
    "Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson Newton Oliver "
    "Reed Kennedy Williamson Bird Gardner Shah Dean Lane Cooke Bates Henderson Parry Burgess "
    "Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton "
    "Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins "
    "Moss McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon "
    "Doyle Wallace George Jordan Hutchinson Rowe Burke May Pritchard Gilbert Willis Higgins "
    "Read Miles Stevenson Stephenson Hammond Arnold Buckley Walters Hewitt Barber Nelson Slater "
    "Austin Sullivan Whitehead Mann Frost Lambert Stephens Blake Akhtar Lynch Goodwin Barton "
    "Woodward Thomson Cunningham Quinn Barnett Baxter Bibi Clayton Nash Greenwood Jennings "
    "Holt Kemp Poole Gallagher Bond Stokes Tucker Davidson Fowler Heath Norman Middleton Lawson "
    "Banks French Stanley Jarvis Gibbs Ferguson Hayward Carroll Douglas Dickinson Todd Barlow "
    "Peters Lucas Knowles Hartley Miah Simmons Morton Alexander Field Morrison Norris Townsend "
    "Preston Hancock Thornton Baldwin Burrows Briggs Storey Pope Vincent Kirby Smith-Jones "
    "Fraser-Hughes Ng Nguyen Kowalski Nowak Okafor Adeyemi Mensah Chowdhury Rahman Begum"
)
WELSH_FIRST_NAMES = _words(
    "Dafydd Rhys Gareth Huw Iolo Aled Emyr Gethin Llŷr Owain Rhodri Dylan Ioan Siôn Gruffydd "
    "Siân Ffion Catrin Eleri Llinos Gwenllian Nia Angharad Cerys Mererid Elin Lowri Seren "
    "Heledd Bethan Megan Nerys Carys Eirlys Gwyneth"
)
WELSH_SURNAMES = (
    *_words(
        "Jones Davies Williams Evans Thomas Roberts Hughes Lewis Morgan Griffiths Owen Jenkins "
        "Price Lloyd Rees Pritchard Parry Pugh Prosser Bowen Vaughan Powell Howells"
    ),
    "ap Gwynfor",
)
OTHER_LANGUAGES = (
    "Polish",
    "Urdu",
    "Punjabi",
    "Bengali",
    "Arabic",
    "Romanian",
    "Portuguese",
    "Gujarati",
    "Somali",
    "Lithuanian",
    "British Sign Language",
)
STREETS = (
    "High Street",
    "Station Road",
    "Main Street",
    "Park Road",
    "Church Road",
    "Church Street",
    "London Road",
    "Victoria Road",
    "Green Lane",
    "Manor Road",
    "Church Lane",
    "Park Avenue",
    "The Avenue",
    "The Crescent",
    "Queens Road",
    "New Road",
    "Grange Road",
    "Kings Road",
    "Alexandra Road",
    "Springfield Road",
    "Mill Lane",
    "Albert Road",
    "Windsor Road",
    "Highfield Road",
    "School Lane",
    "York Road",
    "Stanley Road",
    "North Street",
    "Heol y Bont",
    "Ffordd yr Orsaf",
    "Stryd Fawr",
    "Chapel Street",
    "Brook Street",
    "Mount Pleasant",
    "Orchard Close",
    "Beech Grove",
    "Willow Way",
    "Canal Side",
    "Railway Terrace",
    "Meadow View",
)
# Towns and real outward codes; the Welsh ones come first (Welsh speakers mostly live there).
WELSH_TOWNS = (
    ("Cardiff", ("CF10", "CF11", "CF14", "CF23", "CF24")),
    ("Swansea", ("SA1", "SA2", "SA4")),
    ("Bangor", ("LL57",)),
    ("Caernarfon", ("LL55",)),
    ("Aberystwyth", ("SY23",)),
    ("Carmarthen", ("SA31",)),
    ("Newport", ("NP19", "NP20")),
    ("Wrexham", ("LL11", "LL13")),
)
TOWNS = (
    *WELSH_TOWNS,
    ("London", ("SW1A", "SE1", "N1", "E1", "NW1", "W1D", "EC1A", "WC2N", "SE15", "E17")),
    ("Manchester", ("M1", "M4", "M14", "M20")),
    ("Birmingham", ("B1", "B15", "B29")),
    ("Leeds", ("LS1", "LS6", "LS11")),
    ("Newcastle upon Tyne", ("NE1", "NE6")),
    ("Bristol", ("BS1", "BS5", "BS8")),
    ("Tamworth", ("B77", "B78", "B79")),
    ("Liverpool", ("L1", "L8", "L15")),
    ("Sheffield", ("S1", "S10")),
    ("Nottingham", ("NG1", "NG7")),
    ("Norwich", ("NR1", "NR2")),
    ("York", ("YO1", "YO10")),
    ("Exeter", ("EX1", "EX4")),
    ("Brighton", ("BN1", "BN2")),
    ("Oxford", ("OX1", "OX4")),
    ("Cambridge", ("CB1", "CB4")),
    ("Peterborough", ("PE1",)),
    ("Derby", ("DE1", "DE22")),
    ("Crewe", ("CW1",)),
    ("Worcester", ("WR1",)),
    ("Glasgow", ("G1", "G12")),
    ("Edinburgh", ("EH1", "EH8")),
    ("Belfast", ("BT1", "BT7")),
    ("Reading", ("RG1",)),
    ("Milton Keynes", ("MK9",)),
    ("Doncaster", ("DN1",)),
    ("Plymouth", ("PL1", "PL4")),
)
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's inward code may use
MOBILE_SECOND_DIGITS = "12345789"  # 071-075, 077-079
# (area code, digits after it): London and Cardiff have 8, the big cities 7, towns 6.
AREA_CODES = (
    ("020", 8),
    ("029", 8),
    ("0113", 7),
    ("0114", 7),
    ("0115", 7),
    ("0116", 7),
    ("0117", 7),
    ("0121", 7),
    ("0131", 7),
    ("0141", 7),
    ("0151", 7),
    ("0161", 7),
    ("0191", 7),
    ("01792", 6),
    ("01248", 6),
    ("01970", 6),
    ("01633", 6),
    ("01267", 6),
    ("01827", 6),
    ("01603", 6),
    ("01904", 6),
    ("01392", 6),
)
FOUR_DIGIT_CODES = frozenset(code for code, _ in AREA_CODES if len(code) == 4)
EMAIL_DOMAINS = ("example.com", "example.org", "example.net", "mail.example.com")
TRADES = ("Plumbing", "Building", "Haulage", "Cleaning", "Catering", "Security", "Roofing")
ORGANISATIONS = (
    "Residents' Association",
    "Rail Users' Group",
    "Civic Society",
    "Disability Forum",
    "Community Trust",
    "Cycling Campaign",
    "Tenants' Federation",
)
PUBLIC_BODIES = (
    "{town} City Council",
    "{town} Borough Council",
    "{town} Town Council",
    "{town} Fire and Rescue Service",
    "{town} Clinical Services NHS Trust",
    "{town} Community Safety Partnership",
)
AGENCIES = (
    "{surname} Planning Consultants",
    "{surname} & {other} Solicitors",
    "{surname} Associates",
    "{surname} Advocacy Services",
)
SITE_OWNERS = ("{surname} Estates Ltd", "{town} Retail Park Ltd", "{surname} Farm", "{town} Marina")
ACCESSIBILITY_NEEDS = (
    "Hearing impaired: prefers email or text relay.",
    "Please call in the morning; finds afternoons difficult.",
    "Needs letters in a clear sans-serif font.",
    "Prefers not to be contacted by telephone.",
    "Uses a screen reader: send accessible PDFs or plain text.",
)
OPENINGS = (
    "Asked about",
    "Complained about",
    "Wrote again about",
    "Chased a reply about",
    "Sent further information about",
    "Requested an update on",
    "Raised concerns about",
    "Queried the decision on",
    "Followed up the call about",
    "Provided evidence concerning",
)
TOPICS = (
    "delays on the morning service",
    "a penalty fare",
    "anti-social behaviour at the station",
    "the handling of their earlier complaint",
    "a lost property claim",
    "the accessibility of the footbridge",
    "CCTV footage from the platform",
    "a police officer's conduct",
    "parking enforcement at the station car park",
    "noise from overnight engineering works",
    "a freedom of information request",
    "the response times in our service standards",
    "a subject access request",
    "the minutes of the last Authority meeting",
    "an invitation to a community event",
    "graffiti on the underpass",
    "the closure of the ticket office",
    "a data protection concern",
    "an incident on the late train",
    "the outcome of their appeal",
)
SECOND_SENTENCES = (
    "",
    " Wants a written answer.",
    " Says this is the third time of asking.",
    " Copied their MP.",
    " Attached photographs.",
    " Asked for a call back.",
    " Unhappy with the previous response.",
    " Provided a reference number from an earlier letter.",
)
ENDED_REASONS = (
    "Caller was abusive after two warnings; call ended as the policy allows.",
    "Caller repeated the same points for forty minutes and would not accept the answer given.",
    "Caller used threatening language towards the officer.",
)
PAUSE_REASONS = (
    "Waiting for the customer to send their reference number.",
    "Waiting for the customer to confirm their identity.",
    "Asked the customer which incident they mean.",
    "Waiting for the customer's signed consent form.",
)
OFFICER_JOB_TITLE = "Customer Services Officer"
MANAGER_JOB_TITLE = "Team Manager"

# -- Proportions ---------------------------------------------------------------------------------

CUSTOMER_KINDS = (
    (CustomerKind.INDIVIDUAL, 0.86),
    (CustomerKind.PRIVATE_FIRM, 0.05),
    (CustomerKind.INDEPENDENT_ORGANISATION, 0.03),
    (CustomerKind.PUBLIC_BODY, 0.02),
    (CustomerKind.AGENT, 0.025),
    (CustomerKind.SITE_OWNER, 0.015),
)
CHANNELS = (
    (Channel.EMAIL, 0.38),
    (Channel.TELEPHONE, 0.30),
    (Channel.LETTER, 0.16),
    (Channel.SOCIAL_MEDIA, 0.08),
    (Channel.VISIT, 0.08),
)
KINDS = (
    (ContactKind.GENERAL, 0.86),
    (ContactKind.COMPLAINT, 0.07),
    (ContactKind.FOI, 0.03),
    (ContactKind.SAR, 0.01),
    (ContactKind.MEDIA, 0.015),
    (ContactKind.COMPLAINT_MEMBER_STAFF, 0.01),
    (ContactKind.COMPLAINT_SENIOR_OFFICER, 0.005),
)
WRITTEN_KINDS = {
    ContactKind.FOI,
    ContactKind.SAR,
    ContactKind.COMPLAINT,
    ContactKind.COMPLAINT_MEMBER_STAFF,
    ContactKind.COMPLAINT_SENIOR_OFFICER,
}
OUTGOING_CHANNELS = {Channel.EMAIL, Channel.LETTER, Channel.TELEPHONE}


class _Picker:
    """rng.choices with the cumulative weights worked out once."""

    def __init__(self, table):
        self.values = [value for value, _ in table]
        self.cumulative = list(_accumulate(weight for _, weight in table))

    def __call__(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


def _accumulate(weights) -> Iterator[float]:
    total = 0.0
    for weight in weights:
        total += weight
        yield total


# -- Identifiers -----------------------------------------------------------------------------------


def _ascii(text: str) -> str:
    """A name as it would appear in an email address: plain letters only."""
    return normalise.name(text).replace(" ", "")


def phone_number(rng: random.Random) -> str:
    """A UK number in national form (11 digits): mostly mobiles, else a geographic number."""
    if rng.random() < 0.7:
        return "07" + rng.choice(MOBILE_SECOND_DIGITS) + "".join(rng.choices("0123456789", k=8))
    code, length = rng.choice(AREA_CODES)
    first = rng.choice("23456789")
    return code + first + "".join(rng.choices("0123456789", k=length - 1))


def _split(national: str) -> tuple[str, str]:
    """The area code (or mobile prefix) and the rest, grouped as the number is usually read."""
    if national.startswith("07"):
        return national[:5], national[5:]  # 07700 900123
    if national.startswith(("020", "029")):
        return national[:3], f"{national[3:7]} {national[7:]}"  # 020 7946 0123
    if national[:4] in FOUR_DIGIT_CODES:
        return national[:4], f"{national[4:7]} {national[7:]}"  # 0161 496 0123
    return national[:5], national[5:]  # 01792 123456


def written_phone(rng: random.Random, national: str) -> str:
    """The number as someone wrote it down: spaced, compact, international, bracketed."""
    head, tail = _split(national)
    style = rng.randrange(8)
    if style == 0:
        return national
    if style == 1:
        return f"+44 {head[1:]} {tail}"
    if style == 2:
        return f"+44{national[1:]}"
    if style == 3:
        return f"0044 {head[1:]} {tail}"
    if style == 4:
        return f"+44 (0){head[1:]} {tail}"
    if style == 5:
        return f"{head}-{tail.replace(' ', '-')}"
    if style == 6:
        return f"({head}) {tail}"
    return f"{head} {tail}"


def postcode(rng: random.Random, outward_codes) -> str:
    letters = rng.choice(INWARD_LETTERS) + rng.choice(INWARD_LETTERS)
    return f"{rng.choice(outward_codes)} {rng.randrange(10)}{letters}"


def _identifier(kind: str, value: str, postcode_value: str = "") -> tuple[str, str, str, str]:
    """(kind, value, postcode, normalised), normalised as `CustomerIdentifier.normalise()` does."""
    if kind == IdentifierKind.ADDRESS:
        return kind, value, postcode_value, normalise.postcode(postcode_value)
    return kind, value, postcode_value, NORMALISERS[kind](value)


# -- Planning --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _PlannedCustomer:
    kind: str
    name: str
    preferred_language: str
    other_language: str
    no_welsh_reply_needed: bool
    accessibility_formats: list[str]
    accessibility_needs: str
    third_party: str
    identifiers: list[tuple[str, str, str, str]]
    officer: int
    created_ts: int = 0
    email: str = ""
    phone: str = ""
    address: str = ""
    social: str = ""


def _plan_customer(rng: random.Random, officers: int, pickers) -> _PlannedCustomer:
    kind = pickers["customer_kind"](rng)
    welsh = kind == CustomerKind.INDIVIDUAL and rng.random() < 0.025
    other = not welsh and kind == CustomerKind.INDIVIDUAL and rng.random() < 0.015
    if welsh or rng.random() < 0.04:
        town, outward = rng.choice(WELSH_TOWNS)
    else:
        town, outward = rng.choice(TOWNS)
    first = rng.choice(WELSH_FIRST_NAMES if welsh else FIRST_NAMES)
    surname = rng.choice(WELSH_SURNAMES if welsh else SURNAMES)
    if kind == CustomerKind.INDIVIDUAL:
        middle = f" {rng.choice(FIRST_NAMES)[0]}." if rng.random() < 0.08 else ""
        name = f"{first}{middle} {surname}"
    elif kind == CustomerKind.PRIVATE_FIRM:
        name = rng.choice(
            (
                f"{surname} & Sons Ltd",
                f"{town} {rng.choice(TRADES)} Ltd",
                f"{surname} {rng.choice(TRADES)}",
            )
        )
    elif kind == CustomerKind.INDEPENDENT_ORGANISATION:
        name = f"{town} {rng.choice(ORGANISATIONS)}"
    elif kind == CustomerKind.PUBLIC_BODY:
        name = rng.choice(PUBLIC_BODIES).format(town=town)
    elif kind == CustomerKind.AGENT:
        name = rng.choice(AGENCIES).format(surname=surname, other=rng.choice(SURNAMES))
    else:
        name = rng.choice(SITE_OWNERS).format(surname=surname, town=town)

    formats: list[str] = []
    needs = third_party = ""
    if kind == CustomerKind.INDIVIDUAL and rng.random() < 0.04:
        formats = [rng.choice(AccessibilityFormat.values)]
        if AccessibilityFormat.ADVOCATE in formats:
            third_party = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)} (advocate)"
        if rng.random() < 0.5:
            needs = rng.choice(ACCESSIBILITY_NEEDS)

    planned = _PlannedCustomer(
        kind=kind,
        name=name,
        preferred_language=Language.WELSH
        if welsh
        else Language.OTHER
        if other
        else Language.ENGLISH,
        other_language=rng.choice(OTHER_LANGUAGES) if other else "",
        no_welsh_reply_needed=welsh and rng.random() < 0.2,
        accessibility_formats=formats,
        accessibility_needs=needs,
        third_party=third_party,
        identifiers=[],
        officer=rng.randrange(officers),
    )

    count = rng.choices((1, 2, 3), (35, 45, 20))[0]
    kinds = [IdentifierKind.EMAIL, IdentifierKind.PHONE, IdentifierKind.ADDRESS]
    rng.shuffle(kinds)
    kinds = kinds[:count]
    if rng.random() < 0.03:
        kinds[-1] = IdentifierKind.SOCIAL
    for identifier_kind in sorted(kinds):
        if identifier_kind == IdentifierKind.EMAIL:
            if kind == CustomerKind.INDIVIDUAL:
                a, b = _ascii(first), _ascii(surname)
                local = rng.choice((f"{a}.{b}", f"{a}{b}", f"{a[0]}{b}", f"{b}.{a}", f"{a}_{b}"))
                if rng.random() < 0.6:
                    local += str(rng.choice((rng.randint(1, 99), rng.randint(1950, 2008))))
                value = f"{local}@{rng.choice(EMAIL_DOMAINS)}"
            else:
                local = rng.choice(("info", "enquiries", "office", "admin", _ascii(surname)))
                value = f"{local}@{_ascii(name)[:20]}.example.org"
            if rng.random() < 0.1:
                value = value.capitalize()
            planned.email = value
            planned.identifiers.append(_identifier(identifier_kind, value))
        elif identifier_kind == IdentifierKind.PHONE:
            value = written_phone(rng, phone_number(rng))
            planned.phone = value
            planned.identifiers.append(_identifier(identifier_kind, value))
        elif identifier_kind == IdentifierKind.ADDRESS:
            flat = f"Flat {rng.randint(1, 24)}, " if rng.random() < 0.15 else ""
            value = f"{flat}{rng.randint(1, 240)} {rng.choice(STREETS)}, {town}"
            code = postcode(rng, outward)
            planned.address = value
            planned.identifiers.append(_identifier(identifier_kind, value, code))
        else:
            value = f"@{_ascii(first)}{_ascii(surname)[:6]}{rng.randint(1, 999)}"
            planned.social = value
            planned.identifiers.append(_identifier(identifier_kind, value))
    return planned


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` in whole numbers (largest remainder)."""
    if not weights:
        return []
    scale = total / sum(weights)
    exact = [weight * scale for weight in weights]
    counts = [int(value) for value in exact]
    short = total - sum(counts)
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[:short]:
        counts[i] += 1
    return counts


def _contact_counts(rng: random.Random, customers: int, contacts: int) -> list[int]:
    """How many contacts each customer has: a few heavy users, many with one or two."""
    weights = []
    for _ in range(customers):
        draw = rng.random()
        if draw < 0.001:  # the heavy users: hundreds each
            weights.append(math.exp(rng.uniform(math.log(150), math.log(1500))))
        elif draw < 0.021:  # frequent: dozens
            weights.append(math.exp(rng.uniform(math.log(20), math.log(150))))
        else:
            weights.append(1 + rng.expovariate(1 / 2.2))
    return _apportion(contacts, weights)


def _contact_times(rng: random.Random, count: int, start_ts: int, end_ts: int) -> list[int]:
    """`count` moments for one customer's contacts, in the window of their dealings with us."""
    span = end_ts - start_ts
    if count >= 20:  # long-running correspondents: years
        begin = start_ts + int(span * rng.random() * 0.8)
        length = span * rng.uniform(0.2, 1.0)
    else:  # most people: a few months around one matter; more of them recently
        begin = start_ts + int(span * rng.random() ** 0.8)
        length = rng.expovariate(1 / (120 * 86_400))
    finish = min(end_ts, begin + int(length))
    moments = []
    for _ in range(count):
        moment = begin + int((finish - begin) * rng.random())
        if rng.random() < 0.8:  # most contacts arrive in the working day
            in_day = moment - moment % 86_400 + 8 * 3600 + int(rng.random() * 10 * 3600)
            if begin <= in_day <= end_ts:
                moment = in_day
        moments.append(moment)
    return moments


@dataclass(slots=True)
class _PlannedContact:
    ts: int
    customer: int
    officer: int
    channel: str
    kind: str
    direction: str
    language: str
    copied: bool
    no_reply_reason: str
    duration: int | None
    ended_reason: str
    summary: str
    sender: str
    clocks: Clocks
    acknowledged_at: datetime | None = None
    responded_at: datetime | None = None
    paused_at: datetime | None = None
    pause_reason: str = ""

    @property
    def eligible(self) -> bool:
        return bool(self.clocks.acknowledge_due_at or self.clocks.respond_due_at)

    @property
    def pending(self) -> bool:
        clocks = self.clocks
        return bool(
            (clocks.acknowledge_due_at and self.acknowledged_at is None)
            or (clocks.respond_due_at and self.responded_at is None)
        )


class _ClockMemo:
    """`compute_clocks`, remembered where the answer depends only on the day of receipt."""

    def __init__(self, profile, calendar):
        self.profile = profile
        self.calendar = calendar
        self.by_day: dict[tuple, Clocks] = {}
        self.day_only: dict[tuple[str, str], bool] = {}

    def __call__(self, *, channel, kind, received_at, copied, no_reply_reason) -> Clocks:
        day_only = self.day_only.get((channel, kind))
        if day_only is None:
            standard = self.profile.standard_for(channel, kind)
            units = () if standard is None else (standard.acknowledge_unit, standard.respond_unit)
            day_only = self.day_only[(channel, kind)] = TimeUnit.OFFICE_HOURS not in units
        key = None
        if day_only:
            key = (channel, kind, copied, no_reply_reason, received_at.astimezone(LONDON).date())
            if key in self.by_day:
                return self.by_day[key]
        clocks = compute_clocks(
            profile=self.profile,
            calendar=self.calendar,
            channel=channel,
            kind=kind,
            received_at=received_at,
            copied_for_information=copied,
            no_reply_reason=no_reply_reason,
        )
        if key is not None:
            self.by_day[key] = clocks
        return clocks


def _done_at(rng: random.Random, received: datetime, due: datetime) -> datetime:
    """When a clock was met: mostly well within the target, one in ten late."""
    window = due - received
    share = rng.uniform(0.05, 0.95) if rng.random() < 0.9 else rng.uniform(1.0, 1.8)
    return received + window * share


def _moment(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)


# -- Writing ---------------------------------------------------------------------------------------


@contextmanager
def _historical_timestamps() -> Iterator[None]:
    """Let bulk_create keep the created_at / logged_at values given, not stamp them now."""
    fields = [
        Customer._meta.get_field("created_at"),
        Contact._meta.get_field("logged_at"),
        RestrictionCase._meta.get_field("opened_at"),
        Review._meta.get_field("created_at"),
    ]
    saved = [f.auto_now_add for f in fields]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in zip(fields, saved, strict=True):
            f.auto_now_add = value


class _References:
    """Reference numbers per year, continuing from the ReferenceSequence rows."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.last = dict(
            ReferenceSequence.objects.select_for_update()
            .filter(prefix=prefix)
            .values_list("year", "last")
        )
        self.used: set[int] = set()

    def next(self, moment: datetime) -> str:
        year = moment.astimezone(LONDON).year
        number = self.last.get(year, 0) + 1
        self.last[year] = number
        self.used.add(year)
        return f"{self.prefix}-{year}-{number:06d}"

    def save(self) -> None:
        for year in sorted(self.used):
            ReferenceSequence.objects.update_or_create(
                prefix=self.prefix, year=year, defaults={"last": self.last[year]}
            )


class _Meter:
    def __init__(self, progress: Progress, what: str, total: int):
        self.progress, self.what, self.total = progress, what, total
        self.done = 0
        self.started = time.perf_counter()

    def add(self, rows: int) -> None:
        self.done += rows
        elapsed = time.perf_counter() - self.started
        rate = self.done / elapsed if elapsed else 0
        self.progress(f"  {self.what}: {self.done:,}/{self.total:,} ({rate:,.0f} rows/s)")

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started


def create_officers(*, seed: int, officers: int) -> list[User]:
    """Caseworkers in teams of eight, each team under a line manager; reused when present."""
    rng = random.Random(f"{seed}:officers")
    groups = {role: Group.objects.get_or_create(name=role.label)[0] for role in Role}
    password = make_password(None)
    managers: list[User] = []
    for n in range(1, math.ceil(officers / TEAM_SIZE) + 1):
        managers.append(
            _officer(
                rng,
                f"teamlead{n:02d}",
                Role.LINE_MANAGER,
                MANAGER_JOB_TITLE,
                None,
                groups,
                password,
            )
        )
    caseworkers = []
    for n in range(1, officers + 1):
        manager = managers[(n - 1) // TEAM_SIZE]
        caseworkers.append(
            _officer(
                rng,
                f"officer{n:03d}",
                Role.CASEWORKER,
                OFFICER_JOB_TITLE,
                manager,
                groups,
                password,
            )
        )
    return caseworkers


def _officer(rng, username, role, job_title, manager, groups, password) -> User:
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
            job_title=job_title,
            grade=SENIORITY[role],
            line_manager=manager,
            password=password,
        )
        user.groups.add(groups[role])
    return user


def generate(
    *,
    customers: int = DEFAULT_CUSTOMERS,
    contacts: int = DEFAULT_CONTACTS,
    seed: int = 1,
    officers: int = DEFAULT_OFFICERS,
    batch_size: int = DEFAULT_BATCH_SIZE,
    append: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> GenerationResult:
    """Write the synthetic data set; see the module docstring for its shape.

    Raises `contactpolicy.selectors.NoActiveProfile` when no profile is active (the clocks
    need one) and `DatabaseNotEmpty` when customers exist and `append` is false.
    """
    if customers < 1 and contacts:
        raise ValueError("Contacts need customers: give at least one customer.")
    if officers < 1:
        raise ValueError("Give at least one officer.")
    if batch_size < 1:
        raise ValueError("The batch size must be at least 1.")
    progress = progress or (lambda message: None)
    now = (now or timezone.now()).astimezone(UTC).replace(microsecond=0)
    profile = profile_get_active()
    calendar = profile_calendar(profile)
    existing = Customer.objects.count()
    if existing and not append:
        raise DatabaseNotEmpty(
            f"The database already holds {existing:,} customers (`manage.py setup_demo` adds "
            "a few for demonstration). Use a fresh database, or give --append to add the "
            "synthetic data to what is there."
        )

    started = time.perf_counter()
    phases: dict[str, tuple[int, float]] = {}
    pickers = {
        "customer_kind": _Picker(CUSTOMER_KINDS),
        "channel": _Picker(CHANNELS),
        "kind": _Picker(KINDS),
    }

    # 1. Plan the customers and when each was in touch (pure Python, deterministic).
    progress(f"Planning {customers:,} customers and {contacts:,} contacts (seed {seed})...")
    rng = random.Random(f"{seed}:customers")
    planned = [_plan_customer(rng, officers, pickers) for _ in range(customers)]
    rng = random.Random(f"{seed}:times")
    counts = _contact_counts(rng, customers, contacts)
    end_ts = int(now.timestamp()) - 60
    start_ts = end_ts - YEARS * 365 * 86_400 - 2 * 86_400
    moments: list[tuple[int, int]] = []
    for index, (customer, count) in enumerate(zip(planned, counts, strict=True)):
        times = _contact_times(rng, count, start_ts, end_ts)
        moments.extend((ts, index) for ts in times)
        first = min(times) if times else start_ts + int((end_ts - start_ts) * rng.random())
        customer.created_ts = max(start_ts, first - rng.randint(0, 300))
    # Customers were created in order over the years: number and insert them in that order.
    order = sorted(range(customers), key=lambda i: (planned[i].created_ts, i))
    rank = [0] * customers
    for position, index in enumerate(order):
        rank[index] = position
    planned = [planned[i] for i in order]
    moments = sorted((ts, rank[index]) for ts, index in moments)
    del order, rank

    # 2. Write, in one transaction.
    gc.collect()
    gc.freeze()  # the plan lives to the end: keep the collector from walking it again and again
    try:
        with transaction.atomic(), _historical_timestamps():
            staff = [user.pk for user in create_officers(seed=seed, officers=officers)]
            customer_pks = _write_customers(planned, staff, batch_size, progress, phases)
            progress(f"  planning {contacts:,} contacts...")
            planned_contacts = _plan_contacts(
                seed=seed,
                moments=moments,
                customers=planned,
                officers=len(staff),
                clocks=_ClockMemo(profile, calendar),
                profile=profile,
                now=now,
                pickers=pickers,
            )
            del moments
            gc.freeze()
            open_count = _write_contacts(
                planned_contacts, planned, customer_pks, staff, now, batch_size, progress, phases
            )
            appealed: set[int] = set()
            if has_appeal_route(profile):
                appealed = set(customer_pks[::APPEAL_EVERY])
                _write_appeals(
                    profile=profile,
                    calendar=calendar,
                    seed=seed,
                    customer_pks=customer_pks,
                    staff=staff,
                    now=now,
                    batch_size=batch_size,
                    progress=progress,
                    phases=phases,
                )
            restricted, reviews = _write_reviews(
                seed=seed,
                customers=planned,
                customer_pks=customer_pks,
                appealed=appealed,
                now=now,
                batch_size=batch_size,
                progress=progress,
                phases=phases,
            )
    finally:
        gc.unfreeze()

    seconds = time.perf_counter() - started
    return GenerationResult(
        customers=customers,
        identifiers=phases["identifiers"][0],
        contacts=len(planned_contacts),
        open_contacts=open_count,
        officers=len(staff),
        seconds=seconds,
        phases=phases,
        restriction_cases=restricted,
        reviews=reviews,
    )


def _customer_batches(planned, staff, references, batch_size):
    for start in range(0, len(planned), batch_size):
        batch = planned[start : start + batch_size]
        rows = []
        for customer in batch:
            created_at = _moment(customer.created_ts)
            rows.append(
                Customer(
                    reference=references.next(created_at),
                    kind=customer.kind,
                    name=customer.name,
                    normalised_name=normalise.name(customer.name),
                    preferred_language=customer.preferred_language,
                    other_language=customer.other_language,
                    no_welsh_reply_needed=customer.no_welsh_reply_needed,
                    accessibility_formats=customer.accessibility_formats,
                    accessibility_needs=customer.accessibility_needs,
                    third_party=customer.third_party,
                    created_at=created_at,
                    created_by_id=staff[customer.officer % len(staff)],
                )
            )
        yield batch, rows


def _write_customers(planned, staff, batch_size, progress, phases) -> list[int]:
    references = _References("CUS")
    meter = _Meter(progress, "customers", len(planned))
    identifier_rows = 0
    identifier_seconds = 0.0
    pks: list[int] = []
    for batch, rows in _customer_batches(planned, staff, references, batch_size):
        Customer.objects.bulk_create(rows, batch_size=batch_size)
        pks.extend(row.pk for row in rows)
        began = time.perf_counter()
        identifiers = [
            CustomerIdentifier(
                customer_id=row.pk, kind=kind, value=value, postcode=code, normalised=normalised
            )
            for row, customer in zip(rows, batch, strict=True)
            for kind, value, code, normalised in customer.identifiers
        ]
        CustomerIdentifier.objects.bulk_create(identifiers, batch_size=batch_size)
        identifier_rows += len(identifiers)
        identifier_seconds += time.perf_counter() - began
        meter.add(len(rows))
    references.save()
    phases["customers"] = (len(planned), meter.seconds - identifier_seconds)
    phases["identifiers"] = (identifier_rows, identifier_seconds)
    return pks


def _plan_contacts(*, seed, moments, customers, officers, clocks, profile, now, pickers):
    """Every contact's attributes and clocks, then which are still open (2%)."""
    rng = random.Random(f"{seed}:contacts")
    no_reply = {}
    for exception in profile.no_reply_exceptions.all():
        for channel in exception.channels or Channel.values:
            no_reply.setdefault(channel, []).append(exception.reason)
    planned: list[_PlannedContact] = []
    for ts, index in moments:
        customer = customers[index]
        kind = pickers["kind"](rng)
        if kind in WRITTEN_KINDS:
            channel = Channel.EMAIL if rng.random() < 0.6 else Channel.LETTER
        elif kind == ContactKind.MEDIA:
            channel = Channel.EMAIL if rng.random() < 0.6 else Channel.TELEPHONE
        else:
            channel = pickers["channel"](rng)
        direction = Direction.INCOMING
        if channel in OUTGOING_CHANNELS and kind == ContactKind.GENERAL and rng.random() < 0.2:
            direction = Direction.OUTGOING
        if customer.preferred_language == Language.WELSH:
            language = Language.WELSH if rng.random() < 0.85 else Language.ENGLISH
        elif customer.preferred_language == Language.OTHER:
            language = Language.OTHER if rng.random() < 0.3 else Language.ENGLISH
        else:
            language = Language.ENGLISH
        copied = False
        reason = ""
        duration = None
        ended_reason = ""
        if direction == Direction.INCOMING:
            draw = rng.random()
            if channel in (Channel.LETTER, Channel.EMAIL) and draw < 0.015:
                copied = True
            elif draw < 0.025 and no_reply.get(channel):
                reason = rng.choice(no_reply[channel])
            if channel == Channel.TELEPHONE:
                duration = max(1, int(rng.lognormvariate(1.8, 0.7)))
                if rng.random() < 0.004:
                    ended_reason = rng.choice(ENDED_REASONS)
        elif channel == Channel.TELEPHONE:
            duration = max(1, int(rng.lognormvariate(1.5, 0.6)))
        officer = customer.officer if rng.random() < 0.85 else rng.randrange(officers)
        summary = f"{rng.choice(OPENINGS)} {rng.choice(TOPICS)}.{rng.choice(SECOND_SENTENCES)}"
        if channel == Channel.EMAIL and customer.email:
            sender = customer.email
        elif channel == Channel.TELEPHONE and customer.phone:
            sender = customer.phone
        elif channel == Channel.SOCIAL_MEDIA and customer.social:
            sender = customer.social
        elif channel == Channel.LETTER and customer.address:
            sender = customer.address
        else:
            sender = customer.name
        received = _moment(ts)
        if direction == Direction.INCOMING:
            contact_clocks = clocks(
                channel=channel,
                kind=kind,
                received_at=received,
                copied=copied,
                no_reply_reason=reason,
            )
        else:
            contact_clocks = Clocks(None, None, "Sent by us: no clock runs.")
        contact = _PlannedContact(
            ts=ts,
            customer=index,
            officer=officer % officers,
            channel=channel,
            kind=kind,
            direction=direction,
            language=language,
            copied=copied,
            no_reply_reason=reason,
            duration=duration,
            ended_reason=ended_reason,
            summary=summary,
            sender=sender,
            clocks=contact_clocks,
        )
        # When it was (or will be) acknowledged and answered; in the future means still open.
        acknowledged = responded = None
        if contact_clocks.acknowledge_due_at:
            acknowledged = _done_at(rng, received, contact_clocks.acknowledge_due_at)
        if contact_clocks.respond_due_at:
            responded = _done_at(rng, received, contact_clocks.respond_due_at)
            if acknowledged and responded < acknowledged:
                responded = acknowledged
        elif direction == Direction.INCOMING and not (copied or reason) and not acknowledged:
            responded = received + timedelta(minutes=rng.randint(5, 4 * 24 * 60))
        contact.acknowledged_at = acknowledged if acknowledged and acknowledged <= now else None
        contact.responded_at = responded if responded and responded <= now else None
        planned.append(contact)
    _open_backlog(rng, planned, now)
    return planned


def _open_backlog(rng: random.Random, planned: list[_PlannedContact], now: datetime) -> None:
    """Leave about OPEN_SHARE of the contacts unanswered, mostly recent, some long overdue."""
    target = round(len(planned) * OPEN_SHARE)
    open_now = sum(1 for contact in planned if contact.pending)
    closed = [i for i, contact in enumerate(planned) if contact.eligible and not contact.pending]
    chosen: list[int] = []
    walked = len(closed)
    # The most recent first: officers work through their queue from the oldest, so what is
    # left is mostly recent...
    for position in range(len(closed) - 1, -1, -1):
        if open_now + len(chosen) >= target * 0.9:
            break
        walked = position
        if rng.random() < 0.5:
            chosen.append(closed[position])
    # ...and a backlog of older ones that were never answered.
    older = closed[:walked]
    missing = max(0, target - open_now - len(chosen))
    chosen.extend(rng.sample(older, min(missing, len(older))))
    for i in sorted(chosen):
        contact = planned[i]
        contact.responded_at = None
        if contact.clocks.acknowledge_due_at and rng.random() < 0.5:
            contact.acknowledged_at = None
        if not contact.pending:  # an acknowledgement-only clock, already met
            contact.acknowledged_at = None
    for contact in planned:
        if contact.pending and rng.random() < PAUSED_SHARE:
            received = _moment(contact.ts)
            contact.paused_at = received + (now - received) * rng.uniform(0.1, 0.9)
            contact.pause_reason = rng.choice(PAUSE_REASONS)


def _contact_batches(planned, customers, customer_pks, staff, references, now, batch_size):
    for start in range(0, len(planned), batch_size):
        rows = []
        for contact in planned[start : start + batch_size]:
            received = _moment(contact.ts)
            officer = staff[contact.officer]
            row = Contact(
                reference=references.next(received),
                customer_id=customer_pks[contact.customer],
                sender=contact.sender,
                channel=contact.channel,
                kind=contact.kind,
                direction=contact.direction,
                received_at=received,
                summary=contact.summary,
                officer_id=officer,
                logged_by_id=officer,
                # Logged a minute to two hours after it arrived.
                logged_at=min(now, received + timedelta(seconds=(contact.ts % 7_000) + 60)),
                language=contact.language,
                reply_in_welsh=contact.language == Language.WELSH
                and not customers[contact.customer].no_welsh_reply_needed,
                copied_for_information=contact.copied,
                no_reply_reason=contact.no_reply_reason,
                duration_minutes=contact.duration,
                ended_by_staff=bool(contact.ended_reason),
                ended_reason=contact.ended_reason,
                acknowledge_due_at=contact.clocks.acknowledge_due_at,
                acknowledged_at=contact.acknowledged_at,
                respond_due_at=contact.clocks.respond_due_at,
                responded_at=contact.responded_at,
                clock_note=contact.clocks.note,
                reply_expected=contact.direction == Direction.INCOMING
                and contact.clocks.reply_expected,
                paused_at=contact.paused_at,
                pause_reason=contact.pause_reason,
            )
            row.refresh_next_due()
            rows.append(row)
        yield rows


def _write_contacts(planned, customers, customer_pks, staff, now, batch_size, progress, phases):
    references = _References("CON")
    meter = _Meter(progress, "contacts", len(planned))
    open_count = 0
    batches = _contact_batches(planned, customers, customer_pks, staff, references, now, batch_size)
    for rows in batches:
        Contact.objects.bulk_create(rows, batch_size=batch_size)
        open_count += sum(1 for row in rows if row.is_open)
        meter.add(len(rows))
    references.save()
    phases["contacts"] = (len(planned), meter.seconds)
    return open_count


APPEAL_STATES = [
    AppealState.RECEIVED,
    AppealState.ACKNOWLEDGED,
    AppealState.UNDER_INVESTIGATION,
    AppealState.UNDER_INVESTIGATION,
    AppealState.DECIDED,
    AppealState.DECIDED,
    AppealState.WITHDRAWN,
]


def _write_appeals(
    *, profile, calendar, seed, customer_pks, staff, now, batch_size, progress, phases
) -> None:
    """One customer in `APPEAL_EVERY`: a restriction case under sanctions, the approved
    decision that put it there, and an appeal against it."""
    rng = random.Random(f"{seed}:appeals")
    chosen = customer_pks[::APPEAL_EVERY]
    meter = _Meter(progress, "appeals", len(chosen))
    cases_refs, decision_refs, appeal_refs = (
        _References("RES"),
        _References("DEC"),
        _References("APL"),
    )
    today = now.astimezone(LONDON).date()
    for start in range(0, len(chosen), batch_size):
        batch = chosen[start : start + batch_size]
        plans = []
        for customer_pk in batch:
            received = today - timedelta(days=rng.randint(1, 60))
            applied = now - timedelta(days=(today - received).days + rng.randint(1, 25))
            plans.append((customer_pk, received, applied, rng.choice(APPEAL_STATES)))
        cases = [
            RestrictionCase(
                reference=cases_refs.next(applied),
                customer_id=customer_pk,
                state=Stage.SANCTIONED,
                review_due=today + timedelta(days=rng.randint(30, 180)),
                sanctioned_at=applied,
                opened_at=applied,
            )
            for customer_pk, _, applied, _ in plans
        ]
        RestrictionCase.objects.bulk_create(cases, batch_size=batch_size)
        decisions = [
            Decision(
                reference=decision_refs.next(applied),
                restriction_case_id=case.pk,
                kind=DecisionKind.SANCTION,
                status=DecisionStatus.APPROVED,
                reasons="Repeated abuse of staff on the telephone.",
                proposed_by_id=rng.choice(staff),
                decided_at=applied,
                applied_at=applied,
                review_due=case.review_due,
            )
            for case, (_, _, applied, _) in zip(cases, plans, strict=True)
        ]
        Decision.objects.bulk_create(decisions, batch_size=batch_size)
        appeals = []
        for case, decision, (customer_pk, received, applied, state) in zip(
            cases, decisions, plans, strict=True
        ):
            investigating = state in (AppealState.UNDER_INVESTIGATION, AppealState.DECIDED)
            via = rng.choice(ReceivedVia.values)
            appeals.append(
                Appeal(
                    reference=appeal_refs.next(applied),
                    decision_id=decision.pk,
                    restriction_case_id=case.pk,
                    customer_id=customer_pk,
                    stage=Stage.SANCTIONED,
                    state=state,
                    received_on=received,
                    received_via=via,
                    grounds="The customer says the calls were not abusive.",
                    decision_due=decision_due(profile, calendar, received),
                    acknowledge_due=acknowledge_due(profile, calendar, received, via),
                    investigator_id=rng.choice(staff) if investigating else None,
                    findings="The recordings were heard." if investigating else "",
                    outcome=rng.choice(AppealOutcome.values)
                    if state == AppealState.DECIDED
                    else "",
                    withdrawn_reason="Withdrawn by letter."
                    if state == AppealState.WITHDRAWN
                    else "",
                    recorded_by_id=rng.choice(staff),
                )
            )
        Appeal.objects.bulk_create(appeals, batch_size=batch_size)
        meter.add(len(batch))
    for references in (cases_refs, decision_refs, appeal_refs):
        references.save()
    phases["appeals"] = (len(chosen), meter.seconds)


def _write_reviews(*, seed, customers, customer_pks, appealed, now, batch_size, progress, phases):
    """Restriction cases for about one customer in a hundred, each with its yearly reviews:
    those held (concluded) and the one open now, most due in the year ahead, a few overdue
    and escalated, a few in progress. Reviewers are the team leads. Customers given an
    appeal already have their restriction case. Returns the counts."""
    rng = random.Random(f"{seed}:reviews")
    started = time.perf_counter()
    reviewers = list(
        User.objects.filter(username__startswith="teamlead")
        .order_by("username")
        .values_list("pk", flat=True)
    )
    today = now.astimezone(LONDON).date()
    references = _References("RES")
    cases, plans = [], []
    for customer, pk in zip(customers, customer_pks, strict=True):
        if rng.random() >= RESTRICTED_SHARE or pk in appealed:
            continue
        created = customer.created_ts
        latest = int(now.timestamp()) - 30 * 86_400
        if created >= latest:
            continue
        began = _moment(rng.randint(created, latest))
        disengaged = rng.random() < 0.2
        held = 0
        while (
            add_calendar_months(began.astimezone(LONDON).date(), REVIEW_MONTHS * (held + 1))
            <= today
        ):
            held += 1
        due = add_calendar_months(began.astimezone(LONDON).date(), REVIEW_MONTHS * (held + 1))
        roll = rng.random()
        state = ReviewState.SCHEDULED
        if roll < OVERDUE_SHARE:
            due = today - timedelta(days=rng.randint(1, 60))
            state = ReviewState.ESCALATED
        elif roll < OVERDUE_SHARE + 0.04:
            state = ReviewState.IN_PROGRESS
        reviewer = reviewers[rng.randrange(len(reviewers))] if reviewers else None
        stage = Stage.DISENGAGED if disengaged else Stage.SANCTIONED
        cases.append(
            RestrictionCase(
                reference=references.next(began),
                customer_id=pk,
                state=Stage.UNDER_REVIEW if state == ReviewState.IN_PROGRESS else stage,
                state_before_review=stage if state == ReviewState.IN_PROGRESS else "",
                review_due=due,
                sanctioned_at=began,
                disengaged_at=began if disengaged else None,
                opened_at=began,
                applied_by_id=reviewer,
            )
        )
        plans.append((began, stage, held, due, state, reviewer))
    RestrictionCase.objects.bulk_create(cases, batch_size=batch_size)
    references.save()
    reviews = []
    for case, (began, stage, held, due, state, reviewer) in zip(cases, plans, strict=True):
        start_day = began.astimezone(LONDON).date()
        since = began
        for n in range(1, held + 1):
            on = add_calendar_months(start_day, REVIEW_MONTHS * n)
            held_at = datetime.combine(on, time_of_day(10), tzinfo=LONDON).astimezone(UTC)
            reviews.append(
                Review(
                    restriction_case_id=case.pk,
                    reviewing=stage,
                    state=ReviewState.CONCLUDED,
                    due_on=on,
                    first_due_on=on,
                    since=since,
                    reviewer_id=reviewer,
                    started_at=held_at,
                    closed_at=held_at,
                    created_at=since,
                )
            )
            since = held_at
        reviews.append(
            Review(
                restriction_case_id=case.pk,
                reviewing=stage,
                state=state,
                due_on=due,
                first_due_on=due,
                since=since,
                reviewer_id=reviewer,
                escalated_at=now if state == ReviewState.ESCALATED else None,
                started_at=now if state == ReviewState.IN_PROGRESS else None,
                created_at=since,
            )
        )
    Review.objects.bulk_create(reviews, batch_size=batch_size)
    seconds = time.perf_counter() - started
    phases["restriction cases"] = (len(cases), seconds)
    phases["reviews"] = (len(reviews), seconds)
    progress(f"  {len(cases):,} restriction cases with {len(reviews):,} reviews")
    return len(cases), len(reviews)
