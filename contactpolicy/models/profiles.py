"""The policy profile: one organisation's contact policy, held in the database (DESIGN.md §2).

A profile is the only place the product learns an organisation's rules: service standards,
office hours, behaviour categories, sanctions, who decides, appeals, reviews and reporting.
Five profiles ship as fixtures (`fixtures/profiles/`), one per source policy; the values and the
policy sections they come from are listed in PROFILES.md. One profile at most is active.

"Not set". Where a policy is silent the value is NULL, never a guessed number; screens show
"Not set" and the application behaves as DESIGN.md says for an unset value. An empty string is
only used for free text that is simply absent.

Every child row has a natural key (the profile's slug and a code-like field) so that all five
fixtures load into one database side by side, and loading one again updates it in place
(docs/adr/0001-policy-profiles.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from asgiref.local import Local
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from contactpolicy import wording, workcalendar
from contactpolicy.choices import (
    CONVERSATIONS,
    BankHolidayRegion,
    Channel,
    ContactKind,
    DecisionKind,
    NoReplyReason,
    OverdueReviewAction,
    ReplyRule,
    ReportingCadence,
    SanctionKind,
    TimeUnit,
)
from contactpolicy.roles import Role

NOT_SET_HELP = "Leave empty when the policy does not say (shown as “Not set”)."

WEEKDAYS = list(enumerate(wording.WEEKDAYS["en"]))


def _source_field():
    return models.CharField(
        max_length=200,
        blank=True,
        help_text="Where the policy says this, e.g. “BTPA §5” or “Natural England Annex B”.",
    )


class PolicyProfileManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> PolicyProfile:
        # Fixtures look a profile up by its slug only for its primary key: reading its
        # hundred settings for each of its rows made loading a profile slow.
        return self.only("pk", "slug").get(slug=slug)


class PolicyProfile(models.Model):
    """One organisation's contact policy. Exactly one may be active at a time."""

    # -- Organisation -------------------------------------------------------------------------
    slug = models.SlugField(
        max_length=50, unique=True, help_text="Short identifier, e.g. “btpa” or “tamworth”."
    )
    shipped_as = models.SlugField(
        max_length=50,
        blank=True,
        editable=False,
        help_text="The shipped profile this one was loaded or copied from, e.g. “tamworth”: its "
        "letters start from that profile's shipped wording. Renaming the profile or changing "
        "its short identifier leaves it as it is; empty for a profile written from scratch.",
    )
    name = models.CharField(max_length=200, help_text="The organisation's full name.")
    short_name = models.CharField(max_length=50, help_text="e.g. “BTPA”.")
    policy_title = models.CharField(
        max_length=200,
        help_text="The policy's title, as staff see it on their dashboard and letters cite it.",
    )
    policy_document = models.CharField(
        max_length=200, blank=True, help_text="The file name of the source policy."
    )
    address = models.TextField(blank=True, help_text="The organisation's postal address.")
    telephone = models.CharField(max_length=50, blank=True)
    email = models.EmailField(blank=True)
    web_address = models.URLField(
        max_length=200, blank=True, help_text="The organisation's website, printed on its letters."
    )
    letter_logo = models.FileField(
        upload_to="logos/",
        blank=True,
        help_text="The organisation's logo at the top of its notices (PNG or JPG: an SVG could "
        "fetch other files when a letter is rendered).",
    )
    policy_pdf = models.FileField(
        upload_to="policies/",
        blank=True,
        help_text="The policy itself as a PDF. When it is uploaded, notices that say the policy "
        "is enclosed carry it after the letter.",
    )
    is_active = models.BooleanField(
        default=False,
        help_text="The profile the application follows. Change it with the “Make this the "
        "active profile” action or `manage.py activate_profile`.",
    )

    # -- Calendar -----------------------------------------------------------------------------
    # Where the organisation is, a fact about it rather than a sentence of its policy: every
    # profile sets it, and `sources["bank_holiday_region"]` says how we know (ADR 0001).
    bank_holiday_region = models.CharField(
        max_length=3,
        choices=BankHolidayRegion,
        default=BankHolidayRegion.ENGLAND,
        help_text="Whose bank holidays the offices close on: where the organisation is. "
        "Say how you know in the profile's sources.",
    )

    # -- Warnings and decisions ---------------------------------------------------------------
    warning_first = models.BooleanField(
        default=True, help_text="A warning comes before sanctions wherever possible."
    )
    warning_rule = models.TextField(blank=True, help_text="The policy's own words on warning.")
    extreme_skips_warning = models.BooleanField(
        default=True,
        help_text="Behaviour in an extreme category may be sanctioned without a warning first.",
    )
    two_person_rule = models.BooleanField(
        null=True,
        blank=True,
        help_text="Always at least two people at different grades in a decision. " + NOT_SET_HELP,
    )
    effect_before_notice_when_extreme = models.BooleanField(
        default=False,
        help_text="A decision citing extreme behaviour takes effect when it is approved, and its "
        "notice follows as soon as appropriate (Natural England step 5). Otherwise every "
        "decision takes effect when its notice is issued.",
    )
    police_without_warning = models.TextField(
        blank=True,
        help_text="The policy's words on reporting to the police or legal team without warning.",
    )
    termination_script = models.TextField(
        blank=True, help_text="Read word for word before ending a call under restriction."
    )
    police_referral_role = models.CharField(  # noqa: DJ001 - NULL means any manager
        max_length=32,
        choices=Role,
        null=True,
        blank=True,
        help_text="Who (at this role or above) reports a customer to the police or the legal "
        "team. Leave empty to let any line manager or above record such a referral.",
    )
    extreme_marked_by_role = models.CharField(  # noqa: DJ001 - NULL: no such notion
        max_length=32,
        choices=Role,
        null=True,
        blank=True,
        help_text="Who (at this role or above) may mark an incident's behaviour as extreme in "
        "itself, whatever its category (Natural England, “Extreme behaviour”: “an immediate "
        "threat to the safety and welfare of staff or others”). Marking it permits sanctions "
        "without a warning and a report to the police without telling the customer. Leave "
        "empty where only a category makes behaviour extreme: the incident form then does "
        "not offer the mark.",
    )
    police_always_reported = models.CharField(
        max_length=300,
        blank=True,
        help_text="Behaviour the policy always reports to the police, asked as a yes or no "
        "question when an incident is recorded, e.g. “Was physical violence used or "
        "threatened?” (IPCC §4). A yes prompts the report, and the customer's page shows it "
        "until it is made or a reason for not making it is recorded. Leave empty where the "
        "policy has no such rule.",
    )
    police_consultation_role = models.CharField(  # noqa: DJ001 - NULL: no consultation
        max_length=32,
        choices=Role,
        null=True,
        blank=True,
        help_text="Who must be consulted before a customer is reported to the police "
        "(Tamworth §9: “after consultation with the Head of Service/Head of Customer "
        "Services”): the report records who was consulted, when and what they said. Not "
        "asked for behaviour the policy always reports. Leave empty when the policy asks "
        "for no consultation.",
    )
    police_consultation_title = models.CharField(
        max_length=150,
        blank=True,
        help_text="The job title the person consulted holds, where only one post at that "
        "role will do. Leave empty to accept anyone with the role.",
    )
    injunction_role = models.CharField(  # noqa: DJ001 - NULL: the policy names nobody
        max_length=32,
        choices=Role,
        null=True,
        blank=True,
        help_text="Who decides whether to seek a court injunction to support a building "
        "exclusion (Tamworth §8: “the delegated authority for this decision lies with the "
        "Head of Customer Services”). Leave empty when the policy does not mention "
        "injunctions: no one is offered the decision.",
    )
    injunction_title = models.CharField(
        max_length=150,
        blank=True,
        help_text="The job title of the person who decides on an injunction, e.g. “Head of "
        "Customer Services”. Leave empty to let anyone with the role decide.",
    )
    agent_client_contact_first = models.BooleanField(
        default=False,
        help_text="Before disengaging from an agent or contractor acting for clients, their "
        "client must be contacted and told of the behaviour (Natural England, “Agents / "
        "contractors”): a disengagement of an agent cannot be proposed until that contact "
        "is recorded as a referral.",
    )
    email_acknowledgement_automatic = models.BooleanField(
        "acknowledge emails automatically",
        default=False,
        help_text="An email that the service standard asks to be acknowledged is acknowledged "
        "at once by an automatic email from the mailbox it came to, in the customer's "
        "language, from the email templates. Off: staff acknowledge it themselves.",
    )
    forwarding_needs_sender_consent = models.BooleanField(
        default=False,
        help_text="Before a contact that staff have marked as holding sensitive personal "
        "information is reassigned to another officer, the sender's consent is recorded, or "
        "the exception in the law that allows going without it (BTPA §5: “If the email "
        "contains sensitive personal information (as defined by the Data Protection Act) the "
        "sender's consent will be obtained before this takes place, unless one of the "
        "exceptions contemplated in the law applies.”). Leave unticked where the policy has "
        "no such rule: the question is not asked.",
    )

    # -- Telling people -----------------------------------------------------------------------
    consideration_told_to_role = models.CharField(  # noqa: DJ001 - NULL means nobody is told
        "post told of decisions considered: its role",
        max_length=32,
        choices=Role,
        null=True,
        blank=True,
        help_text="The post told when a decision about a customer is put forward for approval, "
        "and of its determination (Tamworth §4: Heads of Service “advise the Head of Customer "
        "Service that a customer is being considered under this Policy, and advise of their "
        "determination”): the role it holds. Leave empty when the policy names nobody.",
    )
    consideration_told_to_title = models.CharField(
        "post told of decisions considered: its job title",
        max_length=150,
        blank=True,
        help_text="The job title of that post, e.g. “Head of Customer Services”, telling its "
        "holder apart from others with the role. Leave empty to tell everyone with the role.",
    )

    notice_issued_by_approver = models.BooleanField(
        default=False,
        help_text="A decision's notice is issued and signed only by someone who may approve "
        "that kind of decision, and for a corporate case by the corporate-case approver "
        "(Tamworth §9: “the Head of Service or if a corporate approach is required, the Head "
        "of Customer Services will write to tell the customer”). Otherwise any line manager "
        "or above issues it.",
    )
    approver_answers_exceptions = models.BooleanField(
        default=False,
        help_text="Before approving, the approver answers, with a reason, each exceptional "
        "circumstance the proposer said may apply and each checklist item answered “No” "
        "(BTPA §8.12: the Chief Executive “is satisfied that no exceptions apply”).",
    )
    approval_within_service = models.BooleanField(
        default=False,
        help_text="A head of service approves only decisions about incidents or matters in "
        "their own service; a corporate case, and anyone more senior, is not limited (IPCC "
        "§6: “the relevant head of function”; Tamworth §4: “within their service”).",
    )
    legal_advice_by_colleague = models.BooleanField(
        default=False,
        help_text="Any colleague in contact with the customer may record seeking the legal "
        "team's advice, whoever reports to the police or the legal team (Natural England, "
        "“Site owners”).",
    )

    # -- Appeals ------------------------------------------------------------------------------
    appeal_route = models.TextField(  # noqa: DJ001 - NULL means the policy does not say
        null=True, blank=True, help_text="How a customer appeals or disputes. " + NOT_SET_HELP
    )
    appeal_to_role = models.CharField(  # noqa: DJ001 - NULL means the policy does not say
        max_length=32,
        choices=Role,
        null=True,
        blank=True,
        help_text="Who receives and investigates an appeal. " + NOT_SET_HELP,
    )
    appeal_to_title = models.CharField(
        max_length=150,
        blank=True,
        help_text="The job title of the post that investigates, e.g. “Head of Customer "
        "Services” (Tamworth §10): with it, only the person in that role with this title "
        "investigates. Leave empty to let anyone of the role or above investigate.",
    )
    appeal_alternative_investigator_role = models.CharField(  # noqa: DJ001 - NULL: nobody else
        max_length=32,
        choices=Role,
        null=True,
        blank=True,
        help_text="Who investigates an appeal when the person who would investigate it took "
        "part in the decision appealed against (Tamworth: the Head of Customer Services "
        "approves a corporate decision, so may not investigate the appeal against it). Needed "
        "where the investigator's post approves every decision of some kind.",
    )
    appeal_alternative_investigator_title = models.CharField(
        max_length=150,
        blank=True,
        help_text="The job title of that other investigator, e.g. a director the council "
        "names. Leave empty to let anyone of the alternative role investigate.",
    )
    appeal_window_value = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Time allowed to appeal from notification."
    )
    appeal_window_unit = models.CharField(  # noqa: DJ001 - NULL means the policy does not say
        max_length=16,
        choices=TimeUnit,
        null=True,
        blank=True,
        help_text="What the time allowed to appeal is counted in; working days skip weekends, "
        "bank holidays and closure days.",
    )
    appeal_decision_value = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Time to decide an appeal from its receipt."
    )
    appeal_decision_unit = models.CharField(  # noqa: DJ001 - NULL means the policy does not say
        max_length=16,
        choices=TimeUnit,
        null=True,
        blank=True,
        help_text="What the time to decide an appeal is counted in; working days skip weekends, "
        "bank holidays and closure days.",
    )
    appeal_decided_by_role = models.CharField(  # noqa: DJ001 - NULL means the policy does not say
        max_length=32,
        choices=Role,
        null=True,
        blank=True,
        help_text="Who decides an appeal. " + NOT_SET_HELP,
    )
    appeal_decided_by_title = models.CharField(
        max_length=150,
        blank=True,
        help_text="The job title of the post that decides an appeal. Leave empty to let anyone "
        "of the deciding role or above decide.",
    )
    appeal_alternative_decider_role = models.CharField(  # noqa: DJ001 - NULL: nobody else
        max_length=32,
        choices=Role,
        null=True,
        blank=True,
        help_text="Who decides an appeal when the person who would decide it took part in the "
        "decision appealed against (Tamworth: another member of CMT). Needed where the "
        "decider's post may have approved that decision, e.g. one reserved to the Chief "
        "Executive when the Chief Executive decides appeals.",
    )
    appeal_alternative_decider_title = models.CharField(
        max_length=150,
        blank=True,
        help_text="The job title of that other decider, e.g. a director on the Corporate "
        "Management Team. Leave empty to let anyone of the alternative role decide.",
    )
    appeal_outcome_binding = models.BooleanField(
        default=False,
        help_text="The appeal decider's determination is the decision (Tamworth §4, §10; IPCC "
        "§7): an upheld appeal lifts or varies the restriction when its outcome notice is "
        "issued, with no further approval. Otherwise it proposes a decision that is approved "
        "as any other.",
    )
    appeal_limit_per_stage = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many appeals a customer may make at each stage."
    )
    appeal_stages = models.JSONField(
        null=True,
        blank=True,
        help_text="The lifecycle stages at which an appeal is allowed, e.g. "
        '["sanctioned", "disengaged"]. ' + NOT_SET_HELP,
    )
    appeal_notes = models.TextField(
        blank=True,
        help_text="Notes for administrators on what the policy says that no setting here captures. They change nothing the service does.",
    )
    appeal_term = models.CharField(
        max_length=20,
        default="appeal",
        help_text="What the policy calls a challenge to a decision, in lower case: “appeal”, "
        "or “dispute” (IPCC §7: “Disputing a decision to restrict contact”).",
    )
    appeal_late_decided_by_role = models.CharField(  # noqa: DJ001 - NULL: the appeal decider
        max_length=32,
        choices=Role,
        null=True,
        blank=True,
        help_text="Who accepts or refuses an appeal received after the deadline. Leave empty "
        "when the policy does not say: whoever may decide the appeal does.",
    )
    complaint_route = models.TextField(
        blank=True,
        help_text="How a customer complains where the policy gives no appeal: shown to staff "
        "instead of an appeal screen.",
    )

    # -- Reviews ------------------------------------------------------------------------------
    sanction_review_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Sanctions are reviewed at least this often."
    )
    disengagement_review_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Disengagement is reviewed after this long."
    )
    reengage_clean_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Re-engage only after this long without an incident.",
    )
    review_on_request = models.BooleanField(
        default=True,
        help_text="A customer who shows a more acceptable approach can have their review "
        "brought forward at their request.",
    )
    review_by_applier = models.BooleanField(
        default=False,
        help_text="Only the person who applied a disengagement opens its review (Natural "
        "England step 7: “This review is the responsibility of the person applying the "
        "sanction”).",
    )
    sanction_review_by_team = models.BooleanField(
        default=False,
        help_text="A review of sanctions is held by the team that applied them and their line "
        "manager: the person who applied them, their line manager, and those sharing that line "
        "manager (Natural England step 4: “the team involved in applying sanctions and their "
        "line manager”). Otherwise any manager, unless the reviewer is named.",
    )
    review_notes = models.TextField(
        blank=True,
        help_text="Notes for administrators on what the policy says that no setting here captures. They change nothing the service does.",
    )
    overdue_review_action = models.CharField(
        max_length=16,
        choices=OverdueReviewAction,
        default=OverdueReviewAction.ESCALATE,
        help_text="When a review date passes with no review started: escalate it to the "
        "reviewer's manager, or let the restriction lapse. Applied by the overdue-review "
        "sweep (`reviews_overdue_apply`).",
    )

    reminder_warning_days = models.PositiveSmallIntegerField(
        default=2,
        validators=[MaxValueValidator(30)],
        help_text="How many days before a reply, review or appeal deadline falls due the "
        "person responsible is reminded. An operating choice, not a rule of the policy.",
    )

    # -- Reporting ----------------------------------------------------------------------------
    reporting_cadence = models.CharField(  # noqa: DJ001 - NULL means the policy does not say
        max_length=16,
        choices=ReportingCadence,
        null=True,
        blank=True,
        help_text="The periods a report offers to choose from; staff may give any dates "
        "instead. Not set: quarters.",
    )
    reporting_audience = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who the report is for, e.g. “Audit and Member Standards Committee”: printed "
        "on the report's PDF.",
    )
    report_csv_suppresses_small_figures = models.BooleanField(
        default=False,
        help_text="The report's CSV writes “fewer than 5” instead of a count from 1 to 4, "
        "which could point to one person, for audiences such as elected members.",
    )

    # -- Data protection ----------------------------------------------------------------------
    subject_access_role = models.CharField(
        max_length=32,
        choices=Role,
        default=Role.LINE_MANAGER,
        help_text="Who (at this role or above) may take a subject access export of everything "
        "held about a customer (UK GDPR Art. 15), and review its redactions. The export holds "
        "sensitive notes, which only managers and above see, so the lowest is a line manager.",
    )
    subject_access_staff_below_role = models.CharField(
        max_length=32,
        choices=Role,
        default=Role.HEAD_OF_SERVICE,
        help_text="Staff below this role are third parties in a subject access export: their "
        "names are listed for the reviewer to keep or redact rather than released as they "
        "stand. Names of staff at this role or above, acting in a senior public role, are "
        "released.",
    )

    notes = models.TextField(
        blank=True,
        help_text="Notes for administrators on what the policy says that no setting here captures. They change nothing the service does.",
    )
    sources = models.JSONField(
        default=dict,
        blank=True,
        help_text="Where each value comes from: field name → policy section and wording.",
    )

    history = HistoricalRecords()
    objects = PolicyProfileManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_profile"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def clean(self) -> None:
        super().clean()
        if self.consideration_told_to_title.strip() and not self.consideration_told_to_role:
            raise ValidationError(
                {
                    "consideration_told_to_role": "Choose the role of the post that is told, "
                    "or leave its job title empty"
                }
            )

    # -- Reading the rules --------------------------------------------------------------------

    LETTERHEAD_FIELDS = (
        ("address", "postal address"),
        ("telephone", "phone number"),
        ("email", "email address"),
        ("web_address", "web address"),
    )

    def letterhead_missing(self) -> list[str]:
        """What the letterhead still lacks, in words: a letter is not issued without it,
        since customers write, call or complain "at the address at the top of this letter"."""
        return [
            label for field, label in self.LETTERHEAD_FIELDS if not getattr(self, field).strip()
        ]

    def calendar(self, closure_days: Iterable[date] = ()) -> workcalendar.WorkCalendar:
        """The organisation's working-day calendar for due-date arithmetic.

        The bank holidays are those of the region where the organisation is (every profile
        sets one). Office hours come from the `office_hours` rows, or are None when the
        policy sets none (four of the five).
        """
        rows = list(self.office_hours.all())
        hours = (
            {row.weekday: workcalendar.OfficeHours(row.opens, row.closes) for row in rows}
            if rows
            else None
        )
        return workcalendar.WorkCalendar(
            region=self.bank_holiday_region,
            office_hours=hours,
            closure_days=frozenset(closure_days),
        )

    def due_soon_until(self, today: date) -> date:
        """The last day on which a deadline counts as coming due. Every list, count and
        reminder sweep asks this, so "due soon" means one thing: `reminder_warning_days`.
        Given a datetime, the same moment that many days on."""
        return today + timedelta(days=self.reminder_warning_days)

    def standard_for(self, channel: str | None, kind: str) -> ServiceStandard | None:
        """The service standard for a contact, the most specific first.

        The channel's own standard for the kind; else the kind's any-channel standard (a
        media enquiry, however it arrives); else the channel's general standard (a complaint
        sent by letter is still a letter: BTPA §5 "all incoming ... mail"); else the general
        standard for any channel, the one an administrator enters first.
        Reads `service_standards.all()` so a prefetch (see `profile_get_active`) is honoured.
        """
        rows = list(self.service_standards.all())
        candidates = [
            (channel, kind),
            (None, kind),
            (channel, ContactKind.GENERAL),
            (None, ContactKind.GENERAL),
        ]
        for wanted_channel, wanted_kind in candidates:
            for row in rows:
                if row.channel == wanted_channel and row.kind == wanted_kind:
                    return row
        return None

    def kinds_without_standard(self) -> list[tuple[ContactKind, list[Channel]]]:
        """Each kind of contact that some channel has no service standard for, with those
        channels (all of them when none has one). Such contacts get no due date from the
        profile: they stay on the worklist undated until answered. Freedom of information
        and subject access requests still carry their statutory clocks."""
        missing = []
        for kind in ContactKind:
            channels = [c for c in Channel if self.standard_for(c.value, kind) is None]
            if channels:
                missing.append((kind, channels))
        return missing

    def rule_for(self, decision_kind: str) -> DecisionRule | None:
        """Who authorises this kind of decision, or None when the policy does not say."""
        for rule in self.decision_rules.all():
            if rule.decision_kind == decision_kind:
                return rule
        return None

    def no_reply_refusal(self, reason: str, channel: str) -> str:
        """Why `reason` does not excuse a reply to a contact by `channel`, or "" if it does.

        An exception applies only to the channels its row lists (BTPA §5: the exceptions are
        written under letters and emails); an empty list means every channel.
        """
        if not reason:
            return ""
        exception = next((e for e in self.no_reply_exceptions.all() if e.reason == reason), None)
        if exception is None:
            return f"The {self.short_name} policy has no such exception to replying."
        if exception.channels and channel not in exception.channels:
            names = " or ".join(Channel(c).label.lower() for c in exception.channels)
            return f"“{exception.get_reason_display()}” applies only to: {names}."
        return ""

    @property
    def has_corporate_route(self) -> bool:
        """Some decision is approved by someone else when the case is corporate (Tamworth §9)."""
        return any(rule.alternative_approver_role for rule in self.decision_rules.all())

    @property
    def names_correspondent(self) -> bool:
        """Some decision is signed off by the line manager of the staff member corresponding
        with the customer (Natural England Annex B), so a proposal names that person."""
        return any(
            rule.approver_is_line_manager_of_correspondent for rule in self.decision_rules.all()
        )

    @property
    def extreme_incident(self) -> str:
        """The incident that shows extreme behaviour under this policy, for what staff are
        told to cite: one marked so where the policy has staff judge it (Natural England,
        "Extreme behaviour"), otherwise one in an extreme category (BTPA: A and B)."""
        if self.extreme_marked_by_role:
            return "an incident marked as extreme behaviour"
        return "an incident in an extreme category"

    @property
    def extreme_categories(self) -> list[BehaviourCategory]:
        """The behaviour categories that permit skipping the warning (DESIGN.md §2)."""
        return [c for c in self.behaviour_categories.all() if c.is_extreme]


