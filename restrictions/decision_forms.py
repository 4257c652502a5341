"""Proposing a decision and answering one. Validation only: the services save.

The proposal form is built from the active profile (its checklist and its sanction
catalogue), the customer's incidents and cases, and the staff who can be named, all read
beforehand, so rendering it runs no query. Submitting asks for everything DESIGN.md §6
requires and ties each missing answer to its own field; saving a draft asks only that
what was typed makes sense. The rules themselves live in `restrictions.completeness`,
which the services apply too; this form parses the answers and puts each error returned
by field beside that field.
"""

import re
from datetime import date, datetime

from django import forms
from django.utils import timezone

from contactpolicy.choices import DecisionKind
from contactpolicy.forms import GovukDateField, GovukForm, RevealingRadioSelect, radios
from restrictions.completeness import (
    SCOPE_BY_CASE,
    Errors,
    Proposal,
    ProposedSanction,
    decision_errors,
    exception_answer_errors,
    exceptions_to_answer,
    review_date_errors,
    sanctions_errors,
    scope_errors,
)
from restrictions.models import EXCEPTIONAL_CIRCUMSTANCES, ApprovalOutcome, Scope, Stage
from restrictions.sanctions import CATALOGUE
from restrictions.sanctions.base import FieldContext, Parameter, textarea

YES, NO = "yes", "no"
CHECK_CHOICES = [(YES, "Yes, I am satisfied"), (NO, "No")]
APPLIES_CHOICES = [(YES, "Yes, it may apply"), (NO, "No")]
SATISFIED_CHOICES = [(YES, "Yes, I am satisfied no exception applies"), (NO, "No")]

KIND_HINTS = {
    DecisionKind.WARN: "Tell the customer their behaviour is unacceptable and ask them to change it.",
    DecisionKind.SANCTION: "Restrict how the customer may contact us, for a time, with a review date.",
    DecisionKind.VARY: "Change the sanctions in place.",
    DecisionKind.DISENGAGE: "Stop engaging with the customer, on everything or on some topics.",
    DecisionKind.CONTINUE: "After a review: keep the restriction as it is, to a new review date.",
    DecisionKind.EXTEND_EXCLUSION: "The customer entered a building they are excluded from.",
    DecisionKind.LIFT: "End the restriction.",
}

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")


def parse_dates(text: str) -> list[date]:
    """Dates separated by commas, semicolons or new lines: ISO (2026-12-01) or GOV.UK style
    (1/12/2026, 1 12 2026, 1 December 2026)."""
    found = set()
    for token in re.split(r"[,;\n]+", text):
        token = " ".join(token.split())
        if not token:
            continue
        for pattern in DATE_FORMATS:
            try:
                found.add(datetime.strptime(token, pattern).date())
                break
            except ValueError:
                continue
        else:
            raise forms.ValidationError(
                f"“{token[:40]}” is not a date: enter dates like 2026-12-01 or 1/12/2026"
            )
    return sorted(found)


