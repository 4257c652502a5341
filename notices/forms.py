"""Forms for notices: a draft's options, how it was sent, withdrawing it, production
requests, the print queue's batch and the template editor. Each bounds its input and
speaks GOV.UK's error messages; the rules themselves are the services'."""

from datetime import timedelta

from django import forms

from contactpolicy.forms import GovukDateField, GovukForm, radios, textarea, today
from notices.models import NoticeLanguage, PrintFormat, ProductionFormat, SendMethod


class NoticeOptionsForm(GovukForm):
    language = radios(
        "Language",
        NoticeLanguage.choices,
        error_messages={"required": "Choose the notice's language"},
    )
    print_format = radios(
        "Print",
        PrintFormat.choices,
        help_text="Chosen from the customer's record; change it if they have asked otherwise.",
        error_messages={"required": "Choose standard or large print"},
    )
    include_policy_annex = forms.BooleanField(
        label="Enclose the relevant parts of the policy", required=False
    )


class SentForm(GovukForm):
    error_names = {"method": "how the notice was sent"}

    method = radios(
        "How was it sent?",
        SendMethod.choices,
        error_messages={"required": "Choose how the notice was sent"},
    )

    def __init__(self, *args, postable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not postable:
            # Issued to a customer with no postal address: it was never in today's post.
            self.fields["method"].choices = [
                (value, label) for value, label in SendMethod.choices if value != SendMethod.POST
            ]


class IssueForm(GovukForm):
    """How a notice reaches a customer with no postal address: asked before it is issued,
    since it cannot be posted."""

    # Not required here: a notice that cannot be issued now says why first (409); the
    # service asks for the answer when it would issue.
    delivery = radios(
        "How will the notice reach the customer?",
        [(SendMethod.EMAIL, "Email it to them"), (SendMethod.BY_HAND, "Hand it over")],
        missing="Choose whether to email the notice or hand it over",
        required=False,
    )


def _reason_field(label: str, why: str, help_text: str = "") -> forms.CharField:
    """The reason for an action on a notice: required, in 2,000 characters at most."""
    return textarea(
        label,
        help_text,
        rows=3,
        max_length=2000,
        missing=f"Write why the notice is {why}",
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
    )


class WithdrawForm(GovukForm):
    error_subjects = {"reason": "the reason the notice is withdrawn"}

    reason = _reason_field("Why is this notice withdrawn?", "withdrawn")


class ReprintForm(GovukForm):
    error_subjects = {"reason": "the reason the notice is printed again"}

    reason = _reason_field(
        "Why is it printed again?",
        "printed again",
        help_text="For example, the printed copy was spoiled or lost before it was posted.",
    )


class CopyForm(GovukForm):
    """Which print format to make an issued notice in; only those it lacks are offered."""

    print_format = forms.ChoiceField(choices=PrintFormat.choices, widget=forms.HiddenInput)


class ProductionForm(GovukForm):
    production_format = radios(
        "Format to produce",
        ProductionFormat.choices,
        error_messages={"required": "Choose the format to produce"},
    )
    language = forms.CharField(
        label="Language, if another language",
        required=False,
        max_length=100,
        error_messages={"max_length": "The language must be 100 characters or fewer"},
    )
    due_on = GovukDateField(
        label="Due by",
        help_text="For example, 27 3 2027",
        earliest=today,
        latest=lambda: today() + timedelta(days=366),
        earliest_message="The due date must be today or in the future",
        latest_message="The due date must be within a year",
        error_messages={"required": "Enter the date it is due by"},
    )


class PostBatchForm(GovukForm):
    notices = forms.MultipleChoiceField(
        label="Notices posted",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the notices that were posted",
            "invalid_choice": "Select only notices waiting to be posted",
        },
    )

    def __init__(self, *args, references=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notices"].choices = [(r, r) for r in references]


class TemplateForm(GovukForm):
    subject = forms.CharField(
        label="Heading",
        max_length=200,
        error_messages={
            "required": "Enter the letter's heading",
            "max_length": "The heading must be 200 characters or fewer",
        },
    )
    body = forms.CharField(
        label="Text of the letter",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true"}),
        help_text="Leave a blank line between paragraphs. A line starting “# ” is a heading. "
        "Place facts with merge fields such as {{ customer_name }}.",
        error_messages={
            "required": "Enter the text of the letter",
            "max_length": "The text must be 20,000 characters or fewer",
        },
    )
    translation_checked = forms.BooleanField(
        label="The organisation's translator has checked this Welsh text", required=False
    )
    preview_decision = forms.CharField(
        label="Preview against decision",
        required=False,
        max_length=20,
        help_text="A decision's reference, for example DEC-2026-000012. Leave it empty to "
        "preview with a sample customer and decision, which are not kept.",
        error_messages={"max_length": "A decision reference is 20 characters or fewer"},
    )


class ProductionCompleteForm(GovukForm):
    """The file made for one version requested; its type and size are the service's to
    check (`notices.services.production_complete`). Prefixed with the request's number, so
    each row of the page has its own field."""

    file = forms.FileField(
        label="The file produced",
        help_text="A PDF smaller than 20MB; for Braille, a PDF or a BRF or TXT file.",
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf,.brf,.txt"}),
        error_messages={
            "required": "Select the file produced",
            "empty": "The selected file is empty",
            "invalid": "Select the file produced",
            "missing": "Select the file produced",
        },
    )

    def __init__(self, *args, production, **kwargs):
        super().__init__(*args, prefix=f"production-{production.pk}", **kwargs)
        self.production = production
        if production.production_format != ProductionFormat.BRAILLE:
            self.fields["file"].help_text = "A PDF smaller than 20MB."
            self.fields["file"].widget.attrs["accept"] = "application/pdf,.pdf"