# -- Child rows -------------------------------------------------------------------------------


class _ProfileChildManager(models.Manager):
    """Looks a row up by its profile's slug and its own code-like field."""

    key_field = "code"

    def get_by_natural_key(self, slug: str, key):
        return self.get(profile__slug=slug, **{self.key_field: key})


def _profile_slug(row) -> str:
    """The slug of the profile `row` belongs to, read alone unless the profile is loaded."""
    if type(row)._meta.get_field("profile").is_cached(row):
        return row.profile.slug
    return PolicyProfile.objects.values_list("slug", flat=True).get(pk=row.profile_id)


def _profile_child_natural_key(self) -> tuple:
    """A child row in fixtures: its profile's slug and its own key, the field its manager
    (a `_ProfileChildManager`) looks it up by."""
    return (_profile_slug(self), getattr(self, type(self).objects.key_field))


_profile_child_natural_key.dependencies = ["contactpolicy.policyprofile"]


class OfficeHoursManager(_ProfileChildManager):
    key_field = "weekday"


class OfficeHours(models.Model):
    """Opening hours on one weekday (BTPA §5.7: 08:00 to 16:00, Monday to Friday)."""

    profile = models.ForeignKey(
        PolicyProfile, on_delete=models.CASCADE, related_name="office_hours"
    )
    weekday = models.PositiveSmallIntegerField(
        choices=WEEKDAYS,
        help_text="One row for each day the organisation is open: a day without one is not "
        "a working day.",
    )
    opens = models.TimeField(help_text="24-hour clock, like 08:00.")
    closes = models.TimeField(
        help_text="24-hour clock, like 16:00. Targets counted in office hours run only "
        "between opening and closing."
    )
    source = _source_field()

    history = HistoricalRecords()
    objects = OfficeHoursManager()

    class Meta:
        ordering = ["weekday"]
        verbose_name_plural = "office hours"
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "weekday"], name="office_hours_one_row_per_weekday"
            ),
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="office_hours_close_after_open"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="office_hours_weekday_0_to_6"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M} to {self.closes:%H:%M}"

    natural_key = _profile_child_natural_key


