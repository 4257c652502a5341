"""Forms for logging contacts and recording customers. Validation only; services save."""

import re
from dataclasses import fields
from datetime import datetime, timedelta

from django import forms
from django.utils import timezone

from cases.clocks import ClockState
from cases.models import (
    AccessibilityFormat,
    Case,
    Customer,
    CustomerKind,
    Direction,
    Language,
)
from cases.normalise import InvalidPhoneNumber, phone_canonical
from cases.services import ContactDetails
from contactpolicy.choices import Channel, ContactKind, NoReplyReason
from contactpolicy.forms import (
    GovukDateField,
    GovukForm,
    GovukTimeField,
    RevealingRadioSelect,
    radios,
    records_begin,
    textarea,
    today,
)
from contactpolicy.names import name_error
from contactpolicy.workcalendar import LONDON

CLOCK_SKEW = timedelta(minutes=5)
# A whole UK postcode (outward and inward codes), or a British Forces one.
POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|BFPO ?\d{1,4})$")


def local_moment(day, at) -> datetime:
    return timezone.make_aware(datetime.combine(day, at), LONDON)


# The answers to "Is it entirely on a different topic?", as a yes, a no, or None when
# unanswered.
TOPIC_ANSWERS = {"yes": True, "no": False}


class WhoFrom:
    EXISTING = "existing"
    NEW = "new"
    UNKNOWN = "unknown"
    CHOICES = [
        (EXISTING, "The customer I found"),
        (NEW, "A new customer"),
        (UNKNOWN, "Someone I cannot identify"),
    ]


class NewCustomerFieldsMixin(forms.Form):
    """The few details needed to record a customer while a caller waits."""

    # `customer_create`'s refusals name the customer's own fields and the identifiers' kinds;
    # these are the fields of this form that show them (`form_add_service_errors`).
    new_customer_errors = {
        "name": "new_name",
        "title": "new_title",
        "surname": "new_surname",
        "contact_name": "new_contact_name",
        "email": "new_email",
        "phone": "new_phone",
        "address": "new_address",
        "postcode": "new_postcode",
    }

    new_name = forms.CharField(
        label="Full name or organisation name", max_length=200, required=False
    )
    new_kind = forms.ChoiceField(
        label="Type of customer", choices=CustomerKind.choices, required=False
    )
    # How a letter greets them (DESIGN.md §9): "Dear Mr Holloway", or for an organisation
    # the person letters go to; stored as given, since a title cannot be read from a name.
    new_title = forms.CharField(
        label="Title (optional)",
        help_text="How they are addressed in a letter, like Mr, Mrs, Ms, Miss, Mx or Dr.",
        max_length=20,
        required=False,
    )
    new_surname = forms.CharField(
        label="Surname (optional)",
        help_text="With the title, it makes the greeting, like “Dear Ms Price”.",
        max_length=100,
        required=False,
    )
    new_contact_name = forms.CharField(
        label="For an organisation: the person to write to (optional)",
        help_text="Without one, letters begin “Dear Sir or Madam”.",
        max_length=200,
        required=False,
    )
    new_email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    new_phone = forms.CharField(label="Phone number", max_length=40, required=False)
    new_address = textarea("Postal address", rows=3, max_length=500, required=False)
    new_postcode = forms.CharField(label="Postcode", max_length=10, required=False)

    def clean_new_postcode(self):
        value = self.cleaned_data["new_postcode"].strip().upper()
        if value and not POSTCODE.match(value):
            raise forms.ValidationError("Enter a real postcode, like SW1A 2AA")
        return value

    def clean_new_phone(self):
        value = self.cleaned_data["new_phone"].strip()
        if not value:
            return value
        try:
            return phone_canonical(value)
        except InvalidPhoneNumber as error:
            raise forms.ValidationError(
                "Enter a phone number, like 01632 960 001 or +44 7700 900 982"
            ) from error

    def check_new_name(self) -> None:
        """Refuse a name with no letter in it; a person's name only of letters and the
        punctuation names use (`contactpolicy.names`)."""
        name = self.cleaned_data.get("new_name", "")
        if not name:
            return
        person = self.cleaned_data.get("new_kind") in ("", CustomerKind.INDIVIDUAL)
        label = "Full name" if person else "Organisation name"
        if error := name_error(name, label=label, person=person):
            self.add_error("new_name", error)
        for field, label in (
            ("new_title", "Title"),
            ("new_surname", "Surname"),
            ("new_contact_name", "The person to write to"),
        ):
            value = self.cleaned_data.get(field, "").strip()
            if value and (error := name_error(value, label=label)):
                self.add_error(field, error)

    def new_customer_greeting(self) -> dict[str, str]:
        """The title, surname and contact person, as `customer_create` takes them."""
        data = self.cleaned_data
        return {
            "title": data.get("new_title", "").strip(),
            "surname": data.get("new_surname", "").strip(),
            "contact_name": data.get("new_contact_name", "").strip(),
        }

    def new_customer_identifiers(self) -> list[tuple[str, str, str]]:
        data = self.cleaned_data
        identifiers = []
        if data.get("new_email"):
            identifiers.append(("email", data["new_email"], ""))
        if data.get("new_phone"):
            identifiers.append(("phone", data["new_phone"], ""))
        if data.get("new_address") or data.get("new_postcode"):
            identifiers.append(
                ("address", data.get("new_address", ""), data.get("new_postcode", ""))
            )
        return identifiers


