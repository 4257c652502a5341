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

What a report counts (issue 21, DESIGN.md §11) is there too, written after the contacts
(`_write_restrictions`). The services are the ones found (a handful is created where there
are none); each team of officers works in one, and one customer in ten has a matter of that
service that their later contacts belong to. About one customer in a hundred has a full
restriction history: the incidents that led to it, a warning, sanctions of one to three
kinds from the profile's catalogue (with the parameters each kind requires), sometimes a
disengagement, yearly reviews held on time or late each ending in a decision to continue,
vary or lift, appeals against the sanctions (decided, withdrawn or refused as late) and
referrals (to the police for reported incidents, information sharing). Every decision is
approved and applied, with its approval and its audit event, and every stage, sanction and
review state is one the lifecycle reaches. The rest of the incidents (20,000 in all at the
default size) are spread over other customers and the ten years, across the profile's
behaviour categories and the services, some of them hate incidents, a few leading to a
warning.

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

from appeals import rules as appeal_rules
from appeals.models import (
    Appeal,
    AppealEffect,
    AppealOutcome,
    AppealState,
    LateDecision,
    ReceivedVia,
)
from appeals.rules import acknowledge_due, decision_due, has_appeal_route
from cases import normalise
from cases.clocks import Clocks, compute_clocks
from cases.models import (
    AccessibilityFormat,
    Case,
    CaseStatus,
    Contact,
    Customer,
    CustomerIdentifier,
    CustomerKind,
    Direction,
    IdentifierKind,
    Incident,
    Language,
    ReferenceSequence,
)
from cases.models.customers import NORMALISERS
from cases.models.incidents import ReportedTo, Severity
from contactpolicy.choices import Channel, ContactKind, DecisionKind, TimeUnit
from contactpolicy.models import Service, User
from contactpolicy.roles import SENIORITY, Role
from contactpolicy.selectors import profile_calendar, profile_get_active
from contactpolicy.workcalendar import LONDON, add_calendar_months
from restrictions.models import (
    Approval,
    ApprovalOutcome,
    AuditEvent,
    AuditEventType,
    Decision,
    DecisionStatus,
    Referral,
    ReferralKind,
    RestrictionCase,
    Review,
    ReviewState,
    Sanction,
    SanctionStatus,
    Stage,
)
from restrictions.sanctions import CATALOGUE

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
INCIDENTS_PER_CONTACT = 0.02  # 20,000 incidents for 1,000,000 contacts (DESIGN.md §13)

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
    incidents: int = 0
    decisions: int = 0
    sanctions: int = 0
    matters: int = 0
    appeals: int = 0
    referrals: int = 0

    @property
    def rows(self) -> int:
        return (
            self.customers
            + self.identifiers
            + self.contacts
            + self.restriction_cases
            + self.reviews
            + self.incidents
            + self.decisions
            + self.sanctions
            + self.matters
            + self.appeals
            + self.referrals
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
        Case._meta.get_field("opened_at"),
        Incident._meta.get_field("recorded_at"),
        Decision._meta.get_field("created_at"),
        Approval._meta.get_field("at"),
        Appeal._meta.get_field("recorded_at"),
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


def create_officers(*, seed: int, officers: int, services: list[int] = ()) -> list[User]:
    """Caseworkers in teams of eight, each team under a line manager and in one of
    `services` (in turn); reused when present."""
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
                services[(n - 1) % len(services)] if services else None,
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
                manager.service_id,
            )
        )
    return caseworkers


