"""Changing a customer's details after they were recorded."""

from django import forms

from cases.models import AccessibilityFormat, Customer, CustomerKind, Language
from contactpolicy.forms import GovukForm, radios, textarea
from contactpolicy.names import name_error


class CustomerDetailsForm(GovukForm):
    """A customer's name, how letters greet them, their language and accessibility needs.
    Every field is bounded by its column; names are checked as when the customer was added."""

    name = forms.CharField(
        label="Full name or organisation name",
        max_length=200,
        error_messages={"required": "Enter the customer's name"},
    )
    kind = radios("Type of customer", CustomerKind.choices, missing="Select the type of customer")
    title = forms.CharField(
        label="Title (optional)",
        help_text="How they are addressed in a letter, like Mr, Mrs, Ms, Miss, Mx or Dr.",
        max_length=20,
        required=False,
    )
    surname = forms.CharField(
        label="Surname (optional)",
        help_text="With the title, it makes the greeting, like “Dear Ms Price”.",
        max_length=100,
        required=False,
    )
    contact_name = forms.CharField(
        label="For an organisation: the person to write to (optional)",
        help_text="Without one, letters begin “Dear Sir or Madam”.",
        max_length=200,
        required=False,
    )
    preferred_language = radios(
        "Preferred language", Language.choices, missing="Select the language they prefer"
    )
    other_language = forms.CharField(label="Other language", max_length=100, required=False)
    no_welsh_reply_needed = forms.BooleanField(
        label="They write in Welsh but have said there is no need to reply in Welsh",
        required=False,
    )
    accessibility_formats = forms.MultipleChoiceField(
        label="Formats or support they need",
        choices=AccessibilityFormat.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select the formats or support from the list"},
    )
    accessibility_needs = textarea(
        "Other accessibility needs or reasonable adjustments",
        rows=3,
        max_length=2000,
        required=False,
    )
    third_party = forms.CharField(
        label="Advocate or third party acting for them (optional)", max_length=200, required=False
    )

    @classmethod
    def for_customer(cls, customer: Customer, data=None) -> "CustomerDetailsForm":
        initial = {name: getattr(customer, name) for name in cls.base_fields}
        return cls(data, initial=initial)

    def clean(self):
        data = super().clean()
        person = data.get("kind") in (None, CustomerKind.INDIVIDUAL)
        checks = [
            ("name", "Full name" if person else "Organisation name", person),
            ("title", "Title", True),
            ("surname", "Surname", True),
            ("contact_name", "The person to write to", True),
            ("third_party", "Name of the advocate or third party", False),
        ]
        for field, label, is_person in checks:
            value = (data.get(field) or "").strip()
            if value and (error := name_error(value, label=label, person=is_person)):
                self.add_error(field, error)
        if (
            data.get("preferred_language") == Language.OTHER
            and not (data.get("other_language") or "").strip()
        ):
            self.add_error("other_language", "Enter the language they prefer")
        return data