class ServiceStandardManager(models.Manager):
    def get_by_natural_key(self, slug: str, channel: str, kind: str) -> ServiceStandard:
        return self.get(profile__slug=slug, channel=channel or None, kind=kind)


class ServiceStandard(models.Model):
    """A promise about one channel and kind of contact: acknowledge by, respond by.

    A NULL channel means any channel (BTPA media enquiries, FOI and subject access requests);
    `PolicyProfile.standard_for` prefers a channel's own row. NULL values mean no target.
    """

    profile = models.ForeignKey(
        PolicyProfile, on_delete=models.CASCADE, related_name="service_standards"
    )
    channel = models.CharField(  # noqa: DJ001 - NULL means any channel
        max_length=16,
        choices=Channel,
        null=True,
        blank=True,
        help_text="Leave empty for any channel.",
    )
    kind = models.CharField(
        max_length=32,
        choices=ContactKind,
        default=ContactKind.GENERAL,
        help_text="A general enquiry's standard also covers every other kind that has none "
        "of its own. Freedom of information and subject access requests keep their statutory "
        "clocks whatever is set here.",
    )
    acknowledge_value = models.PositiveIntegerField(
        "time to acknowledge",
        null=True,
        blank=True,
        help_text="How soon the contact is acknowledged. Empty: no acknowledgement is due. "
        "A phone call or visit is never given one.",
    )
    acknowledge_unit = models.CharField(  # noqa: DJ001 - NULL means no target
        "time to acknowledge counted in",
        max_length=16,
        choices=TimeUnit,
        null=True,
        blank=True,
        help_text="What the acknowledgement time is counted in.",
    )
    respond_value = models.PositiveIntegerField(
        "time to answer",
        null=True,
        blank=True,
        help_text="How soon the contact is answered. Empty: no due date, though it stays on "
        "the worklist until answered.",
    )
    respond_unit = models.CharField(  # noqa: DJ001 - NULL means no target
        "time to answer counted in",
        max_length=16,
        choices=TimeUnit,
        null=True,
        blank=True,
        help_text="What the time to answer is counted in.",
    )
    office_hours_only = models.BooleanField(
        default=False,
        help_text="The channel is monitored only in office hours; staff logging a contact "
        "received outside them are told it waits for the next opening.",
    )
    requester_deadline_applies = models.BooleanField(
        default=False, help_text="The requester's own deadline applies when it is earlier."
    )
    tracked = models.BooleanField(
        default=True, help_text="A due-date clock runs for this kind of contact."
    )
    routed_to = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who handles this kind of contact; staff are told on Log a contact.",
    )
    description = models.TextField(help_text="The policy's wording of the standard.")
    source = _source_field()

    history = HistoricalRecords()
    objects = ServiceStandardManager()

    class Meta:
        ordering = ["id"]
        constraints = [
            # Two partial constraints rather than nulls_distinct=False, which only
            # PostgreSQL 15+ enforces: SQLite would silently accept duplicates.
            models.UniqueConstraint(
                fields=["profile", "channel", "kind"],
                condition=Q(channel__isnull=False),
                name="service_standard_unique_channel_kind",
            ),
            models.UniqueConstraint(
                fields=["profile", "kind"],
                condition=Q(channel__isnull=True),
                name="service_standard_unique_any_channel_kind",
            ),
            models.CheckConstraint(
                condition=Q(acknowledge_value__isnull=True) | Q(acknowledge_unit__isnull=False),
                name="service_standard_acknowledge_has_unit",
            ),
            models.CheckConstraint(
                condition=Q(respond_value__isnull=True) | Q(respond_unit__isnull=False),
                name="service_standard_respond_has_unit",
            ),
        ]

    def __str__(self) -> str:
        channel = self.get_channel_display() if self.channel else "Any channel"
        return f"{channel}: {self.get_kind_display()}"

    def clean(self) -> None:
        # A call or a visit is acknowledged as it happens (`CONVERSATIONS`): say so rather
        # than keep a target no clock will ever run.
        if self.channel in CONVERSATIONS and self.acknowledge_value:
            raise ValidationError(
                {
                    "acknowledge_value": "A phone call or visit is acknowledged as it "
                    "happens: leave the acknowledgement target empty"
                }
            )

    def natural_key(self) -> tuple:
        return (_profile_slug(self), self.channel or "", self.kind)

    natural_key.dependencies = ["contactpolicy.policyprofile"]


