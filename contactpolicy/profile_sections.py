"""The profile editor's sections: one declaration of which settings each page edits.

Every field of `PolicyProfile` that changes what the service does, and every kind of row that
belongs to a profile, is in exactly one section (tests/contactpolicy/test_profile_editor.py
holds the declaration to that), so a new setting cannot be left without a page. A few
sections are edited on pages of their own elsewhere (the letterhead, the notice templates,
the closure days, which belong to no profile); the contents page links to them.
"""

from dataclasses import dataclass, field

# Fields no section edits, and why: who the profile is, and where its words came from.
NOT_EDITABLE = {
    "id": "the database's own key",
    "slug": "the short identifier a copy is given when it is made",
    "shipped_as": "the shipped profile it started from, whose letters it uses",
    "is_active": "changed by making another profile active",
    "sources": "where each value came from in the policy document",
}


@dataclass(frozen=True)
class Inline:
    """Rows that belong to the profile, edited on a section page as a list of forms."""

    relation: str  # PolicyProfile's accessor for the rows
    title: str
    fields: tuple[str, ...]
    hint: str = ""


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    description: str
    fields: tuple[str, ...] = ()
    inlines: tuple[Inline, ...] = ()
    # A section edited on a page of its own: that page's URL name.
    elsewhere: str = ""
    # Relations edited on that page (the letters' templates).
    relations: tuple[str, ...] = field(default=())