class ProposalForm(GovukForm):
    """One page for a whole proposal: kind, evidence, reasons, checklist, exceptional
    circumstances, impact, sanctions, proportionality and review date."""

    # A refusal that is not about one field is usually about the kind of decision.
    non_field_anchor = "id_kind_0"

    kind = forms.ChoiceField(
        label="What do you propose?",
        widget=RevealingRadioSelect(reveals={DecisionKind.DISENGAGE: "kind-disengage"}),
        error_messages={
            "required": "Select what you propose",
            "invalid_choice": "Select one of the decisions the case can take now",
        },
    )
    incidents = forms.MultipleChoiceField(
        label="Incidents cited as evidence",
        help_text="This customer's incidents, newest first. Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Cite only this customer's incidents"},
    )
    reasons = textarea(
        "Reasons",
        "Why the behaviour is unacceptable under the policy, and why this decision. The "
        "customer will read this in the notice.",
        rows=6,
    )
    impact_on_business = textarea(
        "Impact of continuing to engage on the business and on other customers"
    )
    impact_on_customer = textarea("Impact of restricted access on the customer")
    proportionality = textarea(
        "Why each sanction is proportionate to the behaviour cited",
        "Say why a lesser restriction would not do.",
    )
    warning_not_possible_reason = textarea(
        "Why a warning was not possible (if it was not)",
        "Only needed to impose sanctions or disengage when no warning has been given and no "
        "extreme behaviour is cited.",
        rows=3,
    )
    review_due = GovukDateField(
        label="Review date",
        help_text="When the restriction will be reviewed. For example, 27 3 2027",
        required=False,
    )
    scope = radios(
        "What does the disengagement cover?",
        [
            (Scope.ALL, "All contact"),
            (SCOPE_BY_CASE, "Only some of the customer's cases"),
            (Scope.PARTIAL, "Only some topics"),
        ],
        initial=Scope.ALL,
        required=False,
        error_messages={"invalid_choice": "Select what the disengagement covers"},
    )
    scope_cases = forms.MultipleChoiceField(
        label="Cases it covers",
        help_text="If only some of the customer's cases: their open cases. Contact about any "
        "other case is dealt with as usual. Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select only this customer's open cases"},
    )
    scope_topics = textarea("Topics it covers", "If only some topics: one a line.", rows=3)
    corporate = forms.BooleanField(
        label="This is a corporate case",
        help_text="A corporate approach is required, so the corporate-case approver the "
        "policy names decides it.",
        required=False,
    )
    sanctions = forms.MultipleChoiceField(
        label="Sanctions",
        help_text="The restrictions the policy allows. Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose sanctions from the organisation's policy"},
    )

    def __init__(
        self,
        *args,
        profile,
        kinds,
        incidents=(),
        staff=(),
        cases=(),
        submitting: bool = True,
        reviewing_disengagement: bool = False,
        today: date | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.profile = profile
        self.submitting = submitting
        self.reviewing_disengagement = reviewing_disengagement
        self.today = today or timezone.localdate()
        self._kinds = list(kinds)
        self.fields["kind"].choices = [(k, DecisionKind(k).label) for k in self._kinds]
        self._incidents = {str(i.pk): i for i in incidents}
        self.fields["incidents"].choices = [(str(i.pk), i.reference) for i in incidents]
        self._staff = {str(u.pk): u for u in staff}
        self._cases = {str(c.pk): c for c in cases}
        staff_choices = [(str(u.pk), str(u)) for u in staff]
        case_choices = [(str(c.pk), f"{c.reference}: {c.subject}") for c in cases]
        # A partial disengagement covers matters still open (NE step 5); a closed one is
        # the "refuse to reopen" sanction's to cover.
        self._open_cases = {str(c.pk): c for c in cases if c.is_open}
        self.fields["scope_cases"].choices = [
            (pk, f"{c.reference}: {c.subject}") for pk, c in self._open_cases.items()
        ]
        if not self._open_cases:
            self.fields["scope"].choices = [
                choice for choice in self.fields["scope"].choices if choice[0] != SCOPE_BY_CASE
            ]

        if not profile.has_corporate_route:
            del self.fields["corporate"]
        if profile.names_correspondent:
            self.fields["correspondent"] = forms.ChoiceField(
                label="Who corresponds with the customer?",
                help_text=f"Under the {profile.short_name} policy their line manager signs "
                "sanctions off. We have chosen the officer of the customer's latest contact, or "
                "you if no officer handles their contacts: change it if someone else "
                "corresponds with them.",
                choices=[("", "The officer of their latest contact, or you"), *staff_choices],
                required=False,
                error_messages={
                    "invalid_choice": "Select a member of staff who corresponds with the customer",
                },
            )
        self.checklist_items = list(profile.checklist_items.all())
        for item in self.checklist_items:
            self.fields[f"check_{item.code}"] = radios(item.text, CHECK_CHOICES, required=False)
            self.fields[f"check_{item.code}_notes"] = textarea(
                "Notes", "Required if you answer No.", rows=2
            )
        for code, label in EXCEPTIONAL_CIRCUMSTANCES:
            self.fields[f"exc_{code}"] = radios(label, APPLIES_CHOICES, required=False)
            self.fields[f"exc_{code}_notes"] = textarea(
                "Notes", "What you found, either way.", rows=2
            )

        self.sanction_types = list(profile.sanction_types.all())
        self._types = {str(t.pk): t for t in self.sanction_types}
        self.fields["sanctions"].choices = [(str(t.pk), t.name) for t in self.sanction_types]
        for stype in self.sanction_types:
            context = FieldContext(stype, staff_choices, case_choices)
            for param in self._parameters(stype):
                self.fields[f"s{stype.pk}_{param.name}"] = param.field(context)

    def _parameters(self, stype) -> tuple[Parameter, ...]:
        """What this kind of sanction needs to know (DESIGN.md §5), as its kind declares."""
        params = CATALOGUE[stype.kind].parameters
        if not self._cases:
            params = tuple(p for p in params if p.name != "scope_cases")
        return params

    # -- What the template walks through ----------------------------------------------------

    @property
    def kind_rows(self) -> list[tuple]:
        return [(option, KIND_HINTS.get(option.data["value"], "")) for option in self["kind"]]

    @property
    def incident_rows(self) -> list[tuple]:
        return [
            (option, self._incidents[str(option.data["value"])]) for option in self["incidents"]
        ]

    @property
    def checklist_rows(self) -> list[tuple]:
        return [
            (number, item, self[f"check_{item.code}"], self[f"check_{item.code}_notes"])
            for number, item in enumerate(self.checklist_items, start=1)
        ]

    @property
    def exceptional_rows(self) -> list[tuple]:
        return [
            (label, self[f"exc_{code}"], self[f"exc_{code}_notes"])
            for code, label in EXCEPTIONAL_CIRCUMSTANCES
        ]

    @property
    def sanction_rows(self) -> list[tuple]:
        rows = []
        for option in self["sanctions"]:
            stype = self._types[str(option.data["value"])]
            params = [self[f"s{stype.pk}_{p.name}"] for p in self._parameters(stype)]
            rows.append((option, stype, params))
        return rows

    def proposal(self) -> Proposal:
        """The answers of a valid form, as the services take them."""
        data = self.cleaned_data
        return Proposal(
            kind=data["kind"],
            reasons=data["reasons"],
            incidents=data["incident_objects"],
            checklist=data["checklist"],
            exceptional_circumstances=data["exceptional_circumstances"],
            impact_on_business=data["impact_on_business"],
            impact_on_customer=data["impact_on_customer"],
            proportionality=data["proportionality"],
            warning_not_possible_reason=data["warning_not_possible_reason"],
            review_due=data["review_due"],
            sanctions=data["proposed_sanctions"],
            reviewing_disengagement=self.reviewing_disengagement,
            scope=data["scope"],
            scope_cases=data["scope_case_objects"],
            scope_topics=data["scope_topics"],
            corporate=data.get("corporate", False),
            correspondent=self._staff.get(data.get("correspondent") or ""),
        )

    # -- Validation -------------------------------------------------------------------------

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        data["incident_objects"] = [self._incidents[pk] for pk in data.get("incidents") or []]
        data["checklist"] = self._checklist(data)
        data["exceptional_circumstances"] = self._exceptional(data)
        data["proposed_sanctions"] = self._sanctions(data, kind)
        self._add_errors(review_date_errors(data.get("review_due"), today=self.today))
        self._scope(data, kind)
        if self.submitting and kind:
            self._require_complete(data, kind)
        return data

    def _scope(self, data, kind) -> None:
        """What a disengagement covers, as the service takes it: `scope` all or partial,
        with the chosen cases (`scope_case_objects`) or the topics, never both."""
        answer = data.get("scope") or Scope.ALL
        chosen = [self._open_cases[pk] for pk in data.get("scope_cases") or []]
        if kind != DecisionKind.DISENGAGE or answer == Scope.ALL:
            chosen, answer, data["scope_topics"] = [], Scope.ALL, ""
        elif answer == SCOPE_BY_CASE:
            data["scope_topics"] = ""
        else:
            chosen = []
        self._add_errors(
            scope_errors(
                kind or "",
                scope=answer,
                scope_cases=chosen,
                scope_topics=data.get("scope_topics", ""),
            )
        )
        data["scope"] = Scope.PARTIAL if answer == SCOPE_BY_CASE else answer
        data["scope_case_objects"] = chosen

    def _checklist(self, data) -> dict:
        answers = {}
        for item in self.checklist_items:
            choice = data.get(f"check_{item.code}")
            notes = data.get(f"check_{item.code}_notes", "").strip()
            if choice or notes:
                answers[item.code] = {
                    "satisfied": {YES: True, NO: False}.get(choice),
                    "notes": notes,
                }
        return answers

    def _exceptional(self, data) -> dict:
        answers = {}
        for code, _ in EXCEPTIONAL_CIRCUMSTANCES:
            choice = data.get(f"exc_{code}")
            notes = data.get(f"exc_{code}_notes", "").strip()
            if choice or notes:
                answers[code] = {"applies": {YES: True, NO: False}.get(choice), "notes": notes}
        return answers

    def _add_errors(self, errors: Errors) -> None:
        """The rules' errors, each beside its field, the first per field only."""
        for name, messages in errors.items():
            target = name if name in self.fields else None
            if target is not None and target in self.errors:
                continue
            self.add_error(target, messages[0] if target is not None else messages)

    def _sanctions(self, data, kind) -> list[ProposedSanction]:
        """The chosen sanctions, parsed; the rules about them are `completeness`'s."""
        chosen = data.get("sanctions") or []
        parsed = [(self._types[pk], self._sanction_values(self._types[pk], data)) for pk in chosen]
        proposal = Proposal(
            kind=kind or "",
            incidents=data["incident_objects"],
            sanctions=[
                ProposedSanction(sanction_type=stype, **(values or {})) for stype, values in parsed
            ],
        )
        if kind:
            errors = sanctions_errors(proposal, profile_id=self.profile.pk)
            self._add_errors(errors)
            if "sanctions" in errors:
                return []
        return [
            sanction
            for sanction, (_, values) in zip(proposal.sanctions, parsed, strict=True)
            if values is not None
            and not any(name.startswith(f"s{sanction.sanction_type.pk}_") for name in self.errors)
        ]

    def _sanction_values(self, stype, data) -> dict | None:
        """The parameters of one chosen sanction, or None when any is missing or wrong."""
        prefix = f"s{stype.pk}_"
        failed = False
        values = {}
        for param in (p.name for p in self._parameters(stype)):
            name = prefix + param
            value = data.get(name)
            if name in self.errors:  # the field's own check failed (a bad time, say)
                failed = True
                continue
            if value in (None, "", []):
                continue
            if param in {"officer", "deputy"}:
                value = self._staff[value]
            elif param == "weekdays":
                value = [int(day) for day in value]
            elif param == "scope_cases":
                value = [self._cases[pk] for pk in value]
            elif param == "dates":
                try:
                    value = parse_dates(value)
                except forms.ValidationError as error:
                    self.add_error(name, error)
                    failed = True
                    continue
                if any(day < self.today for day in value):
                    self.add_error(name, "The dates contact is allowed on must be today or later")
                    failed = True
                    continue
            elif param == "agreement_signed_on" and value > self.today:
                self.add_error(name, "The date must be today or in the past")
                failed = True
                continue
            elif isinstance(value, str):
                value = value.strip()
            values[param] = value
        officer, deputy = values.get("officer"), values.get("deputy")
        if officer is not None and deputy is not None and officer.pk == deputy.pk:
            self.add_error(
                prefix + "deputy", "The deputy must be someone other than the named officer"
            )
            failed = True
        for param, error in CATALOGUE[stype.kind].check(values, today=self.today).items():
            if prefix + param not in self.errors:
                self.add_error(prefix + param, error)
            failed = True
        return None if failed else values

    def _require_complete(self, data, kind: str) -> None:
        """DESIGN.md §6: what a proposal must answer before it goes for approval."""
        proposal = Proposal(
            kind=kind,
            reasons=data.get("reasons", ""),
            incidents=data["incident_objects"],
            checklist=data["checklist"],
            exceptional_circumstances=data["exceptional_circumstances"],
            impact_on_business=data.get("impact_on_business", ""),
            impact_on_customer=data.get("impact_on_customer", ""),
            proportionality=data.get("proportionality", ""),
            review_due=data.get("review_due"),
            # Chosen, even if a parameter was wrong: that error is shown beside it.
            sanctions=data.get("sanctions") or [],
            reviewing_disengagement=self.reviewing_disengagement,
        )
        errors = decision_errors(
            proposal,
            profile=self.profile,
            checklist_items=self.checklist_items,
            today=self.today,
        )
        self._add_errors(errors)


def initial_from_decision(decision) -> dict:
    """The answers of an earlier decision, to start a new proposal from (say, one sent back)."""
    cases = list(decision.scope_cases.all())
    initial = {
        "kind": decision.kind,
        "incidents": [str(i.pk) for i in decision.incidents.all()],
        "reasons": decision.reasons,
        "impact_on_business": decision.impact_on_business,
        "impact_on_customer": decision.impact_on_customer,
        "proportionality": decision.proportionality,
        "warning_not_possible_reason": decision.warning_not_possible_reason,
        "review_due": decision.review_due,
        "scope": SCOPE_BY_CASE if cases else decision.scope,
        "scope_cases": [str(c.pk) for c in cases],
        "scope_topics": decision.scope_topics,
        "correspondent": str(decision.correspondent_id or ""),
    }
    words = {True: YES, False: NO}
    for code, answer in (decision.checklist or {}).items():
        initial[f"check_{code}"] = words.get((answer or {}).get("satisfied"), "")
        initial[f"check_{code}_notes"] = (answer or {}).get("notes", "")
    for code, answer in (decision.exceptional_circumstances or {}).items():
        initial[f"exc_{code}"] = words.get((answer or {}).get("applies"), "")
        initial[f"exc_{code}_notes"] = (answer or {}).get("notes", "")
    chosen = []
    for sanction in decision.sanctions.all():
        pk = sanction.sanction_type_id
        chosen.append(str(pk))
        prefix = f"s{pk}_"
        initial.update(
            {
                prefix + "channel": sanction.channel,
                prefix + "officer": str(sanction.officer_id or ""),
                prefix + "deputy": str(sanction.deputy_id or ""),
                prefix + "weekdays": [str(day) for day in sanction.weekdays],
                prefix + "window_start": f"{sanction.window_start:%H:%M}"
                if sanction.window_start
                else "",
                prefix + "window_end": f"{sanction.window_end:%H:%M}"
                if sanction.window_end
                else "",
                prefix + "max_minutes": sanction.max_minutes,
                prefix + "buildings": sanction.buildings,
                prefix + "ends_on": sanction.ends_on,
                prefix + "permanent": sanction.permanent,
                prefix + "third_party": sanction.third_party,
                prefix + "dates": ", ".join(sanction.dates or []),
                prefix + "blocked_identifiers": sanction.blocked_identifiers,
                prefix + "agreed_terms": sanction.agreed_terms,
                prefix + "agreement_signed_on": sanction.agreement_signed_on,
                prefix + "description": sanction.description,
                prefix + "scope_cases": [str(c.pk) for c in sanction.scope_cases.all()],
                prefix + "scope_topics": sanction.scope_topics,
            }
        )
    initial["sanctions"] = chosen
    return initial


def asks_why_no_warning(decision) -> bool:
    """Whether approving `decision` may need the approver's reason why no warning was
    given: sanctions or disengagement for a customer never warned or restricted before
    (DESIGN.md §4; the guard is `warned_first_unless_excused`)."""
    case = decision.restriction_case
    return (
        decision.kind in {DecisionKind.SANCTION, DecisionKind.DISENGAGE}
        and case.warned_at is None
        and case.state not in (Stage.SANCTIONED, Stage.UNDER_REVIEW)
    )


class AnswerForm(GovukForm):
    """An approver's answer: approve (with the confirmation), send back or reject."""

    non_field_anchor = "id_outcome_0"

    outcome = forms.ChoiceField(
        label="Your decision",
        choices=[
            (ApprovalOutcome.APPROVE, "Approve"),
            (ApprovalOutcome.SEND_BACK, "Send back to the proposer to change"),
            (ApprovalOutcome.REJECT, "Reject"),
        ],
        widget=RevealingRadioSelect(reveals={ApprovalOutcome.APPROVE: "answer-approve"}),
        error_messages={"required": "Select whether you approve, send back or reject it"},
    )
    confirmed_checklist = forms.BooleanField(
        label="I have read the evidence and am satisfied of the checklist, the exceptional "
        "circumstances and the impact",
        required=False,
    )
    reason = forms.CharField(
        label="Your reasons",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        required=False,
    )

    def __init__(
        self,
        *args,
        reason_always: bool = False,
        decision=None,
        can_approve=True,
        profile=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.reason_always = reason_always
        # BTPA §8.12: the approver "is satisfied that no exceptions apply". Where the profile
        # says so, they answer each the proposer left open, with a reason.
        self.exceptions = []
        if decision is not None and profile is not None and profile.approver_answers_exceptions:
            self.exceptions = exceptions_to_answer(
                decision.checklist or {},
                decision.exceptional_circumstances or {},
                list(profile.checklist_items.all()),
            )
        for item in self.exceptions:
            checklist = item.key.startswith("check_")
            said = "The proposer answered No" if checklist else "The proposer said it may apply"
            self.fields[item.field] = radios(
                item.question,
                [
                    (YES, "Yes, I am satisfied of this" if checklist else SATISFIED_CHOICES[0][1]),
                    (NO, "No"),
                ],
                required=False,
                help_text=f"{said}: {item.proposer_notes}" if item.proposer_notes else f"{said}.",
            )

            self.fields[item.reason_field] = textarea(
                "Your reason",
                (
                    "Why you are satisfied of this"
                    if checklist
                    else "Why you are satisfied no exception applies"
                )
                + ", or why not. Kept on the record.",
                rows=2,
            )
        if not can_approve:
            # The decision can no longer take effect: it can only be sent back or rejected.
            outcome = self.fields["outcome"]
            outcome.choices = [c for c in outcome.choices if c[0] != ApprovalOutcome.APPROVE]
            outcome.error_messages["required"] = "Select whether you send it back or reject it"
            outcome.error_messages["invalid_choice"] = (
                "This decision can no longer take effect: send it back or reject it"
            )
        self.asks_why_no_warning = decision is not None and asks_why_no_warning(decision)
        if self.asks_why_no_warning:
            # DESIGN.md §4: the approver records why a warning was not possible. The
            # proposer's words are offered as a suggestion to confirm, change or clear.
            self.fields["warning_not_possible_reason"] = forms.CharField(
                label="Why a warning was not possible",
                help_text="No warning has been given. Unless extreme behaviour is cited, "
                "approving needs your reason: confirm the proposer's suggestion below, change "
                "it or write your own. Leave it empty if a warning was possible.",
                initial=decision.warning_not_possible_reason,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=5000,
                required=False,
            )
        self.fields["reason"].help_text = (
            "They are kept on the record with your answer."
            if reason_always
            else "Required if you send it back or reject it. The proposer will read them."
        )
        # In the page's order, so the error summary lists the problems as they are met.
        self.order_fields(
            [
                "outcome",
                *(name for item in self.exceptions for name in (item.field, item.reason_field)),
                "confirmed_checklist",
                "warning_not_possible_reason",
                "reason",
            ]
        )

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        reason = data.get("reason", "").strip()
        if outcome == ApprovalOutcome.APPROVE and not data.get("confirmed_checklist"):
            self.add_error(
                "confirmed_checklist",
                "Confirm you have read the evidence and are satisfied before approving",
            )
        if outcome and not reason and (self.reason_always or outcome != ApprovalOutcome.APPROVE):
            self.add_error("reason", "Write the reasons for your decision")
        data["reason"] = reason
        if self.asks_why_no_warning:
            data["warning_not_possible_reason"] = data.get(
                "warning_not_possible_reason", ""
            ).strip()
        data["exception_answers"] = {
            item.key: {
                "satisfied": {YES: True, NO: False}.get(data.get(item.field)),
                "reason": data.get(item.reason_field, "").strip(),
            }
            for item in self.exceptions
        }
        if outcome == ApprovalOutcome.APPROVE:
            for name, messages in exception_answer_errors(
                self.exceptions, data["exception_answers"]
            ).items():
                self.add_error(name, messages[0])
        return data

    @property
    def exception_rows(self) -> list[tuple]:
        """Each exception to answer, with the proposer's notes, its answer and its reason."""
        return [(item, self[item.field], self[item.reason_field]) for item in self.exceptions]
