"""GOV.UK Design System rendering for every form in the service.

Forms inherit `GovukForm` or `GovukModelForm`; their fields then render as GOV.UK
form groups (label, hint, error message, input) with `{{ form }}` or
`{{ form.field.as_field_group }}`, and `govuk/error_summary.html` lists their errors.
"""

import datetime
import re
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm, SetPasswordMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name
from django.utils import timezone

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


def widget_name(widget_class: type) -> str:
    return re.sub(r"widget$|input$", "", widget_class.__name__.lower())


# The widgets the GOV.UK templates know how to render. A widget of the project's own that
# derives from one of them (RevealingRadioSelect) renders, is styled and is linked to from
# the error summary as that one.
KNOWN_WIDGETS = {
    widget_name(cls)
    for cls in (
        forms.TextInput,
        forms.NumberInput,
        forms.EmailInput,
        forms.URLInput,
        forms.PasswordInput,
        forms.HiddenInput,
        forms.DateInput,
        forms.TimeInput,
        forms.Textarea,
        forms.CheckboxInput,
        forms.Select,
        forms.SelectMultiple,
        forms.RadioSelect,
        forms.CheckboxSelectMultiple,
        forms.ClearableFileInput,
        forms.FileInput,
    )
} | {"govukdate"}


class GovukBoundField(BoundField):
    @property
    def widget_type(self) -> str:
        """The nearest widget the GOV.UK templates know that the field's widget is or
        derives from."""
        for cls in type(self.field.widget).__mro__:
            if widget_name(cls) in KNOWN_WIDGETS:
                return widget_name(cls)
        return super().widget_type

    @property
    def is_multiple_choice(self) -> bool:
        return self.widget_type in MULTIPLE_CHOICE_WIDGETS

    @property
    def anchor(self) -> str:
        """Where the error summary's link for this field points: the input itself, or the
        first radio, checkbox or date box of a group (the GOV.UK error summary pattern), so
        that following the link moves focus to something that takes it. A hidden field's
        error is about the form as a whole."""
        if self.is_hidden:
            return getattr(self.form, "non_field_anchor", "") or "main-content"
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


# Every free-text field has a length. A field that names none gets one of these: a line
# of text or a few paragraphs. Longer accounts belong in a document, not a form.
DEFAULT_MAX_LENGTH = {"textarea": 5000}
DEFAULT_LINE_LENGTH = 200
# Control characters never belong in what staff type: they corrupt letters and CSV files,
# PostgreSQL refuses NUL outright, and direction overrides disguise what a name says.
# Line breaks and tabs stay in multi-line text.
CONTROL_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
LINE_BREAKS = re.compile(r"[\r\n\t]")
CONTROL_CHARACTERS_MESSAGE = "must only include letters, numbers, spaces and punctuation"


def field_label(field: forms.Field, default: str = "This") -> str:
    label = str(field.label or default)
    return label[:1].upper() + label[1:]


def bound_text_field(field: forms.CharField, widget_type: str) -> None:
    """Give a text field a length and GOV.UK messages for being too long or holding
    characters no one types."""
    limit = field.max_length
    if limit is None:
        limit = DEFAULT_MAX_LENGTH.get(widget_type, DEFAULT_LINE_LENGTH)
        field.max_length = limit
    # A length set after the field was made (as AuthenticationForm does) has no validator.
    if not any(isinstance(v, MaxLengthValidator) for v in field.validators):
        field.validators.append(MaxLengthValidator(limit))
    label = error_subject(field)
    if str(field.error_messages.get("max_length", "")) in django_default_messages(field) | {""}:
        field.error_messages["max_length"] = f"{label} must be {limit:,} characters or fewer"
    multiline = widget_type == "textarea"

    def no_control_characters(value: str) -> None:
        if CONTROL_CHARACTERS.search(value) or (not multiline and LINE_BREAKS.search(value)):
            raise ValidationError(
                f"{label} {CONTROL_CHARACTERS_MESSAGE}",
                code="control_characters",
            )

    field.validators.append(no_control_characters)


def django_default_messages(field: forms.Field) -> set[str]:
    """The messages Django itself gives this kind of field."""
    return {
        str(message)
        for cls in type(field).__mro__
        for message in getattr(cls, "default_error_messages", {}).values()
    }