class ContactForm(NewCustomerFieldsMixin, GovukForm):
    error_names = {
        "who": "who the contact is from",
        "channel": "how they got in touch",
        "kind": "what kind of contact it is",
        "different_topic": "whether it is on a different topic",
    }
    error_subjects = {
        "deadline_date": "the journalist's deadline",
        "deadline_time": "the time of the journalist's deadline",
    }
    customer = forms.ModelChoiceField(
        queryset=Customer.objects.all(),
        to_field_name="reference",
        required=False,
        widget=forms.HiddenInput,
    )
    who = forms.ChoiceField(
        label="Who is it from?",
        choices=WhoFrom.CHOICES,
        widget=RevealingRadioSelect(reveals={WhoFrom.NEW: "who-new"}),
    )
    sender = forms.CharField(
        label="Sender's details as given",
        help_text="The number they called from, the address they wrote from, or the name they "
        "gave. Needed when you cannot identify them.",
        max_length=300,
        required=False,
    )
    channel = forms.ChoiceField(
        label="How did they get in touch?",
        choices=Channel.choices,
        widget=RevealingRadioSelect(reveals={Channel.TELEPHONE: "channel-telephone"}),
    )
    kind = forms.ChoiceField(
        label="What kind of contact is it?",
        choices=ContactKind.choices,
        initial=ContactKind.GENERAL,
    )
    direction = radios("Direction", Direction.choices, initial=Direction.INCOMING)
    received_date = GovukDateField(
        label="Date received",
        help_text="For example, 27 3 2026",
        earliest=records_begin,
        latest=today,
        latest_message="The date received must be in the past",
    )
    received_time = GovukTimeField(label="Time received", help_text="24-hour clock, like 14:30")
    summary = textarea("Summary", rows=4, max_length=5000)
    case = forms.ModelChoiceField(
        queryset=Case.objects.all(),
        to_field_name="reference",
        required=False,
        label="Case reference (optional)",
        help_text="For example, CAS-2026-000012",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
        error_messages={"invalid_choice": "No case has that reference"},
    )
    language = radios(
        "Language it was written or spoken in", Language.choices, initial=Language.ENGLISH
    )
    copied_for_information = forms.BooleanField(label="Copied for information only", required=False)
    no_reply_reason = forms.ChoiceField(
        label="No reply needed because",
        required=False,
        choices=[("", "A reply is expected"), *NoReplyReason.choices],
    )
    no_reply_note = forms.CharField(
        label="Note on why no reply is needed", max_length=300, required=False
    )
    duration_minutes = forms.IntegerField(
        label="Length of call in minutes",
        min_value=0,
        max_value=600,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    ended_by_staff = forms.BooleanField(label="I ended the call", required=False)
    ended_reason = textarea("Why you ended the call", rows=3, max_length=2000, required=False)
    deadline_date = GovukDateField(
        label="Journalist's deadline: date",
        required=False,
        earliest=records_begin,
        latest=lambda: today() + timedelta(days=366),
        latest_message="The journalist's deadline must be within a year",
    )
    deadline_time = GovukTimeField(label="Journalist's deadline: time", required=False)

    # How a contact from a restricted customer was handled (DESIGN.md §5). Asked only when
    # sanctions or disengagement apply; the outcome itself is worked out on the server.
    instruction_followed = forms.BooleanField(
        label="I followed the instruction shown for this contact", required=False
    )
    # Asked before any outcome is shown, and answered either way: a box left unticked
    # read as "same topic" and showed a breach before staff had thought about it.
    different_topic = forms.ChoiceField(
        label="Is it entirely on a different topic from the one we disengaged on?",
        help_text="Natural England step 6: we do not re-engage on the same or a similar "
        "topic, but a contact wholly about something else is dealt with as usual.",
        required=False,
        choices=[
            ("yes", "Yes, it is entirely on a different topic"),
            ("no", "No, it is on the same or a similar topic"),
        ],
        widget=forms.RadioSelect,
    )
    new_information = forms.BooleanField(
        label="It contains new information or a new complaint",
        help_text="Under read and file, only this starts a reply clock.",
        required=False,
    )
    # DESIGN.md §5: a safeguarding concern alerts a manager, whatever restriction applies.
    safeguarding_concern = forms.BooleanField(
        label="It raises a safeguarding concern",
        help_text="A risk of harm to the customer or to someone else. Their manager is "
        "emailed as soon as you log it, even under read and file.",
        required=False,
    )

    def __init__(self, *args, profile=None, now=None, restriction=None, **kwargs):
        """`restriction` is the customer's sanction banner (`restrictions.banner`), if any."""
        super().__init__(*args, **kwargs)
        self.profile = profile
        self.now = now or timezone.now()
        self.restriction = restriction
        local = timezone.localtime(self.now)
        self.fields["received_date"].initial = local.date()
        self.fields["received_time"].initial = local.strftime("%H:%M")
        self.fields["who"].error_messages["required"] = "Select who the contact is from"
        self.fields["channel"].error_messages["required"] = "Select how they got in touch"
        self.fields["summary"].error_messages["required"] = "Enter a summary of the contact"
        self.fields["received_date"].error_messages["required"] = "Enter the date it was received"
        self.fields["received_time"].error_messages["required"] = "Enter the time it was received"
        if profile is not None:
            allowed = {e.reason for e in profile.no_reply_exceptions.all()}
            self.fields["no_reply_reason"].choices = [
                ("", "A reply is expected"),
                *[(value, label) for value, label in NoReplyReason.choices if value in allowed],
            ]

    def clean(self):
        data = super().clean()
        if self.profile is not None and (
            refusal := self.profile.no_reply_refusal(
                data.get("no_reply_reason", ""), data.get("channel", "")
            )
        ):
            self.add_error("no_reply_reason", refusal)
        who = data.get("who")
        if who == WhoFrom.EXISTING and not data.get("customer"):
            self.add_error(
                "who",
                "Find the customer first, or choose a new customer or someone you cannot identify",
            )
        if who == WhoFrom.NEW and not data.get("new_name", "").strip():
            self.add_error("new_name", "Enter the new customer's name")
        elif who == WhoFrom.NEW:
            self.check_new_name()
        if who == WhoFrom.UNKNOWN and not data.get("sender", "").strip():
            self.add_error("sender", "Enter the number, address or name they gave")

        day, at = data.get("received_date"), data.get("received_time")
        if day and at:
            received = local_moment(day, at)
            if received > self.now + CLOCK_SKEW:
                self.add_error("received_date", "The date received must be in the past")
            data["received_at"] = received

        channel = data.get("channel")
        if data.get("ended_by_staff"):
            if channel != Channel.TELEPHONE:
                self.add_error("ended_by_staff", "Only a telephone call can be ended by staff")
            elif not data.get("ended_reason", "").strip():
                self.add_error("ended_reason", "Enter why you ended the call")
        if data.get("duration_minutes") is not None and channel != Channel.TELEPHONE:
            self.add_error("duration_minutes", "Only give a length for a telephone call")

        deadline_day, deadline_at = data.get("deadline_date"), data.get("deadline_time")
        if deadline_day or deadline_at:
            if data.get("kind") != ContactKind.MEDIA:
                self.add_error("deadline_date", "Only a media enquiry has a journalist's deadline")
            elif not (deadline_day and deadline_at):
                self.add_error(
                    "deadline_time" if deadline_day else "deadline_date",
                    "Enter both the date and the time of the deadline",
                )
            else:
                deadline = local_moment(deadline_day, deadline_at)
                if data.get("received_at") and deadline <= data["received_at"]:
                    self.add_error(
                        "deadline_date", "The deadline must be after the contact was received"
                    )
                data["requester_deadline"] = deadline

        case = data.get("case")
        customer = data.get("customer") if who == WhoFrom.EXISTING else None
        if case is not None and (customer is None or case.customer_id != customer.pk):
            self.add_error("case", "That case belongs to a different customer")
        self._clean_restriction(data)
        return data

    def contact_details(self) -> ContactDetails:
        """What a valid form says of the contact, field by field of the same name (a
        journalist's deadline only when one was given)."""
        data = self.cleaned_data
        return ContactDetails(
            **{f.name: data[f.name] for f in fields(ContactDetails) if f.name in data}
        )

    @property
    def checks_restriction(self) -> bool:
        """Whether this contact is checked against the customer's restriction."""
        data = getattr(self, "cleaned_data", {})
        restriction = self.restriction
        return bool(
            restriction is not None
            and restriction.restricting
            and not restriction.before_sanctions
            and data.get("who") == WhoFrom.EXISTING
            and data.get("customer") is not None
            and data["customer"].pk == restriction.customer.pk
            and data.get("direction") == Direction.INCOMING
        )

    def _clean_restriction(self, data) -> None:
        if not self.checks_restriction:
            data["instruction_followed"] = False
            data["different_topic"] = False
            data["new_information"] = False
            return
        if not self.restriction.asks_different_topic:
            data["different_topic"] = False
        else:
            data["different_topic"] = TOPIC_ANSWERS.get(data.get("different_topic") or "")
            if data["different_topic"] is None:
                self.add_error(
                    "different_topic",
                    "Say whether it is entirely on a different topic from the one we disengaged on",
                )
                data["different_topic"] = False
        if not self.restriction.asks_new_information:
            data["new_information"] = False
        if not data.get("instruction_followed"):
            self.add_error(
                "instruction_followed",
                "Confirm you followed the instruction shown for this contact",
            )


class CustomerForm(NewCustomerFieldsMixin, GovukForm):
    """Adding a customer on their own page: the quick details plus language and formats."""

    preferred_language = radios("Preferred language", Language.choices, initial=Language.ENGLISH)
    other_language = forms.CharField(label="Other language", max_length=100, required=False)
    accessibility_formats = forms.MultipleChoiceField(
        label="Formats or support they need",
        choices=AccessibilityFormat.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accessibility_needs = forms.CharField(
        label="Other accessibility needs or reasonable adjustments",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    third_party = forms.CharField(
        label="Advocate or third party acting for them", max_length=200, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_name"].required = True
        self.fields["new_name"].error_messages["required"] = "Enter the customer's name"
        self.fields["new_kind"].required = True

    def clean(self):
        data = super().clean()
        self.check_new_name()
        third_party = data.get("third_party", "")
        if third_party and (
            error := name_error(
                third_party, label="Name of the advocate or third party", person=False
            )
        ):
            self.add_error("third_party", error)
        if (
            data.get("preferred_language") == Language.OTHER
            and not data.get("other_language", "").strip()
        ):
            self.add_error("other_language", "Enter the language they prefer")
        return data


class PauseForm(GovukForm):
    error_subjects = {
        "reason": "the reason the clock is paused",
    }
    reason = forms.CharField(
        label="Why is the clock paused?",
        help_text="For example, waiting for the customer to send their reference number.",
        max_length=300,
        error_messages={"required": "Enter why the clock is paused"},
    )


class DashboardFilterForm(GovukForm):
    channel = forms.ChoiceField(
        label="Channel", choices=[("", "All channels"), *Channel.choices], required=False
    )
    state = forms.ChoiceField(
        label="State",
        choices=[
            ("", "All open"),
            (ClockState.OVERDUE, "Overdue"),
            (ClockState.DUE_SOON, "Due soon"),
            (ClockState.DUE, "Due later"),
            (ClockState.PAUSED, "Paused"),
            (ClockState.NOT_TRACKED, "No due date"),
        ],
        required=False,
    )


class SensitiveNoteForm(GovukForm):
    text = textarea(
        "Add a sensitive note",
        help_text="Health, disability or distress that staff handling this customer should know.",
        rows=4,
        max_length=5000,
        missing="Enter the note",
    )