def _officer(rng, username, role, job_title, manager, groups, password, service) -> User:
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
            service_id=service,
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
    incidents: int | None = None,
    append: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> GenerationResult:
    """Write the synthetic data set; see the module docstring for its shape.

    `incidents` defaults to one for every fifty contacts (DESIGN.md §13: 20,000 for
    1,000,000); those behind each restriction are always written, the rest spread over the
    other customers.

    Raises `contactpolicy.selectors.NoActiveProfile` when no profile is active (the clocks
    need one) and `DatabaseNotEmpty` when customers exist and `append` is false.
    """
    if customers < 1 and contacts:
        raise ValueError("Contacts need customers: give at least one customer.")
    if officers < 1:
        raise ValueError("Give at least one officer.")
    if incidents is None:
        incidents = round(contacts * INCIDENTS_PER_CONTACT)
    if incidents < 0:
        raise ValueError("The number of incidents cannot be negative.")
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
            services = services_ensure()
            staff = [
                user.pk for user in create_officers(seed=seed, officers=officers, services=services)
            ]
            customer_pks = _write_customers(planned, staff, batch_size, progress, phases)
            matters = _write_matters(
                seed=seed,
                customers=planned,
                customer_pks=customer_pks,
                staff=staff,
                services=services,
                now=now,
                batch_size=batch_size,
                phases=phases,
            )
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
                planned_contacts,
                planned,
                customer_pks,
                staff,
                now,
                batch_size,
                progress,
                phases,
                matters,
            )
            appealed = []
            if has_appeal_route(profile):
                appealed = _write_appeals(
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
            counts = _write_restrictions(
                profile=profile,
                calendar=calendar,
                seed=seed,
                customers=planned,
                customer_pks=customer_pks,
                appealed_cases=appealed,
                staff=staff,
                services=services,
                incidents=incidents,
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
        restriction_cases=counts["restriction cases"] + len(appealed),
        reviews=counts["reviews"] + len(appealed),
        incidents=counts["incidents"],
        decisions=counts["decisions"] + len(appealed),
        sanctions=counts["sanctions"],
        matters=phases["matters"][0],
        appeals=counts["past appeals"] + len(appealed),
        referrals=counts["referrals"],
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


def _contact_batches(
    planned, customers, customer_pks, staff, references, now, batch_size, matters=None
):
    matters = matters or {}
    for start in range(0, len(planned), batch_size):
        rows = []
        for contact in planned[start : start + batch_size]:
            received = _moment(contact.ts)
            officer = staff[contact.officer]
            matter = matters.get(contact.customer)
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
                case_id=matter[0] if matter and contact.ts >= matter[1] else None,
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


def _write_contacts(
    planned, customers, customer_pks, staff, now, batch_size, progress, phases, matters=None
):
    references = _References("CON")
    meter = _Meter(progress, "contacts", len(planned))
    open_count = 0
    batches = _contact_batches(
        planned, customers, customer_pks, staff, references, now, batch_size, matters
    )
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


def recent_appeals_complete(decisions, cases, *, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
    """What applying each recent appeal's sanction decision leaves besides the appeal: the
    case opened and applied by the decision's proposer, the decision submitted the day
    before it was approved, its approval by the first team lead and its audit event, and
    the review it scheduled. Deterministic (no random draws), so it can also complete a
    data set generated before it was written."""
    lead = (
        User.objects.filter(username__startswith="teamlead")
        .order_by("username")
        .values_list("pk", flat=True)
        .first()
    )
    for decision, case in zip(decisions, cases, strict=True):
        decision.submitted_at = decision.applied_at - timedelta(days=1)
        case.opened_by_id = case.applied_by_id = decision.proposed_by_id
    Decision.objects.bulk_update(decisions, ["submitted_at"], batch_size=batch_size)
    RestrictionCase.objects.bulk_update(cases, ["opened_by", "applied_by"], batch_size=batch_size)
    Review.objects.bulk_create(
        [
            Review(
                restriction_case_id=case.pk,
                scheduled_by_id=decision.pk,
                reviewing=Stage.SANCTIONED,
                state=ReviewState.SCHEDULED,
                due_on=case.review_due,
                first_due_on=case.review_due,
                since=decision.applied_at,
                reviewer_id=lead,
                created_at=decision.applied_at,
            )
            for decision, case in zip(decisions, cases, strict=True)
        ],
        batch_size=batch_size,
    )
    if lead is not None:
        Approval.objects.bulk_create(
            [
                Approval(
                    decision_id=decision.pk,
                    approver_id=lead,
                    approver_grade=SENIORITY[Role.LINE_MANAGER],
                    role=Role.LINE_MANAGER,
                    outcome=ApprovalOutcome.APPROVE,
                    confirmed_checklist=True,
                    round=1,
                    at=decision.decided_at,
                )
                for decision in decisions
            ],
            batch_size=batch_size,
        )
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                event_type=AuditEventType.DECISION_APPLIED,
                occurred_at=decision.applied_at,
                actor_id=decision.proposed_by_id,
                actor_role=Role.CASEWORKER,
                customer_id=case.customer_id,
                restriction_case_id=case.pk,
                decision_id=decision.pk,
                from_state=Stage.MONITORING,
                to_state=Stage.SANCTIONED,
                reason=decision.reasons,
            )
            for decision, case in zip(decisions, cases, strict=True)
        ],
        batch_size=batch_size,
    )


def _write_appeals(
    *, profile, calendar, seed, customer_pks, staff, now, batch_size, progress, phases
) -> list[tuple[int, RestrictionCase, Decision]]:
    """One customer in `APPEAL_EVERY`: a restriction case under sanctions, the approved
    decision that put it there (the approver recorded why no warning was possible), and an
    appeal against it, still open or decided not upheld (an upheld one would have lifted
    the restriction). Returns (customer id, case, decision) for each, for
    `_write_restrictions` to add the sanctions and the incidents behind them."""
    written = []
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
                warning_not_possible_approved="Threats made to staff left no room for a warning.",
                proposed_by_id=rng.choice(staff),
                created_at=applied - timedelta(days=2),
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
                    outcome=AppealOutcome.NOT_UPHELD if state == AppealState.DECIDED else "",
                    outcome_reasons="The evidence supports the decision."
                    if state == AppealState.DECIDED
                    else "",
                    decided_at=now - timedelta(days=1) if state == AppealState.DECIDED else None,
                    decided_by_id=rng.choice(staff) if state == AppealState.DECIDED else None,
                    withdrawn_reason="Withdrawn by letter."
                    if state == AppealState.WITHDRAWN
                    else "",
                    recorded_by_id=rng.choice(staff),
                    recorded_at=datetime.combine(received, time_of_day(9), tzinfo=LONDON),
                )
            )
        Appeal.objects.bulk_create(appeals, batch_size=batch_size)
        recent_appeals_complete(decisions, cases, batch_size=batch_size)
        written.extend(
            (customer_pk, case, decision)
            for (customer_pk, *_), case, decision in zip(plans, cases, decisions, strict=True)
        )
        meter.add(len(batch))
    for references in (cases_refs, decision_refs, appeal_refs):
        references.save()
    phases["appeals"] = (len(chosen), meter.seconds)
    return written


# -- Restrictions, incidents and everything a report counts ---------------------------------------

SERVICES = (
    "Customer Services",
    "Housing",
    "Planning",
    "Environmental Health",
    "Revenues and Benefits",
    "Waste and Recycling",
)
MATTER_SHARE = 0.1  # customers with a matter (a case) that their later contacts belong to
HATE_SHARE = 0.05  # incidents recorded as hate incidents (Tamworth §4)
LIFTED_SHARE = 0.3  # restrictions lifted at a later review
VARY_SHARE = 0.2  # reviews of sanctions that varied them rather than continuing them
LATE_REVIEW_SHARE = 0.15  # reviews held after their date
PAST_APPEAL_SHARE = 0.3  # restrictions appealed against when imposed
WARNED_SHARE = 0.15  # customers with an incident (and no restriction) who were warned
POLICE_SHARE = 0.6  # incidents in an extreme category reported to the police
SHARING_SHARE = 0.1  # restrictions whose customer was discussed with partner agencies