def is_question(label: str) -> bool:
    return label.rstrip().endswith("?")


OPTIONAL = re.compile(r"\s*\(optional\)\s*$")


def plain_label(field: forms.Field) -> str:
    """The label without its "(optional)": a message about a field never needs it."""
    return OPTIONAL.sub("", str(field.label or ""))


def error_object(field: forms.Field) -> str:
    """What "Enter …" or "Select …" asks for: `error_name` if the field gives one, else its
    label as the user reads it. A label that is a question cannot be turned into one."""
    name = getattr(field, "error_name", "")
    if name:
        return name
    label = plain_label(field)
    if not label or is_question(label):
        return "an answer"
    return label[:1].lower() + label[1:] if not label[1:2].isupper() else label


def error_subject(field: forms.Field) -> str:
    """What "… must be …" speaks of: `error_subject` if given, else the label."""
    subject = getattr(field, "error_subject", "")
    if subject:
        return subject[:1].upper() + subject[1:]
    label = plain_label(field)
    if not label or is_question(label):
        return "The answer"
    return label[:1].upper() + label[1:]


CHOOSING = (
    forms.ChoiceField,
    forms.ModelChoiceField,
    forms.BooleanField,
    forms.NullBooleanField,
)


def govuk_error_messages(field: forms.Field) -> dict[str, str]:
    """GOV.UK error messages for a field, in the user's words (design-system.service.gov.uk
    /components/error-message): "Enter …", "Select …", "… must be …"."""
    thing, subject = error_object(field), error_subject(field)
    choosing = isinstance(field, CHOOSING)
    not_an_option = f"Select {thing} from the options given"  # noqa: S608 (words, not SQL)
    messages = {
        "required": f"{'Select' if choosing else 'Enter'} {thing}",
        "incomplete": f"Enter {thing}",
        "invalid_choice": not_an_option,
        "invalid_pk_value": not_an_option,
        "invalid_list": not_an_option,
        "min_length": f"{subject} must be %(limit_value)d characters or more",
        "min_value": f"{subject} must be %(limit_value)s or more",
        "max_value": f"{subject} must be %(limit_value)s or less",
        "step_size": f"{subject} must be a multiple of %(limit_value)s",
        "max_digits": f"{subject} must be %(max)s digits or fewer",
        "max_decimal_places": f"{subject} must have %(max)s decimal places or fewer",
        "max_whole_digits": f"{subject} must have %(max)s digits or fewer before the point",
    }
    if isinstance(field, forms.EmailField):
        messages["invalid"] = "Enter an email address in the correct format, like name@example.com"
    elif isinstance(field, forms.URLField):
        messages["invalid"] = "Enter a web address in the correct format, like https://example.org"
    elif isinstance(field, forms.IntegerField):
        messages["invalid"] = f"{subject} must be a whole number"
    elif isinstance(field, forms.FloatField | forms.DecimalField):
        messages["invalid"] = f"{subject} must be a number"
    elif isinstance(field, forms.DateField | forms.DateTimeField):
        messages["invalid"] = f"{subject} must be a real date"
    elif isinstance(field, forms.TimeField):
        messages["invalid"] = f"{subject} must be a time in 24-hour format, like 14:30"
    else:
        messages["invalid"] = f"Enter {thing} in the correct format"
    return messages


def apply_govuk_error_messages(field: forms.Field) -> None:
    """Replace the messages Django gave the field; any the form set itself are kept."""
    defaults = django_default_messages(field)
    for code, message in govuk_error_messages(field).items():
        current = field.error_messages.get(code)
        if current is None or str(current) in defaults:
            field.error_messages[code] = message