class NoReplyExceptionManager(_ProfileChildManager):
    key_field = "reason"


class NoReplyException(models.Model):
    """A contact that needs no reply (BTPA §5, "Exceptions")."""

    profile = models.ForeignKey(
        PolicyProfile, on_delete=models.CASCADE, related_name="no_reply_exceptions"
    )
    reason = models.CharField(
        max_length=32,
        choices=NoReplyReason,
        help_text="Staff choose it on Log a contact; a contact with it needs no reply and "
        "runs no clock.",
    )
    channels = models.JSONField(
        default=list,
        blank=True,
        help_text='The channels it applies to, e.g. ["letter", "email"]; Log a contact refuses '
        "it for any other channel. Leave empty for every channel.",
    )
    description = models.TextField(blank=True, help_text="The policy's wording.")
    source = _source_field()

    history = HistoricalRecords()
    objects = NoReplyExceptionManager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "reason"], name="no_reply_unique_reason"),
        ]

    def __str__(self) -> str:
        return self.get_reason_display()

    natural_key = _profile_child_natural_key


class BehaviourCategory(models.Model):
    """A category of unacceptable behaviour in the policy's taxonomy (BTPA A to E, NE Annex A)."""

    profile = models.ForeignKey(
        PolicyProfile, on_delete=models.CASCADE, related_name="behaviour_categories"
    )
    code = models.SlugField(
        max_length=50,
        help_text="A short identifier, unique in the profile's kinds of behaviour, by which "
        "the row is found when the profile is loaded or copied.",
    )
    name = models.CharField(
        max_length=200, help_text="The policy's name for it, as staff choose it on an incident."
    )
    description = models.TextField(
        blank=True, help_text="Shown under the name when staff record an incident."
    )
    examples = models.JSONField(
        default=list, blank=True, help_text="The policy's examples, word for word."
    )
    is_extreme = models.BooleanField(
        default=False,
        help_text="Permits sanctions without a warning and reporting to the police "
        "without telling the customer.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")
    source = _source_field()

    history = HistoricalRecords()
    objects = _ProfileChildManager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name_plural = "behaviour categories"
        constraints = [
            models.UniqueConstraint(fields=["profile", "code"], name="behaviour_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name

    natural_key = _profile_child_natural_key


class SanctionType(models.Model):
    """A restriction the policy allows, in its own words (DESIGN.md §5)."""

    profile = models.ForeignKey(
        PolicyProfile, on_delete=models.CASCADE, related_name="sanction_types"
    )
    kind = models.CharField(
        max_length=32,
        choices=SanctionKind,
        help_text="What the sanction does: how contact is checked against it, what is asked "
        "when it is proposed and what its notice says.",
    )
    code = models.SlugField(
        max_length=50,
        help_text="A short identifier, unique in the profile's sanctions, by which the row is "
        "found when the profile is loaded or copied.",
    )
    name = models.CharField(max_length=300, help_text="The policy's wording.")
    description = models.TextField(
        blank=True, help_text="Shown under the name when a sanction is proposed."
    )
    approver_role = models.CharField(  # noqa: DJ001 - NULL: the decision rule decides
        max_length=32,
        choices=Role,
        null=True,
        blank=True,
        help_text="The least senior role that may approve it. Leave empty to follow the "
        "decision rule for sanctions.",
    )
    extreme_only = models.BooleanField(
        default=False, help_text="Only for behaviour in an extreme category."
    )
    staff_instruction = models.TextField(
        blank=True, help_text="What staff are told when the customer makes contact."
    )
    default_channel = models.CharField(  # noqa: DJ001 - NULL means the policy names none
        max_length=16,
        choices=Channel,
        null=True,
        blank=True,
        help_text="For one contact method only: the method the policy names by default "
        "(BTPA §8: “by default, will be by post”). Empty: the proposer chooses.",
    )
    reply_rule = models.CharField(
        max_length=20,
        choices=ReplyRule,
        blank=True,
        help_text="For read and file: when a filed contact is answered, as the policy says.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")
    source = _source_field()

    history = HistoricalRecords()
    objects = _ProfileChildManager()

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "code"], name="sanction_type_unique_code"),
            # Read and file by its stored value: the kinds' rules live in
            # `restrictions.sanctions`, above this app.
            models.CheckConstraint(
                condition=~models.Q(kind="read_and_file") | ~models.Q(reply_rule=""),
                name="sanction_type_read_and_file_has_reply_rule",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    natural_key = _profile_child_natural_key


class DecisionRuleManager(_ProfileChildManager):
    key_field = "decision_kind"


class DecisionRule(models.Model):
    """Who authorises one kind of decision. No row for a kind means the policy does not say."""

    profile = models.ForeignKey(
        PolicyProfile, on_delete=models.CASCADE, related_name="decision_rules"
    )
    decision_kind = models.CharField(
        max_length=32,
        choices=DecisionKind,
        help_text="The kind of decision this rule is for: one rule a kind. Nobody may approve "
        "a kind of decision that has no rule.",
    )
    approver_role = models.CharField(  # noqa: DJ001 - NULL means the policy does not say
        max_length=32,
        choices=Role,
        null=True,
        blank=True,
        help_text="The least senior role that may approve. " + NOT_SET_HELP,
    )
    alternative_approver_role = models.CharField(  # noqa: DJ001 - NULL means none
        max_length=32,
        choices=Role,
        null=True,
        blank=True,
        help_text="Who approves corporate cases instead (Tamworth §9: “if a corporate approach "
        "is required, the Head of Customer Services”). Leave empty when the policy has no "
        "corporate route.",
    )
    alternative_approver_title = models.CharField(
        max_length=150,
        blank=True,
        help_text="The job title the corporate-case approver holds, e.g. “Head of Customer "
        "Services”: at that role's grade only a person with this title approves a corporate "
        "case. Leave empty to let anyone in the alternative role approve.",
    )
    approver_is_line_manager_of_correspondent = models.BooleanField(
        default=False,
        help_text="One approval must come from the line manager of the staff member "
        "corresponding with the customer (Natural England Annex B, “sign off level”).",
    )
    approvals_required = models.PositiveSmallIntegerField(
        default=1,
        help_text="How many people must approve it.",
    )
    distinct_grades = models.BooleanField(
        default=False, help_text="The approvers must be of different grades."
    )
    reserved_to_chief_executive = models.BooleanField(
        default=False, help_text="Goes to the Chief Executive's sign-off screen."
    )
    notes = models.TextField(
        blank=True,
        help_text="Notes for administrators on what the policy says that no setting here captures. They change nothing the service does.",
    )
    source = _source_field()

    history = HistoricalRecords()
    objects = DecisionRuleManager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "decision_kind"], name="decision_rule_unique_kind"
            ),
            models.CheckConstraint(
                condition=Q(approvals_required__gte=1), name="decision_rule_one_approval_or_more"
            ),
        ]

    def __str__(self) -> str:
        return self.get_decision_kind_display()

    natural_key = _profile_child_natural_key


