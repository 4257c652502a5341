"""Forms for appeals. Each bounds its input and speaks GOV.UK's error messages; the rules
themselves (deadlines, limits, who may act, the documents allowed) are the services' and
`appeals.rules`'."""

from datetime import timedelta

from django import forms

from appeals import rules
from appeals.models import AppealEffect, AppealOutcome, AppealState, ReceivedVia
from contactpolicy.forms import GovukDateField, GovukForm, radios, textarea, today
from contactpolicy.models import PolicyProfile


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by `rules.document_errors`."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class AppealRecordForm(GovukForm):
    decision = forms.ChoiceField(
        label="Which decision does the customer disagree with?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision", "invalid_choice": "Choose the decision"},
    )
    received_on = GovukDateField(
        label="Date received",
        help_text="For example, 27 3 2026",
        earliest=lambda: today() - timedelta(days=3 * 366),
        latest=today,
        earliest_message="The date received must be within the last 3 years",
        latest_message="The date received must be today or in the past",
        error_messages={"required": "Enter the date it was received"},
    )
    received_via = radios(
        "How did it reach us?", ReceivedVia.choices, missing="Choose how it reached us"
    )
    grounds = textarea(
        "The customer's grounds",
        help_text="Why they disagree, in their words or a summary.",
        rows=6,
        max_length=10000,
        missing="Enter the customer's grounds",
    )
    documents = MultipleFileField(
        label="Supporting documents (optional)",
        help_text=f"Up to {rules.MAX_DOCUMENTS} files: PDF, JPG, PNG, DOCX or TXT, each smaller "
        "than 10MB.",
        required=False,
    )

    refusal_confirmed = forms.BooleanField(
        label="I understand it will be recorded as refused",
        required=False,
        help_text="Tick this only if the customer's appeal is against a decision named in "
        "the warning above.",
    )

    def __init__(self, *args, decisions=(), refusals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.decisions = {d.reference: d for d in decisions}
        # Asked only where an appeal against one of the decisions would be over the limit.
        if not refusals:
            del self.fields["refusal_confirmed"]
        self.fields["decision"].choices = [
            (
                d.reference,
                f"{d.reference}: {d.get_kind_display()}, took effect {d.applied_at:%-d %B %Y}",
            )
            for d in decisions
        ]

    def clean_documents(self):
        files = self.cleaned_data.get("documents") or []
        if errors := rules.document_errors(files):
            raise forms.ValidationError(errors)
        return files

    def clean_decision(self):
        return self.decisions[self.cleaned_data["decision"]]


class LateForm(GovukForm):
    accept = radios(
        "Will it be considered?",
        [("yes", "Yes, accept it although late"), ("no", "No, refuse it as late")],
        missing="Choose whether to accept it",
    )
    reason = textarea(
        "Reason", rows=3, max_length=2000, missing="Write the reason for accepting or refusing it"
    )


class AssignForm(GovukForm):
    investigator = forms.ChoiceField(
        label="Investigator",
        error_messages={
            "required": "Choose the investigator",
            "invalid_choice": "Choose the investigator",
        },
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.fields["investigator"].choices = [("", "Choose a person")] + [
            (
                str(p.pk),
                f"{p.get_full_name() or p.username}{f', {p.job_title}' if p.job_title else ''}",
            )
            for p in people
        ]

    def clean_investigator(self):
        return self.people[self.cleaned_data["investigator"]]


class FindingsForm(GovukForm):
    findings = textarea("Findings", rows=6, max_length=10000, missing="Enter the findings")


class DecideForm(GovukForm):
    outcome = radios(
        "Outcome", AppealOutcome.choices, missing="Choose upheld, partly upheld or not upheld"
    )
    effect = radios(
        "If partly upheld: what happens to the restriction?",
        AppealEffect.choices,
        help_text="An upheld appeal lifts it. Either way the decision goes for approval.",
        required=False,
        error_messages={"invalid_choice": "Choose whether to lift or vary the restriction"},
    )
    keep = forms.MultipleChoiceField(
        label="If varied: the sanctions that continue",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose only sanctions in force"},
    )
    # The outcome letter quotes these words under "Our reasons", signed by the decider.
    reasons = textarea(
        "Reasons",
        "The customer will read these words in the outcome letter, signed by you. Write to "
        "them as “you”, and leave out anything they should not read.",
        rows=5,
        max_length=10000,
        missing="Enter the reasons for the outcome",
    )

    def __init__(self, *args, sanctions=(), binding=False, **kwargs):
        super().__init__(*args, **kwargs)
        if binding:
            self.fields["effect"].help_text = (
                "An upheld appeal lifts it. Either way your decision takes effect when its "
                "outcome notice is issued: nobody else approves it."
            )
        self.sanctions = {str(s.pk): s for s in sanctions}
        self.fields["keep"].choices = [(str(s.pk), str(s.sanction_type)) for s in sanctions]

    def clean_keep(self):
        return [self.sanctions[pk] for pk in self.cleaned_data.get("keep") or []]


class WithdrawForm(GovukForm):
    error_subjects = {"reason": "how the customer withdrew it"}

    reason = textarea(
        "How did the customer withdraw it?",
        rows=3,
        max_length=2000,
        missing="Write how the customer withdrew it",
    )


class AppealFilterForm(forms.Form):
    """The list page's filters; anything else is read as no filter."""

    show = forms.ChoiceField(required=False)
    state = forms.ChoiceField(choices=[("", "Any"), *AppealState.choices], required=False)

    def __init__(self, *args, profile: PolicyProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["show"].choices = [
            ("open", "Open"),
            ("overdue", "Overdue"),
            ("due", f"Due in the next {profile.reminder_warning_days} days"),
            ("mine", "Mine to investigate"),
            ("closed", "Decided, refused or withdrawn"),
            ("all", "All"),
        ]
