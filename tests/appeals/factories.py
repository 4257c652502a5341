"""Helpers for the appeals tests: a customer under a decision that has taken effect."""

from datetime import date

from django.utils import timezone

from appeals import services
from contactpolicy.roles import Role
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import (
    _active_profile_row,
    approve_all,
    incident,
    person,
    propose_and_submit,
    sanction_of,
)


def restricted(
    kind="building_exclusion",
    *,
    approvers=None,
    proposer=None,
    customer=None,
    corporate=False,
    **params,
):
    """A customer (by default one with no postal address) warned, then sanctioned with one
    sanction of `kind`; returns the sanctions decision, which has taken effect with its
    notice issued today. `corporate` sends both by the profile's corporate route (Tamworth
    §9: the Head of Customer Services)."""
    profile = _active_profile_row()
    customer = customer or CustomerFactory()
    proposer = proposer or person(Role.LINE_MANAGER)
    approvers = approvers or [person(Role.HEAD_OF_SERVICE), person(Role.CHIEF_EXECUTIVE)]
    recorder = person(Role.CASEWORKER)
    warning = propose_and_submit(
        proposer,
        customer,
        "warn",
        incidents=[incident(customer, recorder, days_ago=20)],
        review_in_days=None,
        corporate=corporate,
    )
    approve_all(warning, approvers)
    if kind == "building_exclusion":
        params.setdefault("buildings", "Marmion House")
    if kind == "one_method":
        params.setdefault("channel", "letter")
    decision = propose_and_submit(
        proposer,
        customer,
        "sanction",
        incidents=[incident(customer, recorder, days_ago=5)],
        sanctions=[sanction_of(profile, kind, **params)],
        corporate=corporate,
    )
    return approve_all(decision, approvers)


def record(decision, *, by=None, received_on: date | None = None, **kwargs):
    return services.appeal_record(
        actor=by or person(Role.CASEWORKER),
        decision=decision,
        received_on=received_on or timezone.localdate(),
        received_via=kwargs.pop("received_via", "post"),
        grounds=kwargs.pop("grounds", "I was not abusive; the officer misheard me."),
        **kwargs,
    )


def profile_set(**values):
    """Change the active profile's settings, as an administrator would (its rules' cache
    follows the save)."""
    profile = _active_profile_row()
    for name, value in values.items():
        setattr(profile, name, value)
    profile.save()
    return profile