class ChecklistItem(models.Model):
    """One thing the decision maker must be satisfied of before deciding (DESIGN.md §6)."""

    profile = models.ForeignKey(
        PolicyProfile, on_delete=models.CASCADE, related_name="checklist_items"
    )
    code = models.SlugField(
        max_length=50,
        help_text="A short identifier, unique in the checklist: each decision keeps its "
        "answers under it.",
    )
    text = models.TextField(help_text="The policy's wording.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")
    source = _source_field()

    history = HistoricalRecords()
    objects = _ProfileChildManager()

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "code"], name="checklist_unique_code"),
        ]

    def __str__(self) -> str:
        return self.text

    natural_key = _profile_child_natural_key


class ClosureDayManager(models.Manager):
    def get_by_natural_key(self, day: str | date) -> ClosureDay:
        return self.get(date=day)


class ClosureDay(models.Model):
    """A day the organisation itself is closed (not a bank holiday), whatever the profile."""

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=200, help_text="e.g. “Office move”.")

    history = HistoricalRecords()
    objects = ClosureDayManager()

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.day} {self.date:%B %Y}: {self.reason}"

    def natural_key(self) -> tuple[str]:
        return (self.date.isoformat(),)


# The token as this request read it (per thread and per asyncio task).
_request = Local()


