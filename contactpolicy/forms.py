"""GOV.UK Design System rendering for every form in the service.

Forms inherit `GovukForm` or `GovukModelForm`; their fields then render as GOV.UK
form groups (label, hint, error message, input) with `{{ form }}` or
`{{ form.field.as_field_group }}`, and `govuk/error_summary.html` lists their errors.
"""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

MULTIPLE_CHOICE_WIDGETS = {"radioselect", "checkboxselectmultiple"}

WIDGET_CLASSES = {
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "textarea": "govuk-textarea",
    "radioselect": "govuk-radios__input",
    "checkboxselectmultiple": "govuk-checkboxes__input",
    "checkbox": "govuk-checkboxes__input",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}


def form_add_service_errors(
    form: forms.Form, error: ValidationError, *, fields: dict[str, str] | None = None
) -> None:
    """Show a service's refusal on the form: on the field it names, else above the form.

    `fields` maps a service's argument names to the form's own field names where they
    differ (a service's `occurred_at` is the form's `occurred_date`).
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        name = (fields or {}).get(field, field)
        form.add_error(name if name in form.fields else None, errors)


class GovukRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


class GovukBoundField(BoundField):
    @property
    def is_multiple_choice(self) -> bool:
        return self.widget_type in MULTIPLE_CHOICE_WIDGETS

    @property
    def anchor(self) -> str:
        """Where the error summary's link for this field points."""
        if self.is_multiple_choice or self.widget_type == "govukdate":
            return f"{self.auto_id}_0"
        return self.id_for_label or self.auto_id

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.widget_type == "govukdate":
            return attrs
        base = WIDGET_CLASSES.get(self.widget_type, "govuk-input")
        own = (widget or self.field.widget).attrs.get("class", "")
        classes = [base, own, attrs.get("class", "")]
        if self.errors and not self.is_multiple_choice and self.widget_type != "checkbox":
            classes.append(f"{base}--error")
        attrs["class"] = " ".join(c for c in classes if c)
        attrs.pop("aria-describedby", None)
        if not self.is_multiple_choice:
            described_by = []
            if self.help_text:
                described_by.append(f"{self.auto_id}-hint")
            if self.errors:
                described_by.append(f"{self.auto_id}-error")
            if described_by:
                attrs["aria-describedby"] = " ".join(described_by)
        return attrs


class GovukFormMixin:
    bound_field_class = GovukBoundField
    error_summary_title = "There is a problem"


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


class SignInForm(GovukFormMixin, AuthenticationForm):
    non_field_anchor = "id_username"
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both may be case-sensitive.",
        "inactive": "This account has been switched off. Ask your administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.update(spellcheck="false", autocapitalize="none")


class GovukDateWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year in three boxes."""

    template_name = "govuk/widgets/date.html"

    def __init__(self, attrs=None):
        numeric = {"inputmode": "numeric", "autocomplete": "off"}
        super().__init__(
            [
                forms.TextInput(
                    attrs={
                        **numeric,
                        "class": "govuk-input govuk-date-input__input govuk-input--width-2",
                    }
                ),
                forms.TextInput(
                    attrs={
                        **numeric,
                        "class": "govuk-input govuk-date-input__input govuk-input--width-2",
                    }
                ),
                forms.TextInput(
                    attrs={
                        **numeric,
                        "class": "govuk-input govuk-date-input__input govuk-input--width-4",
                    }
                ),
            ],
            attrs,
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        invalid = str((attrs or {}).get("aria-invalid", "")).lower() == "true"
        for sub, widget in zip(context["widget"]["subwidgets"], self.widgets, strict=True):
            classes = widget.attrs["class"] + (" govuk-input--error" if invalid else "")
            sub["attrs"]["class"] = classes
            sub["attrs"].pop("aria-describedby", None)
        return context

    def decompress(self, value):
        if value:
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's error messages."""

    widget = GovukDateWidget

    def __init__(self, *args, **kwargs):
        # Parts are optional one by one, so that `compress` can say which part is missing.
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields, *args, **kwargs)

    def compress(self, data_list):
        import datetime

        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        label = (self.label or "The date").capitalize()
        missing = [
            name for name, part in (("day", day), ("month", month), ("year", year)) if not part
        ]
        if missing:
            raise forms.ValidationError(f"{label} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise forms.ValidationError(f"{label} must be a real date")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError as error:
            raise forms.ValidationError(f"{label} must be a real date") from error


class GovukTimeField(forms.TimeField):
    """A 24-hour time such as 14:30."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%H:%M", "%H.%M", "%H%M"])
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "class": "govuk-input--width-5",
                    "inputmode": "numeric",
                    "autocomplete": "off",
                }
            ),
        )
        super().__init__(*args, **kwargs)
        self.error_messages["invalid"] = "Enter a time in 24-hour format, like 14:30"