SECTIONS: tuple[Section, ...] = (
    Section(
        "organisation",
        "Organisation",
        "Who the organisation is and the policy it follows.",
        fields=("name", "short_name", "policy_title", "policy_document", "notes"),
    ),
    Section(
        "letterhead",
        "Letterhead",
        "The postal address, phone number, email and web addresses, logo and policy PDF "
        "every letter prints or encloses.",
        fields=("address", "telephone", "email", "web_address", "letter_logo", "policy_pdf"),
        elsewhere="letterhead",
    ),
    Section(
        "letters",
        "Letters",
        "The wording of each letter, in English and Welsh.",
        relations=("notice_templates",),
        elsewhere="notices:templates",
    ),
    Section(
        "calendar",
        "Calendar and office hours",
        "Which bank holidays close the organisation, and its opening hours.",
        fields=("bank_holiday_region",),
        inlines=(
            Inline(
                "office_hours",
                "Office hours",
                ("weekday", "opens", "closes", "source"),
                "Leave out a day the organisation is closed. With no office hours at all, "
                "clocks count whole working days.",
            ),
        ),
    ),
    Section(
        "closure-days",
        "Closure days",
        "Days the organisation is closed besides weekends and bank holidays.",
        elsewhere="profile_closure_days",
    ),
    Section(
        "standards",
        "Service standards",
        "How soon each kind of contact is acknowledged and answered, and when no reply is given.",
        fields=("email_acknowledgement_automatic",),
        inlines=(
            Inline(
                "service_standards",
                "Service standards",
                (
                    "channel",
                    "kind",
                    "acknowledge_value",
                    "acknowledge_unit",
                    "respond_value",
                    "respond_unit",
                    "tracked",
                    "office_hours_only",
                    "requester_deadline_applies",
                    "routed_to",
                    "description",
                    "source",
                ),
            ),
            Inline(
                "no_reply_exceptions",
                "When no reply is given",
                ("reason", "channels", "description", "source"),
            ),
        ),
    ),
    Section(
        "behaviour",
        "Behaviour and sanctions",
        "The kinds of unacceptable behaviour, and the sanctions the policy allows.",
        inlines=(
            Inline(
                "behaviour_categories",
                "Kinds of behaviour",
                ("order", "code", "name", "is_extreme", "description", "examples", "source"),
            ),
            Inline(
                "sanction_types",
                "Sanctions",
                (
                    "order",
                    "code",
                    "kind",
                    "name",
                    "description",
                    "approver_role",
                    "extreme_only",
                    "staff_instruction",
                    "default_channel",
                    "reply_rule",
                    "source",
                ),
            ),
        ),
    ),
    Section(
        "decisions",
        "Warnings and decisions",
        "Who approves each kind of decision, warnings first, and the sign-off checklist.",
        fields=(
            "warning_first",
            "warning_rule",
            "extreme_skips_warning",
            "two_person_rule",
            "effect_before_notice_when_extreme",
            "police_without_warning",
            "police_referral_role",
            "termination_script",
            "notice_issued_by_approver",
            "approver_answers_exceptions",
            "approval_within_service",
            "legal_advice_by_colleague",
        ),
        inlines=(
            Inline(
                "decision_rules",
                "Decision rules",
                (
                    "decision_kind",
                    "approver_role",
                    "alternative_approver_role",
                    "alternative_approver_title",
                    "approver_is_line_manager_of_correspondent",
                    "approvals_required",
                    "distinct_grades",
                    "reserved_to_chief_executive",
                    "notes",
                    "source",
                ),
            ),
            Inline(
                "checklist_items",
                "Sign-off checklist",
                ("order", "code", "text", "source"),
            ),
        ),
    ),
    Section(
        "incidents",
        "Incidents, the police and injunctions",
        "Who marks an incident extreme, when the police are told, and who seeks an injunction.",
        fields=(
            "extreme_marked_by_role",
            "police_always_reported",
            "police_consultation_role",
            "police_consultation_title",
            "injunction_role",
            "injunction_title",
            "agent_client_contact_first",
        ),
    ),
    Section(
        "appeals",
        "Appeals",
        "How a customer challenges a decision, who investigates and who decides.",
        fields=(
            "appeal_term",
            "appeal_route",
            "appeal_to_role",
            "appeal_to_title",
            "appeal_alternative_investigator_role",
            "appeal_alternative_investigator_title",
            "appeal_decided_by_role",
            "appeal_decided_by_title",
            "appeal_alternative_decider_role",
            "appeal_alternative_decider_title",
            "appeal_late_decided_by_role",
            "appeal_outcome_binding",
            "appeal_window_value",
            "appeal_window_unit",
            "appeal_decision_value",
            "appeal_decision_unit",
            "appeal_limit_per_stage",
            "appeal_stages",
            "complaint_route",
            "appeal_notes",
        ),
    ),
    Section(
        "reviews",
        "Reviews",
        "When restrictions are reviewed, and by whom.",
        fields=(
            "sanction_review_months",
            "disengagement_review_months",
            "reengage_clean_months",
            "review_on_request",
            "review_by_applier",
            "sanction_review_by_team",
            "overdue_review_action",
            "review_notes",
        ),
    ),
    Section(
        "reminders",
        "Reminders",
        "How far ahead a deadline counts as coming due.",
        fields=("reminder_warning_days",),
    ),
    Section(
        "telling-people",
        "Telling people and personal data",
        "Who is told a customer is being considered, and who answers subject access requests.",
        fields=(
            "consideration_told_to_role",
            "consideration_told_to_title",
            "subject_access_role",
            "subject_access_staff_below_role",
            "forwarding_needs_sender_consent",
        ),
    ),
    Section(
        "reports",
        "Reports",
        "How often restrictions are reported, to whom, and how small figures are shown.",
        fields=("reporting_cadence", "reporting_audience", "report_csv_suppresses_small_figures"),
    ),
    Section(
        "retention",
        "Retention",
        "How long each kind of record is kept before it is anonymised.",
        inlines=(
            Inline(
                "retention_periods",
                "Retention periods",
                ("kind", "years", "runs_from", "source", "reason"),
                "A change to a period needs its reason.",
            ),
        ),
    ),
)

BY_SLUG = {section.slug: section for section in SECTIONS}
EDITED_HERE = tuple(section for section in SECTIONS if not section.elsewhere)