class GovukFormMixin:
    """GOV.UK rendering and error messages for every field of a form.

    A field whose label is a question ("When did it happen?") names what it asks for with
    `error_name` ("when it happened": "Enter when it happened") and, for "… must be …"
    messages, `error_subject` ("the date it happened"); or sets its own `error_messages`.
    """

    bound_field_class = GovukBoundField
    error_summary_title = "There is a problem"
    # For fields whose label cannot be turned into a message: field name to what "Enter"
    # or "Select" asks for, and to what "… must be …" speaks of.
    error_names: dict[str, str] = {}
    error_subjects: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.govuk_fields()

    def govuk_fields(self) -> None:
        for name, field in self.fields.items():
            if getattr(field, "govuk_messages", False):
                continue
            if name in self.error_names:
                field.error_name = self.error_names[name]
            if name in self.error_subjects:
                field.error_subject = self.error_subjects[name]
            if field.label is None and not getattr(field, "error_name", ""):
                # A field with no label of its own (a hidden one) is named from its name.
                field.error_name = f"the {pretty_name(name).lower()}"
            apply_govuk_error_messages(field)
            if isinstance(field, forms.CharField):
                bound_text_field(field, self[name].widget_type)
            field.govuk_messages = True

    def full_clean(self):
        # Fields a form adds in its own __init__, after this mixin's, get the same.
        self.govuk_fields()
        super().full_clean()
        refused = getattr(self.data, "refused", ())
        if not (self.is_bound and refused):
            return
        # A NUL the request carried in a field's value (`contactpolicy.middleware`): the
        # form is shown again with what was typed, less the NUL, and this error.
        for name, field in self.fields.items():
            html_name = self.add_prefix(name)
            suffixes = getattr(field.widget, "widgets_names", None) or [""]
            if any(html_name + suffix in refused for suffix in suffixes):
                self._errors.pop(name, None)  # one message a field, and this one first
                self.add_error(name, f"{field_label(field)} {CONTROL_CHARACTERS_MESSAGE}")


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


