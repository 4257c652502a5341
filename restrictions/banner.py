"""The sanction banner: what staff see when a restricted customer makes contact.

Reads only (DESIGN.md §5, §12). `banner_for` loads the customer's restriction case and
the sanctions in force in a fixed number of queries — one when the customer has no active
restriction, four when they have one, however many sanctions apply — and then asks
`restrictions.enforcement.assess` about every channel, which is plain Python. The page
can then show the instruction for the channel being logged, or for each channel when it
does not know the channel yet (no JavaScript, or nothing chosen).
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from cases.models import Contact, Customer
from contactpolicy.choices import Channel
from restrictions.enforcement import Assessment, assess, describe
from restrictions.models import (
    RESTRICTING_STATES,
    CheckOutcome,
    ContactCheck,
    RestrictionCase,
    Sanction,
    SanctionStatus,
    Scope,
    Stage,
)
from restrictions.sanctions import CATALOGUE, EXCLUSION_KINDS
from restrictions.sanctions.read_and_file import replies_at_outcome_only
from restrictions.status import RestrictionStatus, restriction_status, with_sanction_dates

SCRIPT_LABEL = "Read this to the caller, then end the call"

# How each outcome reads on a tag; the words carry the meaning, the colour only repeats it.
OUTCOME_TAGS = {
    CheckOutcome.BREACH: ("Breach", "govuk-tag--red"),
    CheckOutcome.REDIRECTED: ("Redirect", "govuk-tag--yellow"),
    CheckOutcome.PERMITTED: ("Permitted", "govuk-tag--green"),
}
OUTCOME_VERDICTS = {
    CheckOutcome.BREACH: "a breach of the restriction",
    CheckOutcome.REDIRECTED: "to be redirected, as the restriction says",
    CheckOutcome.PERMITTED: "permitted",
}


def sanctions_in_force(today: date | None = None) -> QuerySet:
    """Sanctions approved and in force today, with what `describe` and `assess` read."""
    today = today or timezone.localdate()
    return (
        Sanction.objects.filter(status=SanctionStatus.ACTIVE)
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=today))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("sanction_type", "officer", "deputy")
        .prefetch_related("scope_cases")
        .order_by("pk")
    )


def restriction_in_force(customer: Customer, today: date | None = None) -> RestrictionCase | None:
    """The customer's restriction in force (`RestrictionCaseQuerySet.in_force`), with its
    scope and the sanctions in force (`case.in_force`) prefetched.

    Four queries when there is one (the case, its scoped cases, the sanctions, their scoped
    cases), one when there is none.
    """
    today = today or timezone.localdate()
    return (
        with_sanction_dates(RestrictionCase.objects.filter(customer=customer).in_force(), today)
        .prefetch_related(
            "scope_cases",
            Prefetch("sanctions", queryset=sanctions_in_force(today), to_attr="in_force"),
        )
        .first()
    )


@dataclass
class ChannelAdvice:
    """What to do if the contact came by one channel."""

    channel: str
    label: str
    assessment: Assessment
    # The outcome turns on whether the contact is on the disengaged topic, and staff have
    # not said yet: no outcome is shown until they do (Natural England step 6).
    depends_on_topic: bool = False

    @property
    def outcome(self) -> str:
        return self.assessment.outcome

    @property
    def tag_text(self) -> str:
        return OUTCOME_TAGS[self.outcome][0]

    @property
    def tag_class(self) -> str:
        return OUTCOME_TAGS[self.outcome][1]

    @property
    def verdict(self) -> str:
        return OUTCOME_VERDICTS[self.outcome]

    @property
    def instructions(self) -> list[str]:
        return [f.instruction for f in self.assessment.findings]

    @property
    def read_script(self) -> bool:
        return self.assessment.read_script

    @property
    def end_call_without_script(self) -> bool:
        """The policy says end the call but the profile has no words to read."""
        return not self.assessment.script and any(f.read_script for f in self.assessment.findings)


@dataclass
class Banner:
    """The restriction, what applies, and the instruction for each channel."""

    case: RestrictionCase
    sanctions: list[Sanction]
    script: str
    moment: datetime
    advice: list[ChannelAdvice] = field(default_factory=list)
    channel: str = ""
    script_label: str = SCRIPT_LABEL
    # Whether staff said the contact is entirely on a different topic: None until answered.
    different_topic: bool | None = None

    @property
    def customer(self) -> Customer:
        return self.case.customer

    @property
    def status(self) -> RestrictionStatus:
        """What the register and the heading say too, on the contact's day."""
        return restriction_status(self.case, self.sanctions, timezone.localtime(self.moment).date())

    @property
    def stage(self) -> str:
        return self.status.label

    @property
    def restricting(self) -> bool:
        """Sanctions or disengagement apply, or sanctions begin after the contact's day: the
        contact is checked against them. Not once every sanction has ended."""
        return self.status.restricting or self.status.not_yet

    @property
    def disengaged(self) -> bool:
        return self.case.is_disengaged

    @property
    def partial(self) -> bool:
        return self.disengaged and self.case.scope == Scope.PARTIAL

    @property
    def began_on(self) -> date | None:
        """The day the first of the restriction's approved sanctions applied from."""
        return self.status.began_on

    @property
    def before_sanctions(self) -> bool:
        """The contact is dated before any of the sanctions applied: none bears on it."""
        return self.status.not_yet

    @property
    def heading(self) -> str:
        if self.before_sanctions:
            return (
                f"This customer's restriction was not in force on "
                f"{timezone.localtime(self.moment):%-d %B %Y}"
            )
        return self.status.heading

    @property
    def under_review(self) -> bool:
        return self.case.state == Stage.UNDER_REVIEW

    @property
    def since(self) -> date | None:
        return self.status.since

    @property
    def review_overdue(self) -> bool:
        return self.case.review_due is not None and self.case.review_due < self.moment.date()

    @property
    def descriptions(self) -> list[str]:
        return [describe(sanction) for sanction in self.sanctions]

    @property
    def scope_topics(self) -> list[str]:
        return [line.strip() for line in self.case.scope_topics.splitlines() if line.strip()]

    @property
    def scope_cases(self) -> list:
        return list(self.case.scope_cases.all())

    @property
    def asks_different_topic(self) -> bool:
        """Natural England step 6: staff say whether the contact is on another topic."""
        return self.partial or any(CATALOGUE[s.kind].covers_matters for s in self.sanctions)

    @property
    def read_and_file(self) -> bool:
        return any(CATALOGUE[s.kind].read_and_file for s in self.sanctions)

    @property
    def asks_new_information(self) -> bool:
        """Whether marking new information starts a reply clock: under a read-and-file
        sanction that replies to new information (OPCC, IPCC §6, Tamworth §8), not under
        one that replies only at the matter's outcome (BTPA §8, mechanism 3)."""
        return any(
            CATALOGUE[s.kind].read_and_file and not replies_at_outcome_only(s)
            for s in self.sanctions
        )

    @property
    def selected(self) -> ChannelAdvice | None:
        return next((a for a in self.advice if a.channel == self.channel), None)

    @property
    def others(self) -> list[ChannelAdvice]:
        return [a for a in self.advice if a.channel != self.channel]

    @property
    def topic_unanswered(self) -> bool:
        """The question whether the contact is on another topic is asked and not answered."""
        return self.asks_different_topic and self.different_topic is None

    @property
    def alert_variant(self) -> str:
        selected = self.selected
        if (
            selected is not None
            and selected.outcome == CheckOutcome.BREACH
            and not selected.depends_on_topic
        ):
            return "error"
        return "warning"

    def advise_every_channel(self, **contact) -> None:
        """What to do for a contact by each channel, the rest of the contact as given.

        Until staff say whether the contact is on another topic, a channel whose outcome
        turns on the answer gives none: the question comes first (Natural England step 6).
        """
        self.advice = []
        for value, label in Channel.choices:
            on_topic = self.assess(
                channel=value, different_topic=bool(self.different_topic), **contact
            )
            depends = (
                self.topic_unanswered
                and self.assess(channel=value, different_topic=True, **contact).outcome
                != on_topic.outcome
            )
            self.advice.append(ChannelAdvice(value, label, on_topic, depends_on_topic=depends))

    def assess(
        self,
        *,
        channel: str,
        moment: datetime | None = None,
        officer=None,
        contact_case=None,
        sender: str = "",
        different_topic: bool = False,
        duration_minutes: int | None = None,
    ) -> Assessment:
        """The assessment of one contact, worked out again from what was submitted."""
        return assess(
            self.case,
            self.sanctions,
            channel=channel,
            moment=moment or self.moment,
            officer=officer,
            contact_case=contact_case,
            sender=sender,
            different_topic=different_topic,
            duration_minutes=duration_minutes,
            script=self.script,
        )