class ProfileRevision(models.Model):
    """One row whose token changes, in the same transaction, with any change to a profile,
    its rules or the closure days: a process keeps the active profile while the token it
    read with it is still the current one (contactpolicy.selectors.profile_get_active).

    A random token rather than a counter: a database restored from a backup, or emptied and
    reloaded, can never bring back a value that a running process still holds.
    """

    token = models.CharField(max_length=32)

    SINGLETON = 1

    def __str__(self) -> str:
        return f"Profile revision {self.token}"

    @classmethod
    def current(cls) -> str:
        """The current token (one query by primary key), read once per request: the
        middleware asking whether a second factor is owed and the view then follow the
        same rules, for one query. Outside a request, read every time."""
        if getattr(_request, "token", None) is not None:
            return _request.token
        token = cls.objects.filter(pk=cls.SINGLETON).values_list("token", flat=True).first()
        token = token or cls.bump()
        if getattr(_request, "open", False):
            _request.token = token
        return token

    @classmethod
    def request_began(cls, **kwargs) -> None:
        _request.open, _request.token = True, None

    @classmethod
    def request_ended(cls, **kwargs) -> None:
        _request.open, _request.token = False, None

    @classmethod
    def bump(cls) -> str:
        """Give the rules a new token; call inside the transaction that changes them."""
        # Forgotten at once, so that the rest of the request reads the change (or, if
        # the transaction rolls back, the token it left).
        _request.token = None
        token = uuid.uuid4().hex
        if not cls.objects.filter(pk=cls.SINGLETON).update(token=token):
            cls.objects.update_or_create(pk=cls.SINGLETON, defaults={"token": token})
        return token