class SignInForm(GovukFormMixin, AuthenticationForm):
    non_field_anchor = "id_username"
    error_messages = {
        "invalid_login": "Enter a correct username and password (both are case-sensitive)",
        "inactive": "This account has been switched off: ask your administrator",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.update(spellcheck="false", autocapitalize="none")
        # A name longer than any account's is refused before it reaches authentication
        # and the lockout store, which keeps at most 255 characters of it.
        username = self.fields["username"]
        username.error_messages["max_length"] = (
            f"Your username must be {username.max_length} characters or fewer"
        )

    def clean(self):
        if self.errors:
            # Never authenticate with a username the field refused: the attempt would
            # reach the lockout store unbounded.
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return super().clean()


class RevealingRadioSelect(forms.RadioSelect):
    """Radios where choosing an option reveals more questions (GOV.UK "conditionally
    revealing a related question"). `reveals` maps an option's value to the id of the block
    it reveals; a template reads it as `option.data.reveals`, so it never compares a value
    with a string of its own."""

    def __init__(self, attrs=None, choices=(), *, reveals: dict[str, str] | None = None):
        super().__init__(attrs, choices)
        self.reveals = {str(value): element_id for value, element_id in (reveals or {}).items()}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["reveals"] = self.reveals.get(str(value), "")
        return option


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


DateBound = datetime.date | Callable[[], datetime.date] | None

# No date in this service is before 1900 or after 2100: the outer limits for any date
# field that names none closer.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


def records_begin() -> datetime.date:
    """The first day of the organisation's records: nothing is received before it."""
    return settings.RECORDS_BEGIN


def today() -> datetime.date:
    return timezone.localdate()


def textarea(
    label: str,
    help_text: str = "",
    rows: int = 4,
    *,
    max_length: int,
    required: bool = True,
    missing: str = "",
    **kwargs,
) -> forms.CharField:
    """Free text in a GOV.UK textarea of `rows` lines, at most `max_length` characters.
    `missing` is the error when a required one is left empty; without it the form gives
    its usual GOV.UK message."""
    if missing:
        kwargs["error_messages"] = {"required": missing, **kwargs.get("error_messages", {})}
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


def radios(label: str, choices, *, missing: str = "", **kwargs) -> forms.ChoiceField:
    """One choice as GOV.UK radios. `missing` is the error both when nothing is chosen and
    when what is chosen is not offered; without it the form gives its usual messages."""
    if missing:
        kwargs["error_messages"] = {
            "required": missing,
            "invalid_choice": missing,
            **kwargs.get("error_messages", {}),
        }
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kwargs)


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's error messages.

    `earliest` and `latest` bound the date to what is plausible for its meaning (a date
    or a function returning one, read when the form is checked), with a message for
    each: a date received cannot be in the future, a review cannot be years away.
    """

    widget = GovukDateWidget

    def __init__(
        self,
        *args,
        earliest: DateBound = None,
        latest: DateBound = None,
        earliest_message: str = "",
        latest_message: str = "",
        **kwargs,
    ):
        # Parts are optional one by one, so that `compress` can say which part is missing.
        fields = (
            forms.CharField(required=False, max_length=10),
            forms.CharField(required=False, max_length=10),
            forms.CharField(required=False, max_length=10),
        )
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields, *args, **kwargs)
        self.earliest, self.latest = earliest, latest
        self.earliest_message, self.latest_message = earliest_message, latest_message

    @staticmethod
    def _bound(bound: DateBound) -> datetime.date | None:
        return bound() if callable(bound) else bound

    def clean(self, value):
        if isinstance(value, list | tuple):
            # Each part is at most a few characters; longer is not a date part at all.
            value = [str(part or "")[:10] for part in value]
        return super().clean(value)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        label = (
            error_subject(self)
            if getattr(self, "error_subject", "") or (self.label and not is_question(self.label))
            else "The date"
        )
        missing = [
            name for name, part in (("day", day), ("month", month), ("year", year)) if not part
        ]
        if missing:
            raise ValidationError(f"{label} must include a {' and '.join(missing)}")
        if not (
            day.isascii()
            and month.isascii()
            and year.isascii()
            and day.isdigit()
            and month.isdigit()
            and year.isdigit()
            and len(day) <= 2
            and len(month) <= 2
            and len(year) == 4
        ):
            raise ValidationError(f"{label} must be a real date")
        try:
            value = datetime.date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(f"{label} must be a real date") from error
        earliest = max(self._bound(self.earliest) or EARLIEST_DATE, EARLIEST_DATE)
        latest = min(self._bound(self.latest) or LATEST_DATE, LATEST_DATE)
        if value < earliest:
            raise ValidationError(
                self.earliest_message or f"{label} must be on or after {earliest:%-d %B %Y}"
            )
        if value > latest:
            raise ValidationError(
                self.latest_message or f"{label} must be on or before {latest:%-d %B %Y}"
            )
        return value


# 14:30, 14.30, 9:05 or 1430: hours 0 to 23 and minutes 00 to 59, nothing else.
TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$|^([01]\d|2[0-3])([0-5]\d)$")


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

    def to_python(self, value):
        # strptime reads "25" as 02:05 and "930" as 09:30 or 93:0; only whole times pass.
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.time):
            return value
        text = str(value).strip()[:10]
        match = TIME_PATTERN.match(text)
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        hours, minutes = (int(g) for g in match.groups() if g is not None)
        return datetime.time(hours, minutes)


class ForgottenPasswordForm(GovukForm):
    """The address a person gives to be sent a link to reset their password."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The email address your account uses.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )


class SetOwnPasswordForm(GovukFormMixin, SetPasswordForm):
    """A person choosing their own password, through a link sent to them.

    Django's password validators apply (settings.AUTH_PASSWORD_VALIDATORS); their help is
    written out as one plain hint rather than Django's list.
    """

    new_password1, new_password2 = SetPasswordMixin.create_password_fields(
        label1="New password", label2="Confirm your new password"
    )
    new_password1.max_length = new_password2.max_length = 128
    new_password1.help_text = (
        "Use at least 8 characters. Do not use your name, your username, a common password "
        "or only numbers."
    )
    new_password2.help_text = ""
    error_messages = {"password_mismatch": "The passwords do not match"}
    error_names = {"new_password1": "a new password", "new_password2": "your new password again"}
    # Django's validators speak in their own words: the GOV.UK ones by the validator's code.
    validator_messages = {
        "password_too_short": "Your password must be %(min_length)d characters or more",
        "password_too_similar": "Your password must not be like your %(verbose_name)s",
        "password_too_common": "Your password is too common: choose one harder to guess",
        "password_entirely_numeric": "Your password must not be only numbers",
    }

    def clean(self):
        self.validate_passwords("new_password1", "new_password2")
        password = self.cleaned_data.get("new_password1")
        if password and not self.has_error("new_password2"):
            try:
                password_validation.validate_password(password, self.user)
            except ValidationError as refusal:
                self.add_error("new_password1", [self.govuk_words(e) for e in refusal.error_list])
        return self.cleaned_data

    def govuk_words(self, error: ValidationError) -> ValidationError:
        words = self.validator_messages.get(error.code)
        if words is None:
            return error
        return ValidationError(words, code=error.code, params=error.params)

    def save(self, commit=True):
        from contactpolicy.accounts import user_password_set

        return user_password_set(user=self.user, password=self.cleaned_data["new_password1"])