def banner_for(
    customer: Customer | None,
    *,
    script: str = "",
    channel: str = "",
    moment: datetime | None = None,
    officer=None,
    contact_case=None,
    sender: str = "",
    different_topic: bool | None = None,
) -> Banner | None:
    """The banner for a customer with an active restriction, or None.

    `script` is the profile's termination script (BTPA §8), shown word for word where an
    instruction says to read it. The other arguments describe the contact in hand as far
    as it is known; each channel is assessed with them.
    """
    if customer is None:
        return None
    moment = moment or timezone.now()
    case = restriction_in_force(customer, timezone.localtime(moment).date())
    if case is None:
        return None
    case.customer = customer
    banner = Banner(
        case=case,
        sanctions=list(case.in_force),
        script=script,
        moment=moment,
        channel=channel if channel in Channel.values else "",
        different_topic=different_topic,
    )
    banner.advise_every_channel(officer=officer, contact_case=contact_case, sender=sender)
    return banner


def customers_mark_restricted(
    customers: list[Customer], today: date | None = None
) -> list[Customer]:
    """Mark each customer of a list with their restriction stage, in one query.

    Sets `restriction_stage` (a `Stage` value, or ""), `is_restricted` (sanctions or
    disengagement apply today, as `RestrictionStatus.restricting` reads it), `no_sanction_in_force`
    (the case is at sanctions but none applies today: ended, or not begun) and `is_warned` on
    each, for the lookup results' tags ("Restricted", "Not in force", "Warned"), so that they
    say what the banner and the register say.
    """
    if not customers:
        return customers
    today = today or timezone.localdate()
    in_force = sanctions_in_force(today).filter(restriction_case=OuterRef("pk"))
    cases = (
        RestrictionCase.objects.filter(customer=OuterRef("pk"))
        .in_force()
        .annotate(
            applies=ExpressionWrapper(
                Q(state=Stage.DISENGAGED)
                | Q(state_before_review=Stage.DISENGAGED)
                | Exists(in_force),
                output_field=BooleanField(),
            )
        )
    )
    marks = {
        pk: (stage, applies)
        for pk, stage, applies in Customer.objects.filter(pk__in=[c.pk for c in customers])
        .annotate(stage=Subquery(cases.values("state")[:1]))
        .annotate(applies=Subquery(cases.values("applies")[:1]))
        .values_list("pk", "stage", "applies")
    }
    for customer in customers:
        stage, applies = marks.get(customer.pk) or ("", False)
        customer.restriction_stage = stage or ""
        restricting_stage = customer.restriction_stage in RESTRICTING_STATES
        customer.is_restricted = restricting_stage and bool(applies)
        customer.no_sanction_in_force = restricting_stage and not applies
        customer.is_warned = customer.restriction_stage == Stage.WARNED
    return customers