INCIDENT_DESCRIPTIONS = (
    "Shouted at the officer and called them names when told the answer.",
    "Swore repeatedly on the telephone after being asked to stop.",
    "Sent a long email with insulting remarks about a named member of staff.",
    "Refused to leave reception at closing time and blocked the door.",
    "Made a threat to wait for the officer outside the building.",
    "Posted the officer's name and photograph on social media with abusive comments.",
    "Telephoned eleven times in one morning about the same matter.",
    "Made remarks about the officer's race and accent.",
)
DECISION_REASONS = {
    DecisionKind.WARN: "Abusive language towards staff on several occasions; the customer is "
    "asked to change their behaviour.",
    DecisionKind.SANCTION: "The behaviour continued after the warning; contact is restricted so "
    "that staff are protected and the customer's matters are still dealt with.",
    DecisionKind.DISENGAGE: "Sanctions did not change the behaviour and the matters raised have "
    "all been answered in full.",
    DecisionKind.CONTINUE: "The review found the behaviour unchanged; the restriction continues.",
    DecisionKind.VARY: "The review found some improvement; the sanctions are varied.",
    DecisionKind.LIFT: "No incident since the last review; the restriction is lifted.",
}
SANCTION_VALUES = {
    "channel": lambda rng, customer, officer, day: rng.choice([Channel.EMAIL, Channel.LETTER]),
    "officer": lambda rng, customer, officer, day: officer,
    "weekdays": lambda rng, customer, officer, day: sorted(rng.sample(range(5), 2)),
    "window_start": lambda rng, customer, officer, day: time_of_day(10),
    "window_end": lambda rng, customer, officer, day: time_of_day(12),
    "max_minutes": lambda rng, customer, officer, day: 15,
    "blocked_identifiers": lambda rng, customer, officer, day: (
        customer.phone or customer.email or "07700 900000"
    ),
    "buildings": lambda rng, customer, officer, day: (
        "The civic offices and the customer service centre"
    ),
    "agreed_terms": lambda rng, customer, officer, day: (
        "The customer writes to the named officer by email only and accepts one reply a week."
    ),
    "agreement_signed_on": lambda rng, customer, officer, day: day,
    "third_party": lambda rng, customer, officer, day: "Citizens Advice, acting for the customer",
    "dates": lambda rng, customer, officer, day: [
        (day + timedelta(days=28 * n)).isoformat() for n in (1, 2, 3)
    ],
    "description": lambda rng, customer, officer, day: (
        "Contact only through the customer's solicitor."
    ),
    "scope_topics": lambda rng, customer, officer, day: (
        "The closed complaint about the station car park."
    ),
}


def services_ensure() -> list[int]:
    """The active services' ids; a handful created (without history) where there are none."""
    found = list(
        Service.objects.filter(is_active=True).order_by("name").values_list("pk", flat=True)
    )
    if found:
        return found
    Service.objects.bulk_create([Service(name=name) for name in SERVICES])
    return list(Service.objects.order_by("name").values_list("pk", flat=True))


