"""Every kind of sanction declares every part, so a kind cannot ship half-done.

A kind is a member of `SanctionKind` and a module of `restrictions.sanctions`, found through
`CATALOGUE`. The check below fails for a kind with no entry, an entry with no wording in one
of the notice languages, a required parameter with no message, or a parameter that is not
a column of `Sanction`; the tests after it show that the check catches each of those.
"""

import dataclasses
import pkgutil
from collections.abc import Mapping

from django import forms
from django.core.exceptions import FieldDoesNotExist

import restrictions.sanctions
from contactpolicy.choices import SanctionKind
from contactpolicy.models import SanctionType
from notices.models import NoticeLanguage
from restrictions.models import Sanction
from restrictions.sanctions import CATALOGUE
from restrictions.sanctions.base import Ending, FieldContext, Parameter, SanctionKindSpec

LANGUAGES = {language.value for language in NoticeLanguage}


def _parameter_gaps(kind: str, parameter: Parameter) -> list[str]:
    gaps = []
    try:
        Sanction._meta.get_field(parameter.name)
    except FieldDoesNotExist:
        gaps.append(f"{kind}: {parameter.name} is not a column of Sanction")
    context = FieldContext(SanctionType(kind=kind), staff_choices=[], case_choices=[])
    if not isinstance(parameter.field(context), forms.Field):
        gaps.append(f"{kind}: {parameter.name} builds no form field")
    if parameter.required and not parameter.missing:
        gaps.append(f"{kind}: {parameter.name} is required but has no message when missing")
    return gaps


def _worded(kind: str, what: str, wording: Mapping) -> list[str]:
    if set(wording) != LANGUAGES or not all(callable(words) for words in wording.values()):
        return [f"{kind}: {what} is not in every language ({sorted(wording)})"]
    return []


def catalogue_gaps(catalogue: Mapping[str, SanctionKindSpec]) -> list[str]:
    """What any kind lacks, one line each; empty when every kind is whole."""
    gaps = [f"{kind}: not a SanctionKind" for kind in catalogue if kind not in SanctionKind]
    for kind in SanctionKind:
        spec = catalogue.get(kind)
        if spec is None:
            gaps.append(f"{kind}: no entry in the catalogue")
            continue
        if spec.kind != kind:
            gaps.append(f"{kind}: its entry is for {spec.kind}")
        for parameter in spec.parameters:
            gaps += _parameter_gaps(kind, parameter)
        if not callable(spec.describe):
            gaps.append(f"{kind}: no line for staff")
        if not callable(spec.assess):
            gaps.append(f"{kind}: no assessment of a contact")
        gaps += _worded(kind, "its wording for the customer", spec.wording)
        if not isinstance(spec.ending, Ending):
            gaps.append(f"{kind}: no ending")
        elif spec.ending.lasts:
            gaps += _worded(kind, "how long it lasts", spec.ending.lasts)
    return gaps


def test_every_kind_declares_every_part():
    assert catalogue_gaps(CATALOGUE) == []


def test_every_kind_module_is_in_the_catalogue():
    package = restrictions.sanctions
    for found in pkgutil.iter_modules(package.__path__):
        module = getattr(package, found.name, None)
        if module is not None and hasattr(module, "KIND"):
            assert CATALOGUE[module.KIND] is module.SPEC, found.name
    assert len(CATALOGUE) == len(SanctionKind)


def test_a_kind_missing_from_the_catalogue_is_found():
    without = {kind: spec for kind, spec in CATALOGUE.items() if kind != SanctionKind("other")}

    assert catalogue_gaps(without) == ["other: no entry in the catalogue"]


def test_a_kind_without_welsh_wording_is_found():
    spec = CATALOGUE[SanctionKind("refuse_all")]
    english_only = dataclasses.replace(spec, wording={"en": spec.wording["en"]})

    assert catalogue_gaps({**CATALOGUE, spec.kind: english_only}) == [
        "refuse_all: its wording for the customer is not in every language (['en'])"
    ]


def test_a_required_parameter_without_its_message_is_found():
    spec = CATALOGUE[SanctionKind("third_party")]
    silent = dataclasses.replace(spec.parameters[0], missing="")
    broken = dataclasses.replace(spec, parameters=(silent,))

    assert catalogue_gaps({**CATALOGUE, spec.kind: broken}) == [
        "third_party: third_party is required but has no message when missing"
    ]


def test_a_parameter_that_is_not_a_column_is_found():
    spec = CATALOGUE[SanctionKind("third_party")]
    stray = dataclasses.replace(spec.parameters[0], name="advocate")
    broken = dataclasses.replace(spec, parameters=(stray,))

    assert catalogue_gaps({**CATALOGUE, spec.kind: broken}) == [
        "third_party: advocate is not a column of Sanction"
    ]


def test_the_parameters_naming_people_or_how_to_reach_them_are_personal_data():
    personal = {
        parameter.name
        for spec in CATALOGUE.values()
        for parameter in spec.parameters
        if parameter.personal
    }

    assert personal == {"officer", "deputy", "third_party", "blocked_identifiers"}
