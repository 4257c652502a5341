"""Every form's error messages follow the GOV.UK pattern in the user's words, never
Django's: each form is sent empty, with over-long values and with junk."""

import datetime
import importlib
import re
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core import validators

from cases.services import customer_create
from contactpolicy.choices import DecisionKind
from contactpolicy.forms import GovukForm, GovukFormMixin
from contactpolicy.profile_forms import section_form_class
from contactpolicy.profile_sections import EDITED_HERE
from contactpolicy.roles import Role
from contactpolicy.selectors import profile_get_active
from notices.models import ProductionFormat, ProductionRequest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOO_LONG = "x" * 10240


_SECTION_FORMS: list[type] = []


def all_govuk_forms() -> set[type]:
    # Every module of the project's apps named "forms" or "…_forms", so a form is checked
    # whether or not something else happened to import it first.
    for app in apps.get_app_configs():
        if not app.path.startswith(str(settings.BASE_DIR)) or "site-packages" in app.path:
            continue
        for path in sorted(Path(app.path).glob("*forms.py")):
            importlib.import_module(f"{app.name}.{path.stem}")
    # The profile editor's forms are made per section when asked for: make each one.
    _SECTION_FORMS[:] = [section_form_class(section) for section in EDITED_HERE]
    found, stack = set(), [GovukFormMixin]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith(("tests.", "contactpolicy.forms")) and sub.__name__ in (
                "GovukForm",
                "GovukModelForm",
            ):
                continue
            if issubclass(sub, forms.ModelForm) and sub._meta.model is None:
                continue  # a base for the forms made from it, never shown itself
            if not sub.__module__.startswith("tests."):
                found.add(sub)
    return found


def django_messages() -> list[re.Pattern]:
    """Django's own messages as patterns (their %(…)s placeholders match anything)."""
    texts = set()
    for name in dir(forms):
        cls = getattr(forms, name)
        if isinstance(cls, type) and issubclass(cls, forms.Field):
            for klass in cls.__mro__:
                texts |= {str(m) for m in getattr(klass, "default_error_messages", {}).values()}
    for name in dir(validators):
        validator = getattr(validators, name)
        if isinstance(validator, type) and hasattr(validator, "message"):
            texts.add(str(validator.message))
    texts.add(str(validators.EmailValidator.message))
    return [
        re.compile(re.sub(r"%\\\(\w+\\\)[sd]", ".*", re.escape(text)).rstrip("\\."))
        for text in texts
        if text
    ]


@pytest.fixture
def builders(btpa_active, caseworker):
    customer = customer_create(created_by=caseworker, name="Jo Bloggs")
    profile = profile_get_active()
    manager = UserFactory(username="lena", roles=[Role.LINE_MANAGER])
    return {
        "ContactForm": lambda data: {"profile": profile},
        "IncidentForm": lambda data: {},
        "ProposalForm": lambda data: {
            "profile": profile,
            "kinds": list(DecisionKind),
            "staff": [manager],
        },
        "AnswerForm": lambda data: {"reason_always": True},
        "ReferralForm": lambda data: {"customer": customer},
        "ContactCaseForm": lambda data: {"cases": []},
        "ReviewFilterForm": lambda data: {"profile": profile},
        "SignInForm": lambda data: {"request": None},
        "SetOwnPasswordForm": lambda data: {"user": caseworker},
        "ReportForm": lambda data: {
            "user": manager,
            "profile": profile,
            "today": datetime.date(2026, 12, 6),
        },
        "ProductionCompleteForm": lambda data: {
            "production": ProductionRequest(pk=1, production_format=ProductionFormat.EASY_READ)
        },
    }


def field_names(form: forms.Form) -> list[str]:
    names = []
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            names += [f"{name}_{i}" for i in range(len(widget.widgets))]
        else:
            names.append(name)
    return names


def messages_of(form: forms.Form) -> list[str]:
    form.is_valid()
    return [message for errors in form.errors.values() for message in errors]


def test_no_form_speaks_in_djangos_words(builders):
    patterns = django_messages()
    found = all_govuk_forms()
    assert len(found) >= 15
    problems = []
    for form_class in sorted(found, key=lambda c: c.__name__):
        extra = builders.get(form_class.__name__, lambda data: {})
        blank = form_class({}) if not (kw := extra({})) else form_class(data={}, **kw)
        names = field_names(blank)
        datasets = [{}, dict.fromkeys(names, TOO_LONG)]
        if form_class.__name__ != "SignInForm":
            # A well-formed sign-in goes on to authentication, whose message is its own.
            datasets.append(dict.fromkeys(names, "x"))
        for data in datasets:
            form = form_class(data=data, **extra(data))
            for message in messages_of(form):
                if any(p.fullmatch(message.rstrip(".")) for p in patterns):
                    problems.append(f"{form_class.__name__}: Django's words: {message}")
                elif "?" in message or re.search(
                    r"\b(an answer|The answer)\b|\(optional\)", message
                ):
                    problems.append(f"{form_class.__name__}: no field name: {message}")
                elif message.endswith("."):
                    problems.append(f"{form_class.__name__}: full stop: {message}")
    assert not problems, "\n".join(sorted({problem[:160] for problem in problems}))


def test_a_date_field_with_an_instruction_for_a_label_is_named_in_its_message(
    btpa_active, caseworker
):
    from restrictions.referral_forms import ReferralForm

    customer = customer_create(created_by=caseworker, name="Jo Bloggs")
    form = ReferralForm(
        data={
            "inform_customer_by_0": "31",
            "inform_customer_by_1": "2",
            "inform_customer_by_2": "2027",
        },
        customer=customer,
    )
    form.is_valid()
    assert form.errors["inform_customer_by"] == [
        "The date to tell the customer by must be a real date"
    ]


def test_messages_are_derived_from_label_and_type():
    class Example(GovukForm):
        full_name = forms.CharField(label="Full name", max_length=35)
        age = forms.IntegerField(label="Age", min_value=16, required=False)
        colour = forms.ChoiceField(label="Colour", choices=[("red", "Red")])
        email = forms.EmailField(label="Email address (optional)", required=False)
        started = forms.DateField(label="Start date", required=False)

    form = Example({"full_name": "x" * 36, "age": "ten", "colour": "blue", "email": "no"})
    assert form.errors == {
        "full_name": ["Full name must be 35 characters or fewer"],
        "age": ["Age must be a whole number"],
        "colour": ["Select colour from the options given"],
        "email": ["Enter an email address in the correct format, like name@example.com"],
    }
    assert Example({"age": "3", "started": "soon"}).errors == {
        "full_name": ["Enter full name"],
        "age": ["Age must be 16 or more"],
        "colour": ["Select colour"],
        "started": ["Start date must be a real date"],
    }


def test_a_form_can_name_a_field_and_keep_its_own_messages():
    class Example(GovukForm):
        error_names = {"when": "when it happened"}
        when = forms.CharField(label="When did it happen?")
        why = forms.CharField(label="Why?", error_messages={"required": "Enter why"})

    assert Example({}).errors == {"when": ["Enter when it happened"], "why": ["Enter why"]}