class ServiceManager(models.Manager):
    def get_by_natural_key(self, name: str) -> Service:
        return self.get(name=name)


class Service(models.Model):
    """One of the organisation's services or functions (IPCC §6: “the relevant head of
    function”; Tamworth §4: heads of service manage the policy “within their service”).

    Staff, matters and incidents belong to one; administrators keep the list.
    """

    name = models.CharField(max_length=150, unique=True, help_text="e.g. “Housing”.")
    is_active = models.BooleanField(
        default=True, help_text="Offered on forms. An old service stays on the records."
    )

    history = HistoricalRecords()
    objects = ServiceManager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.name,)


class RetentionKind(models.TextChoices):
    """The kinds of record the retention schedule sets a period for, in the order the
    schedule lists them (DESIGN.md §3, UK GDPR Art. 5(1)(e))."""

    CONTACTS = "contacts", "Contacts"
    INCIDENTS = "incidents", "Incidents"
    MATTERS = "matters", "Matters"
    RESTRICTION_CASES = "restriction_cases", "Restriction cases with their decisions"
    REVIEWS = "reviews", "Reviews"
    REFERRALS = "referrals", "Referrals"
    NOTICES = "notices", "Notices"
    APPEALS = "appeals", "Appeals with their documents"
    CUSTOMERS = "customers", "Customers themselves"


