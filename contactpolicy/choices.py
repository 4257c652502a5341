"""The shared vocabulary of the product: channels, kinds of contact, units and decisions.

Every app uses these choices, and the policy profiles (`contactpolicy.models.profiles`) are
written in them. The stored values are stable identifiers; the labels are what staff read.
"""

from django.db import models


class Channel(models.TextChoices):
    """How a contact reached us or left us (DESIGN.md §3; BTPA §5 lists the channels)."""

    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"
    TELEPHONE = "telephone", "Telephone"
    SOCIAL_MEDIA = "social_media", "Social media"
    VISIT = "visit", "Visit or meeting"


# A call or a visit is acknowledged by the conversation itself: no acknowledgement clock runs
# for one (`cases.clocks`), and a standard for one refuses an acknowledgement target.
CONVERSATIONS = frozenset({Channel.TELEPHONE, Channel.VISIT})


class ContactKind(models.TextChoices):
    """What a contact is about, where that changes the service standard (BTPA §7)."""

    GENERAL = "general", "General enquiry"
    MEDIA = "media", "Media enquiry"
    FOI = "foi", "Freedom of information request"
    SAR = "sar", "Subject access request"
    COMPLAINT = "complaint", "Complaint"
    COMPLAINT_SENIOR_OFFICER = "complaint_senior_officer", "Complaint about a senior officer"
    COMPLAINT_MEMBER_STAFF = (
        "complaint_member_staff",
        "Complaint about a Member or member of staff",
    )


class TimeUnit(models.TextChoices):
    """The unit a target or a window is counted in (see `contactpolicy.workcalendar`)."""

    WORKING_DAYS = "working_days", "Working days"
    OFFICE_HOURS = "office_hours", "Office hours"
    CALENDAR_DAYS = "calendar_days", "Calendar days"
    WEEKS = "weeks", "Weeks"
    CALENDAR_MONTHS = "calendar_months", "Calendar months"


class NoReplyReason(models.TextChoices):
    """Why a contact needs no reply (BTPA §5, the "Exceptions" under letters and emails)."""

    SAID_WOULD_NOT_REPLY = (
        "said_would_not_reply",
        "We said we would not reply (e.g. consultation responses, job applications)",
    )
    COPIED_FOR_INFORMATION = "copied_for_information", "Copied for information"
    CC_BCC = "cc_bcc", "Sent as cc or bcc"
    SELLING = "selling", "Selling or promoting a product"
    SPECULATIVE_JOB_APPLICATION = "speculative_job_application", "Speculative job application"


class SanctionKind(models.TextChoices):
    """The restriction types of all five policies together (DESIGN.md §5, one per row).

    A profile's sanction catalogue names the subset its policy allows, in its own words.
    """

    ONE_METHOD = "one_method", "One contact method only"
    NAMED_OFFICER = "named_officer", "One named officer or single point of contact"
    TELEPHONE_SCHEDULE = "telephone_schedule", "Telephone at set days and times, time-limited"
    CALLS_RECORDED = "calls_recorded", "Calls recorded or monitored by a second member of staff"
    READ_AND_FILE = "read_and_file", "Read and file"
    NO_ENGAGEMENT_ON_MATTER = (
        "no_engagement_on_matter",
        "No further engagement on a matter, or refuse to reopen a closed case",
    )
    REFUSE_ALL = "refuse_all", "Refuse all communication"
    BLOCK_IDENTIFIERS = "block_identifiers", "Block a phone number or email address"
    WITNESS_REQUIRED = "witness_required", "Contact only with a witness, in a suitable location"
    BUILDING_EXCLUSION = "building_exclusion", "Exclusion from buildings"
    WRITTEN_AGREEMENT = "written_agreement", "Written or voluntary agreement about contact"
    THIRD_PARTY = "third_party", "Contact through a third party or advocate"
    SPECIFIED_DATES = "specified_dates", "Contact only on specified dates"
    OTHER = "other", "Other proportionate action"


class ReplyRule(models.TextChoices):
    """When a contact filed under "read and file" is answered: each policy says its own.

    BTPA §8 (written correspondence, mechanism 3): "a response will only be sent once a
    matter has reached an outcome". OPCC and IPCC §6: "acknowledge or respond to it only if
    the customer provides new information or is making a new complaint"; Tamworth §8
    ends contact unless it "presents new information".
    """

    NEW_INFORMATION = "new_information", "Reply only to new information or a new complaint"
    AT_OUTCOME = "at_outcome", "Reply only once the matter has reached an outcome"


class DecisionKind(models.TextChoices):
    """What a decision does to a restriction case (DESIGN.md §3, "Decision")."""

    WARN = "warn", "Warn"
    SANCTION = "sanction", "Impose sanctions"
    VARY = "vary", "Vary sanctions"
    DISENGAGE = "disengage", "Disengage"
    CONTINUE = "continue", "Continue after review"
    EXTEND_EXCLUSION = "extend_exclusion", "Extend an exclusion"
    LIFT = "lift", "Lift"


class BankHolidayRegion(models.TextChoices):
    """Whose bank holidays the organisation closes on. Values equal `workcalendar.Region`."""

    ENGLAND = "ENG", "England"
    WALES = "WLS", "Wales"
    SCOTLAND = "SCT", "Scotland"
    NORTHERN_IRELAND = "NIR", "Northern Ireland"


class OverdueReviewAction(models.TextChoices):
    """What happens when a restriction's review date passes without a recorded review."""

    ESCALATE = "escalate", "Escalate daily to the reviewer's manager"
    LAPSE = "lapse", "Restriction lapses at its review date"


class ReportingCadence(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUALLY = "annually", "Annually"