CHECK_VERDICTS = {
    CheckOutcome.BREACH: "This contact breached the restriction",
    CheckOutcome.REDIRECTED: "Redirected, as the restriction says",
    CheckOutcome.PERMITTED: "The restriction permitted this contact",
}


@dataclass
class CheckSummary:
    """How a contact stood against the restriction, for the contact's page."""

    check: ContactCheck
    sanctions: list[Sanction]

    @property
    def verdict(self) -> str:
        return CHECK_VERDICTS[self.check.outcome]

    @property
    def tag_text(self) -> str:
        return OUTCOME_TAGS[self.check.outcome][0]

    @property
    def tag_class(self) -> str:
        return OUTCOME_TAGS[self.check.outcome][1]

    @property
    def instructions(self) -> list[str]:
        return [line for line in self.check.instruction.splitlines() if line.strip()]

    @property
    def descriptions(self) -> list[str]:
        return [describe(s) for s in self.sanctions]

    @property
    def read_and_file(self) -> bool:
        return any(CATALOGUE[s.kind].read_and_file for s in self.sanctions)

    @property
    def exclusion_breached(self) -> bool:
        """A visit in breach of a building exclusion opens a review (Tamworth §8)."""
        return self.check.outcome == CheckOutcome.BREACH and any(
            s.kind in EXCLUSION_KINDS for s in self.sanctions
        )

    @property
    def under_review(self) -> bool:
        return self.check.restriction_case.state == Stage.UNDER_REVIEW


def contact_check_for(contact: Contact) -> CheckSummary | None:
    """The restriction check kept with a contact, if any (two queries)."""
    check = (
        ContactCheck.objects.filter(contact=contact)
        .select_related("restriction_case", "recorded_by")
        .prefetch_related(
            Prefetch(
                "sanctions",
                queryset=Sanction.objects.select_related(
                    "sanction_type", "officer", "deputy"
                ).order_by("pk"),
            )
        )
        .first()
    )
    if check is None:
        return None
    check.contact = contact
    return CheckSummary(check, list(check.sanctions.all()))