class RetentionTrigger(models.TextChoices):
    """The event a retention period runs from."""

    LAST_ACTIVITY = "last_activity", "The customer's last activity"
    LIFTED = "lifted", "The lifting of the customer's last restriction"


class RetentionPeriodManager(_ProfileChildManager):
    key_field = "kind"


class RetentionPeriod(models.Model):
    """How long one kind of record is kept, and from when (IPCC §9: “its responsibilities
    set out in the Data Protection Act in respect of the storage and retention of personal
    data”). Read through `contactpolicy.retention.retention_schedule`; a kind with no row is
    never anonymised. Every change is saved with the administrator's reason (its history)."""

    profile = models.ForeignKey(
        PolicyProfile, on_delete=models.CASCADE, related_name="retention_periods"
    )
    kind = models.CharField(
        max_length=32,
        choices=RetentionKind,
        help_text="The kind of record. A kind with no row is never anonymised.",
    )
    years = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(100)],
        help_text="How many years the records are kept after the event below.",
    )
    runs_from = models.CharField(
        max_length=16,
        choices=RetentionTrigger,
        default=RetentionTrigger.LAST_ACTIVITY,
        help_text="The event the years are counted from.",
    )
    source = _source_field()
    reason = models.TextField(
        help_text="Why the period is what it is. Give a new reason whenever you change the "
        "period or the event it runs from: each change is kept with its reason in the history."
    )

    history = HistoricalRecords()
    objects = RetentionPeriodManager()

    class Meta:
        ordering = ["profile", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "kind"], name="retention_unique_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.years} years"

    def save(self, *args, **kwargs):
        # The history row keeps the whole reason in its own `reason` column; the change
        # reason, which simple-history holds in 100 characters, begins it.
        self._change_reason = self.reason[:100]
        super().save(*args, **kwargs)

    natural_key = _profile_child_natural_key