PHONE_NUMBER = re.compile(r"^\+?[0-9][0-9 ()-]{5,30}$")
ADDRESS_MAX_LINES = 6


class LetterheadForm(GovukForm):
    """The organisation's letterhead: what every letter prints at its top. The four contact
    details are required, as no letter is issued without them; the logo and the policy are
    optional, and checked by their content (`contactpolicy.letterhead`) in the service."""

    address = textarea(
        "Postal address",
        "One line of the address on each line, with the postcode on the last.",
        rows=5,
        max_length=300,
        missing="Enter the organisation's postal address",
    )
    telephone = forms.CharField(
        label="Phone number",
        help_text="For example, 01632 960 001",
        max_length=30,
        error_messages={"required": "Enter the organisation's phone number"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={"required": "Enter the organisation's email address"},
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )
    web_address = forms.URLField(
        label="Web address",
        help_text="For example, https://www.example.org",
        max_length=200,
        assume_scheme="https",
        error_messages={"required": "Enter the organisation's web address"},
    )
    logo = forms.FileField(
        label="Logo (optional)",
        help_text="A PNG or JPG, smaller than 1MB, printed at the top right of each letter.",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
        error_messages={
            "invalid": "The logo must be a PNG or JPG",
            "empty": "The selected logo file is empty",
            "missing": "Select a logo file",
        },
    )
    remove_logo = forms.BooleanField(label="Remove the logo", required=False)
    policy_pdf = forms.FileField(
        label="The policy as a PDF (optional)",
        help_text="Smaller than 10MB. Letters that say the policy is enclosed carry it after "
        "the letter.",
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
        error_messages={
            "invalid": "The policy must be a PDF",
            "empty": "The selected policy file is empty",
            "missing": "Select the policy's PDF",
        },
    )
    remove_policy_pdf = forms.BooleanField(label="Stop enclosing the policy", required=False)

    def clean_address(self) -> str:
        lines = [line for line in self.cleaned_data["address"].splitlines() if line.strip()]
        if len(lines) > ADDRESS_MAX_LINES:
            raise ValidationError(f"The postal address must be {ADDRESS_MAX_LINES} lines or fewer")
        return "\n".join(line.strip() for line in lines)

    def clean_telephone(self) -> str:
        number = self.cleaned_data["telephone"].strip()
        if number and not PHONE_NUMBER.match(number):
            raise ValidationError("Enter a phone number, like 01632 960 001 or +44 808 157 0192")
        return number

    def clean_web_address(self) -> str:
        address = self.cleaned_data["web_address"]
        if address and not address.lower().startswith(("https://", "http://")):
            raise ValidationError(
                "Enter a web address in the correct format, like https://www.example.org"
            )
        return address


class LawfulBasisForm(GovukForm):
    """The organisation's lawful basis for one kind of personal data, and for special
    category data its condition (UK GDPR Art. 6 and 9; DPA 2018 Schedule 1)."""

    basis = textarea(
        "Lawful basis",
        "The basis in UK GDPR Article 6 the organisation relies on, in its own words.",
        rows=4,
        max_length=2000,
        missing="Enter the lawful basis",
    )
    condition = textarea(
        "Condition for processing special category data",
        "The condition in UK GDPR Article 9 and, where it needs one, the condition in "
        "Schedule 1 to the Data Protection Act 2018.",
        rows=4,
        max_length=2000,
        missing="Enter the condition for processing special category data",
    )

    def __init__(self, *args, special: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not special:
            del self.fields["condition"]