def _write_matters(*, seed, customers, customer_pks, staff, services, now, batch_size, phases):
    """One customer in ten has a matter with a service, opened when they first got in touch;
    returns {customer index: (case id, opened timestamp)} for their contacts to join."""
    rng = random.Random(f"{seed}:matters")
    started = time.perf_counter()
    references = _References("CAS")
    today = now.astimezone(LONDON).date()
    rows, owners = [], []
    for index, customer in enumerate(customers):
        if rng.random() >= MATTER_SHARE:
            continue
        opened = _moment(customer.created_ts)
        age = (today - opened.astimezone(LONDON).date()).days
        status = (
            CaseStatus.CLOSED
            if age > 365
            else CaseStatus.OUTCOME_REACHED
            if age > 180
            else CaseStatus.OPEN
        )
        outcome_date = (
            None if status == CaseStatus.OPEN else min(today, opened.date() + timedelta(days=90))
        )
        officer = customer.officer % len(staff)
        rows.append(
            Case(
                reference=references.next(opened),
                customer_id=customer_pks[index],
                subject=rng.choice(TOPICS).capitalize(),
                officer_id=staff[officer],
                service_id=services[(officer // TEAM_SIZE) % len(services)],
                status=status,
                outcome="" if status == CaseStatus.OPEN else "Answered in full and explained.",
                outcome_date=outcome_date,
                opened_at=opened,
            )
        )
        owners.append(index)
    Case.objects.bulk_create(rows, batch_size=batch_size)
    references.save()
    phases["matters"] = (len(rows), time.perf_counter() - started)
    return {
        index: (row.pk, customers[index].created_ts)
        for index, row in zip(owners, rows, strict=True)
    }


@dataclass
class _Restriction:
    """One customer's restriction, planned from the first warning to today."""

    customer: int  # index into the planned customers
    warned: datetime
    sanctioned: datetime
    disengaged: datetime | None
    began: datetime  # when the stage now reviewed began (sanctions or disengagement)
    reviews: list  # (due_on, held_at or None, state, decision kind or None)
    lifted: datetime | None
    reviewer: int | None
    proposer: int
    appeal: dict | None = None
    incidents: list = field(default_factory=list)  # (timestamp, decision it led to)


def _plan_restriction(rng, profile, calendar, customer_index, customer, now, staff, reviewers):
    """A warning, sanctions, perhaps a disengagement, the yearly reviews (on time or late)
    each ending in a decision, and either a restriction still in force with its next review
    or one lifted; a third appealed against when imposed."""
    today = now.astimezone(LONDON).date()
    latest = int(now.timestamp()) - 30 * 86_400
    created = customer.created_ts
    began = _moment(rng.randint(created + 7 * 86_400, latest))
    disengaged = rng.random() < 0.2 and (began - _moment(created)).days > 90
    sanctioned = began - timedelta(days=rng.randint(45, 90)) if disengaged else began
    lead = (sanctioned - _moment(created)).days
    warned = sanctioned - timedelta(days=rng.randint(min(14, lead // 2), max(14, min(120, lead))))
    warned = max(warned, _moment(created) + timedelta(hours=1))
    if warned >= sanctioned:
        warned = sanctioned - timedelta(hours=1)
    start_day = began.astimezone(LONDON).date()
    reviews = []
    held = 0
    while add_calendar_months(start_day, REVIEW_MONTHS * (held + 1)) <= today:
        held += 1
    lifted = None
    lift_at = rng.randint(1, held) if held and rng.random() < LIFTED_SHARE else None
    stage = Stage.DISENGAGED if disengaged else Stage.SANCTIONED
    for n in range(1, (lift_at or held) + 1):
        due = add_calendar_months(start_day, REVIEW_MONTHS * n)
        late = rng.random() < LATE_REVIEW_SHARE
        on = (
            due + timedelta(days=rng.randint(3, 40))
            if late
            else due - timedelta(days=rng.randint(0, 10))
        )
        on = min(on, today - timedelta(days=1))
        held_at = datetime.combine(on, time_of_day(10), tzinfo=LONDON).astimezone(UTC)
        if n == lift_at:
            kind = DecisionKind.LIFT
            lifted = held_at
        elif stage == Stage.SANCTIONED and rng.random() < VARY_SHARE:
            kind = DecisionKind.VARY
        else:
            kind = DecisionKind.CONTINUE
        reviews.append((due, held_at, ReviewState.CONCLUDED, kind))
    if lifted is None:
        due = add_calendar_months(start_day, REVIEW_MONTHS * (held + 1))
        roll = rng.random()
        state = ReviewState.SCHEDULED
        if roll < OVERDUE_SHARE:
            due = today - timedelta(days=rng.randint(1, 60))
            state = ReviewState.ESCALATED
        elif roll < OVERDUE_SHARE + 0.04:
            state = ReviewState.IN_PROGRESS
        reviews.append((due, None, state, None))
    plan = _Restriction(
        customer=customer_index,
        warned=warned,
        sanctioned=sanctioned,
        disengaged=began if disengaged else None,
        began=began,
        reviews=reviews,
        lifted=lifted,
        reviewer=reviewers[rng.randrange(len(reviewers))] if reviewers else None,
        proposer=staff[customer.officer % len(staff)],
    )
    if has_appeal_route(profile) and rng.random() < PAST_APPEAL_SHARE:
        plan.appeal = _plan_past_appeal(rng, profile, calendar, plan, today)
    for _ in range(rng.randint(1, 2)):
        moment = warned - timedelta(days=rng.randint(1, 30), minutes=rng.randint(0, 600))
        plan.incidents.append((int(max(moment, _moment(created)).timestamp()), DecisionKind.WARN))
    for _ in range(rng.randint(1, 3)):
        moment = warned + (sanctioned - warned) * rng.uniform(0.05, 0.95)
        plan.incidents.append((int(moment.timestamp()), DecisionKind.SANCTION))
    if disengaged:
        moment = sanctioned + (began - sanctioned) * rng.uniform(0.1, 0.9)
        plan.incidents.append((int(moment.timestamp()), DecisionKind.DISENGAGE))
    return plan


def _plan_past_appeal(rng, profile, calendar, plan, today) -> dict | None:
    """An appeal against the sanctions, received within days of the notice: decided (not
    upheld, or upheld and the restriction lifted), withdrawn, or refused as late."""
    notified = plan.sanctioned.astimezone(LONDON).date() + timedelta(days=1)
    deadline = appeal_rules.appeal_deadline(profile, calendar, notified)
    received = notified + timedelta(days=rng.randint(2, 12))
    roll = rng.random()
    if roll < 0.1 and deadline is not None:
        state = AppealState.REFUSED
        received = deadline + timedelta(days=rng.randint(2, 10))
    elif roll < 0.2:
        state = AppealState.WITHDRAWN
    else:
        state = AppealState.DECIDED
    if deadline is not None and state != AppealState.REFUSED:
        received = min(received, deadline)
    via = rng.choice(ReceivedVia.values)
    decided_on = received + timedelta(days=rng.randint(15, 40))
    if decided_on >= today or (plan.disengaged and decided_on >= plan.disengaged.date()):
        return None
    decided_at = datetime.combine(decided_on, time_of_day(15), tzinfo=LONDON).astimezone(UTC)
    outcome = ""
    if state == AppealState.DECIDED:
        upheld = rng.random() < 0.2 and not plan.disengaged
        outcome = AppealOutcome.UPHELD if upheld else AppealOutcome.NOT_UPHELD
        first_review = plan.reviews[0]
        if upheld and (first_review[1] is None or decided_at < first_review[1]):
            # Upheld: the restriction is lifted by the decider's determination; the first
            # review, scheduled by the sanctions, is superseded.
            plan.reviews = [(first_review[0], decided_at, ReviewState.SUPERSEDED, None)]
            plan.lifted = decided_at
        else:
            outcome = AppealOutcome.NOT_UPHELD
    return {
        "term": appeal_rules.term(profile),
        "decision_due": decision_due(profile, calendar, received),
        "acknowledge_due": acknowledge_due(profile, calendar, received, via),
        "received": received,
        "via": via,
        "deadline": deadline,
        "notified": notified,
        "state": state,
        "outcome": outcome,
        "decided_at": decided_at,
    }


def _write_restrictions(
    *,
    profile,
    calendar,
    seed,
    customers,
    customer_pks,
    appealed_cases,
    staff,
    services,
    incidents,
    now,
    batch_size,
    progress,
    phases,
):
    """Restriction cases for about one customer in a hundred, each with its full history:
    the incidents that led to it, the warning and the sanctions (in force, ended or lifted),
    disengagements, yearly reviews held on time or late with the decision each led to,
    appeals and referrals; then the rest of `incidents` spread over the other customers and
    the ten years, a few of them leading to a warning. Decisions are approved and applied,
    with their approval and audit record, as `restrictions.services.decision_apply` leaves
    them. Reviewers are the team leads. Customers given a recent appeal already have their
    case (`appealed_cases`); their sanctions and incidents are added here."""
    rng = random.Random(f"{seed}:reviews")
    started = time.perf_counter()
    reviewers = list(
        User.objects.filter(username__startswith="teamlead")
        .order_by("username")
        .values_list("pk", flat=True)
    )
    appealed = {customer_pk for customer_pk, _, _ in appealed_cases}
    plans: list[_Restriction] = []
    for index, (customer, pk) in enumerate(zip(customers, customer_pks, strict=True)):
        if rng.random() >= RESTRICTED_SHARE or pk in appealed:
            continue
        if customer.created_ts + 7 * 86_400 >= int(now.timestamp()) - 30 * 86_400:
            continue
        plans.append(
            _plan_restriction(rng, profile, calendar, index, customer, now, staff, reviewers)
        )
    index_of = {pk: index for index, pk in enumerate(customer_pks)}
    rows = _Rows()
    categories = list(profile.behaviour_categories.order_by("order", "pk"))
    sanction_types = [t for t in profile.sanction_types.order_by("pk") if not t.extreme_only]
    refs = {prefix: _References(prefix) for prefix in ("RES", "DEC", "APL", "INC")}
    service_of = [services[(n // TEAM_SIZE) % len(services)] for n in range(len(staff))]

    # Incidents: those behind each restriction, then the rest over the other customers.
    budget = max(0, incidents)
    incident_plan = []  # (timestamp, customer index, restriction plan or None, decision kind)
    for plan in plans:
        for ts, kind in plan.incidents:
            incident_plan.append((ts, plan.customer, plan, kind))
    for customer_pk, _case, decision in appealed_cases:
        applied = decision.applied_at
        for _ in range(2):
            moment = applied - timedelta(days=rng.randint(5, 60), minutes=rng.randint(0, 600))
            incident_plan.append((int(moment.timestamp()), index_of[customer_pk], decision, None))
    end_ts = int(now.timestamp()) - 3600
    warned_customers: dict[int, int] = {}
    restricted = {plan.customer for plan in plans} | {index_of[pk] for pk in appealed}
    if not categories:  # a profile with no categories cannot record an incident
        incident_plan, budget = [], 0
    while len(incident_plan) < budget:
        index = rng.randrange(len(customers))
        if index in restricted:
            continue
        first = customers[index].created_ts
        ts = first + int((end_ts - first) * rng.random() ** 0.7)
        incident_plan.append((ts, index, None, None))
        if index not in warned_customers and rng.random() < WARNED_SHARE:
            warned_customers[index] = ts
    incident_plan.sort(key=lambda item: (item[0], item[1]))
    incident_rows = []
    for ts, index, _, _ in incident_plan:
        customer = customers[index]
        category = _weighted_category(rng, categories)
        occurred = _moment(ts)
        officer = customer.officer % len(staff)
        extreme = category.is_extreme
        reported = extreme and rng.random() < POLICE_SHARE
        required = extreme and bool(profile.police_always_reported)
        incident_rows.append(
            Incident(
                reference=refs["INC"].next(occurred),
                customer_id=customer_pks[index],
                category_id=category.pk,
                occurred_at=occurred,
                channel=rng.choice(Channel.values),
                description=rng.choice(INCIDENT_DESCRIPTIONS),
                staff_affected=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                severity=Severity.HIGH
                if extreme
                else rng.choice([Severity.LOW, Severity.MEDIUM, Severity.MEDIUM]),
                hate_incident=rng.random() < HATE_SHARE,
                police_report_required=required,
                police_report_not_made_reason=""
                if reported or not required
                else "The officer affected asked for it not to be reported.",
                police_report_not_made_by_id=None if reported or not required else staff[officer],
                police_report_not_made_at=None
                if reported or not required
                else occurred + timedelta(days=1),
                reported_to=ReportedTo.POLICE if reported else "",
                reported_at=occurred + timedelta(hours=rng.randint(1, 48)) if reported else None,
                report_reference=f"CAD {rng.randint(1000, 9999)}/{occurred:%d%m%y}"
                if reported
                else "",
                recorded_by_id=staff[officer],
                service_id=service_of[officer] if rng.random() < 0.9 else rng.choice(services),
                recorded_at=occurred + timedelta(minutes=rng.randint(10, 600)),
            )
        )
    rows.incidents = incident_rows
    Incident.objects.bulk_create(incident_rows, batch_size=batch_size)
    cited: dict[int, dict] = {}  # id(plan or decision) -> {kind: [incident ids]}
    for (_, _, owner, kind), row in zip(incident_plan, incident_rows, strict=True):
        if owner is not None:
            cited.setdefault(id(owner), {}).setdefault(kind, []).append(row.pk)
    for plan in plans:
        customer = customers[plan.customer]
        if rng.random() < SHARING_SHARE:
            rows.referral(
                Referral(
                    customer_id=customer_pks[plan.customer],
                    kind=ReferralKind.INFORMATION_SHARING,
                    made_on=plan.sanctioned.astimezone(LONDON).date(),
                    made_by_id=plan.proposer,
                    recipient="The Community Safety Partnership",
                    what_was_shared="The incidents and the sanctions in place.",
                    basis="The information sharing protocol with partner agencies.",
                ),
                [],
            )
        if plan.disengaged and customer.kind == CustomerKind.AGENT:
            rows.referral(
                Referral(
                    customer_id=customer_pks[plan.customer],
                    kind=ReferralKind.AGENT_CLIENT,
                    made_on=(plan.disengaged - timedelta(days=7)).astimezone(LONDON).date(),
                    made_by_id=plan.proposer,
                    recipient="The agent's client",
                    notes="Told the client the agent's behaviour is unacceptable.",
                ),
                [],
            )
    for row in incident_rows:
        if row.reported_to == ReportedTo.POLICE:
            rows.referral(
                Referral(
                    customer_id=row.customer_id,
                    kind=ReferralKind.POLICE,
                    made_on=row.reported_at.astimezone(LONDON).date(),
                    made_by_id=row.recorded_by_id,
                    recipient="The local police force",
                    external_reference=row.report_reference,
                    notes="Reported the same day as the incident.",
                ),
                [row.pk],
            )

    # The restriction cases, their reviews, decisions, sanctions and appeals.
    cases = []
    for plan in plans:
        final = _final_stage(plan)
        in_review = plan.reviews[-1][2] == ReviewState.IN_PROGRESS
        stage = Stage.DISENGAGED if plan.disengaged else Stage.SANCTIONED
        cases.append(
            RestrictionCase(
                reference=refs["RES"].next(plan.warned),
                customer_id=customer_pks[plan.customer],
                state=final,
                state_before_review=stage if in_review else "",
                review_due=None if plan.lifted else plan.reviews[-1][0],
                warned_at=plan.warned,
                sanctioned_at=plan.sanctioned,
                disengaged_at=plan.disengaged,
                lifted_at=plan.lifted,
                opened_at=plan.warned - timedelta(days=1),
                opened_by_id=plan.proposer,
                applied_by_id=plan.proposer,
            )
        )
    for index, first_ts in sorted(warned_customers.items()):
        warned = _moment(first_ts) + timedelta(days=rng.randint(2, 10))
        if warned >= now:
            continue
        case = RestrictionCase(
            reference=refs["RES"].next(warned),
            customer_id=customer_pks[index],
            state=Stage.WARNED,
            warned_at=warned,
            opened_at=warned - timedelta(days=1),
            opened_by_id=staff[customers[index].officer % len(staff)],
            applied_by_id=staff[customers[index].officer % len(staff)],
        )
        cases.append(case)
        rows.warned.append((case, index, first_ts))
    RestrictionCase.objects.bulk_create(cases, batch_size=batch_size)

    for plan, case in zip(plans, cases, strict=False):
        _write_case_history(rng, rows, refs, plan, case, customers, cited, sanction_types, now)
    for case, index, _first_ts in rows.warned:
        decision = rows.decision(
            refs,
            case,
            DecisionKind.WARN,
            case.warned_at,
            staff[customers[index].officer % len(staff)],
            reviewer=reviewers[0] if reviewers else None,
            before=Stage.MONITORING,
            after=Stage.WARNED,
        )
        rows.cites.append((decision, "customer", case.customer_id, case.warned_at))
    for customer_pk, case, decision in appealed_cases:
        customer = customers[index_of[customer_pk]]
        day = decision.applied_at.astimezone(LONDON).date()
        rows.sanctions.extend(
            _sanctions(rng, sanction_types, case, decision, customer, decision.proposed_by_id, day)
        )
        for incident_id in cited.get(id(decision), {}).get(None, []):
            rows.decision_incidents.append((decision, incident_id))

    rows.save(batch_size, incident_rows)
    for prefix in refs.values():
        prefix.save()
    seconds = time.perf_counter() - started
    counts = rows.counts()
    counts["restriction cases"] = len(cases)
    phases["incidents and restriction histories"] = (sum(counts.values()), seconds)
    progress(
        "  "
        + ", ".join(f"{count:,} {phase}" for phase, count in counts.items())
        + f" in {seconds:,.1f} s"
    )
    return counts


def _weighted_category(rng, categories):
    """The milder categories more often than the extreme ones."""
    weights = [1 if category.is_extreme else 4 for category in categories]
    return rng.choices(categories, weights)[0]


def _final_stage(plan: _Restriction) -> str:
    if plan.lifted:
        return Stage.LIFTED
    if plan.reviews[-1][2] == ReviewState.IN_PROGRESS:
        return Stage.UNDER_REVIEW
    return Stage.DISENGAGED if plan.disengaged else Stage.SANCTIONED


def _sanctions(rng, sanction_types, case, decision, customer, officer, day, status=None):
    """One to three sanctions of different kinds from the profile's catalogue, with the
    parameters each kind requires."""
    chosen = rng.sample(sanction_types, min(len(sanction_types), rng.randint(1, 3)))
    made = []
    for sanction_type in chosen:
        spec = CATALOGUE[sanction_type.kind]
        values = {
            Sanction._meta.get_field(parameter.name).attname: SANCTION_VALUES[parameter.name](
                rng, customer, officer, day
            )
            for parameter in spec.parameters
            if parameter.required and parameter.name in SANCTION_VALUES
        }
        sanction = Sanction(
            restriction_case_id=case.pk,
            sanction_type_id=sanction_type.pk,
            kind=sanction_type.kind,
            status=status or SanctionStatus.ACTIVE,
            starts_on=day,
            **values,
        )
        sanction.for_decision = decision
        made.append(sanction)
    return made


def _write_case_history(rng, rows, refs, plan, case, customers, cited, sanction_types, now):
    customer = customers[plan.customer]
    proposer, reviewer = plan.proposer, plan.reviewer
    incidents_for = cited.get(id(plan), {})
    warn = rows.decision(
        refs, case, DecisionKind.WARN, plan.warned, proposer, reviewer, Stage.MONITORING
    )
    warn.cited = incidents_for.get(DecisionKind.WARN, [])
    first_due = add_calendar_months(plan.sanctioned.astimezone(LONDON).date(), REVIEW_MONTHS)
    sanction = rows.decision(
        refs,
        case,
        DecisionKind.SANCTION,
        plan.sanctioned,
        proposer,
        reviewer,
        Stage.WARNED,
        Stage.SANCTIONED,
        review_due=first_due,
    )
    sanction.cited = incidents_for.get(DecisionKind.SANCTION, [])
    in_force = _sanctions(
        rng,
        sanction_types,
        case,
        sanction,
        customer,
        proposer,
        plan.sanctioned.astimezone(LONDON).date(),
    )
    rows.sanctions.extend(in_force)
    stage = Stage.SANCTIONED
    since = plan.sanctioned
    if plan.disengaged:
        rows.reviews.append(
            Review(
                restriction_case_id=case.pk,
                reviewing=Stage.SANCTIONED,
                state=ReviewState.SUPERSEDED,
                due_on=first_due,
                first_due_on=first_due,
                since=plan.sanctioned,
                reviewer_id=reviewer,
                closed_at=plan.disengaged,
                created_at=plan.sanctioned,
            )
        )
        disengage = rows.decision(
            refs,
            case,
            DecisionKind.DISENGAGE,
            plan.disengaged,
            proposer,
            reviewer,
            Stage.SANCTIONED,
            Stage.DISENGAGED,
            review_due=plan.reviews[0][0],
        )
        disengage.cited = incidents_for.get(DecisionKind.DISENGAGE, [])
        _end(in_force, plan.disengaged, SanctionStatus.ENDED)
        in_force = []
        stage = Stage.DISENGAGED
        since = plan.disengaged
    if plan.appeal:
        _appeal(rows, refs, plan, case, sanction, proposer, reviewer, in_force)
    for n, (due, held_at, state, kind) in enumerate(plan.reviews):
        review = Review(
            restriction_case_id=case.pk,
            reviewing=stage,
            state=state,
            due_on=due,
            first_due_on=due,
            since=since,
            reviewer_id=reviewer,
            started_at=held_at if state == ReviewState.CONCLUDED else None,
            started_by_id=reviewer if state == ReviewState.CONCLUDED else None,
            closed_at=held_at,
            escalated_at=now if state == ReviewState.ESCALATED else None,
            created_at=since,
        )
        if state == ReviewState.IN_PROGRESS:
            review.started_at = now
            review.started_by_id = reviewer
        rows.reviews.append(review)
        if kind is None:
            continue
        next_due = None if kind == DecisionKind.LIFT else (plan.reviews[n + 1][0])
        after = Stage.LIFTED if kind == DecisionKind.LIFT else stage
        decision = rows.decision(
            refs, case, kind, held_at, proposer, reviewer, stage, after, review_due=next_due
        )
        decision.for_review = review
        day = held_at.astimezone(LONDON).date()
        if kind == DecisionKind.VARY:
            _end(in_force, held_at, SanctionStatus.ENDED)
            in_force = _sanctions(rng, sanction_types, case, decision, customer, proposer, day)
            rows.sanctions.extend(in_force)
        elif kind == DecisionKind.LIFT:
            _end(in_force, held_at, SanctionStatus.LIFTED)
        since = held_at


def _end(sanctions, moment: datetime, status: str) -> None:
    """Take sanctions out of force by their own transitions, as `decision_apply` does."""
    on = moment.astimezone(LONDON).date()
    for sanction in sanctions:
        if status == SanctionStatus.LIFTED:
            sanction.lift(on=on)
        else:
            sanction.end(on=on)


def _appeal(rows, refs, plan, case, decision, proposer, reviewer, in_force) -> None:
    appeal = plan.appeal
    state = appeal["state"]
    decided = state == AppealState.DECIDED
    received_at = datetime.combine(appeal["received"], time_of_day(9), tzinfo=LONDON)
    row = Appeal(
        reference=refs["APL"].next(received_at),
        restriction_case_id=case.pk,
        customer_id=case.customer_id,
        stage=Stage.SANCTIONED,
        term=appeal["term"],
        state=state,
        received_on=appeal["received"],
        received_via=appeal["via"],
        grounds="The customer says the sanctions are unfair and the incidents exaggerated.",
        notice_date=appeal["notified"],
        deadline=appeal["deadline"],
        is_late=appeal["deadline"] is not None and appeal["received"] > appeal["deadline"],
        late_decision=LateDecision.REFUSED if state == AppealState.REFUSED else "",
        late_reason="No reason given for the delay." if state == AppealState.REFUSED else "",
        late_decided_by_id=reviewer if state == AppealState.REFUSED else None,
        late_decided_at=appeal["decided_at"] if state == AppealState.REFUSED else None,
        refused_reason="Received after the deadline with no reason for the delay."
        if state == AppealState.REFUSED
        else "",
        decision_due=appeal["decision_due"],
        acknowledge_due=appeal["acknowledge_due"],
        investigator_id=reviewer if decided else None,
        assigned_at=received_at + timedelta(days=3) if decided else None,
        findings="The recordings and the officer's notes were reviewed." if decided else "",
        findings_at=appeal["decided_at"] - timedelta(days=2) if decided else None,
        outcome=appeal["outcome"],
        effect=AppealEffect.LIFT if appeal["outcome"] == AppealOutcome.UPHELD else "",
        outcome_reasons="The evidence supports the decision."
        if appeal["outcome"] == AppealOutcome.NOT_UPHELD
        else "The incidents did not justify sanctions."
        if decided
        else "",
        decided_by_id=reviewer if decided else None,
        decided_at=appeal["decided_at"] if decided else None,
        withdrawn_reason="Withdrawn by letter." if state == AppealState.WITHDRAWN else "",
        recorded_by_id=proposer,
        recorded_at=received_at,
    )
    row.appealed = decision
    if appeal["outcome"] == AppealOutcome.UPHELD:
        lift = rows.decision(
            refs,
            case,
            DecisionKind.LIFT,
            appeal["decided_at"],
            proposer,
            reviewer,
            Stage.SANCTIONED,
            Stage.LIFTED,
        )
        row.resulting = lift
        _end(in_force, appeal["decided_at"], SanctionStatus.LIFTED)
    rows.appeals.append(row)


class _Rows:
    """The rows of the restriction histories, written table by table once planned."""

    def __init__(self):
        self.incidents: list = []
        self.decisions: list = []
        self.sanctions: list = []
        self.reviews: list = []
        self.appeals: list = []
        self.referrals: list = []
        self.warned: list = []
        self.cites: list = []
        self.decision_incidents: list = []

    def decision(
        self, refs, case, kind, moment, proposer, reviewer, before, after=None, review_due=None
    ) -> Decision:
        decision = Decision(
            reference=refs["DEC"].next(moment),
            restriction_case_id=case.pk,
            kind=kind,
            status=DecisionStatus.APPROVED,
            reasons=DECISION_REASONS[kind],
            review_due=review_due,
            round=1,
            proposed_by_id=proposer,
            created_at=moment - timedelta(days=3),
            submitted_at=moment - timedelta(days=2),
            decided_at=moment - timedelta(hours=2),
            applied_at=moment,
        )
        decision.approver = reviewer
        decision.customer_id = case.customer_id
        decision.stages = (before, after or before)
        decision.cited = []
        decision.for_review = None
        self.decisions.append(decision)
        return decision

    def referral(self, referral: Referral, incident_ids: list[int]) -> None:
        referral.incident_ids = incident_ids
        self.referrals.append(referral)

    def save(self, batch_size: int, incidents) -> None:
        by_customer: dict[int, list] = {}
        for incident in incidents:
            by_customer.setdefault(incident.customer_id, []).append(incident)
        for decision, _, customer_id, moment in self.cites:
            decision.cited = [
                incident.pk
                for incident in by_customer.get(customer_id, [])
                if incident.occurred_at < moment
            ]
        Review.objects.bulk_create(self.reviews, batch_size=batch_size)
        for decision in self.decisions:
            decision.review_id = decision.for_review.pk if decision.for_review else None
        Decision.objects.bulk_create(self.decisions, batch_size=batch_size)
        for sanction in self.sanctions:
            sanction.decision_id = sanction.for_decision.pk
        Sanction.objects.bulk_create(self.sanctions, batch_size=batch_size)
        for appeal in self.appeals:
            appeal.decision_id = appeal.appealed.pk
            resulting = getattr(appeal, "resulting", None)
            appeal.resulting_decision_id = resulting.pk if resulting else None
        Appeal.objects.bulk_create(self.appeals, batch_size=batch_size)
        recorded = self.decisions
        Approval.objects.bulk_create(
            [
                Approval(
                    decision_id=decision.pk,
                    approver_id=decision.approver,
                    approver_grade=SENIORITY[Role.LINE_MANAGER],
                    role=Role.LINE_MANAGER,
                    outcome=ApprovalOutcome.APPROVE,
                    confirmed_checklist=True,
                    round=1,
                    at=decision.decided_at,
                )
                for decision in recorded
                if decision.approver
            ],
            batch_size=batch_size,
        )
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    event_type=AuditEventType.DECISION_APPLIED,
                    occurred_at=decision.applied_at,
                    actor_id=decision.proposed_by_id,
                    actor_role=Role.CASEWORKER,
                    customer_id=decision.customer_id,
                    restriction_case_id=decision.restriction_case_id,
                    decision_id=decision.pk,
                    from_state=decision.stages[0],
                    to_state=decision.stages[1],
                    reason=decision.reasons,
                )
                for decision in recorded
            ],
            batch_size=batch_size,
        )
        through = Decision.incidents.through
        links = {
            (decision.pk, incident_id)
            for decision in self.decisions
            for incident_id in decision.cited
        }
        links |= {(decision.pk, incident_id) for decision, incident_id in self.decision_incidents}
        through.objects.bulk_create(
            [through(decision_id=d, incident_id=i) for d, i in sorted(links)],
            batch_size=batch_size,
        )
        Referral.objects.bulk_create(self.referrals, batch_size=batch_size)
        through = Referral.incidents.through
        through.objects.bulk_create(
            [
                through(referral_id=referral.pk, incident_id=incident_id)
                for referral in self.referrals
                for incident_id in referral.incident_ids
            ],
            batch_size=batch_size,
        )

    def counts(self) -> dict[str, int]:
        return {
            "incidents": len(self.incidents),
            "decisions": len(self.decisions),
            "sanctions": len(self.sanctions),
            "reviews": len(self.reviews),
            "past appeals": len(self.appeals),
            "referrals": len(self.referrals),
        }
