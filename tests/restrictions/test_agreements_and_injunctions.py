"""DESIGN.md §5: a written or voluntary agreement with its text and signed date (Natural
England Annex B, 4; Tamworth §8), and an exclusion's injunction decision recorded with its
court and date (Tamworth §8: "The Council may seek a court injunction to support the
original (and, where relevant, the extended) exclusion") (issue 9, item 17)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from contactpolicy.roles import Role
from restrictions import sanctions as kinds
from restrictions.completeness import ProposedSanction, sanction_errors
from restrictions.decision_forms import ProposalForm
from restrictions.enforcement import describe
from restrictions.models import Sanction
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import incident, person, propose_and_submit, sanction_of

pytestmark = pytest.mark.django_db


def test_the_written_agreement_records_the_date_it_was_signed(activate_profile):
    profile = activate_profile("natural-england")
    [stype] = [t for t in profile.sanction_types.all() if t.kind == kinds.written_agreement.KIND]
    form = ProposalForm(profile=profile, kinds=["sanction"])
    assert f"s{stype.pk}_agreement_signed_on" in form.fields
    sanction = Sanction(
        kind=kinds.written_agreement.KIND,
        sanction_type=stype,
        agreed_terms="Emails only, one a week, about the licence application",
        agreement_signed_on=date(2026, 11, 2),
    )
    assert describe(sanction).endswith("signed 2 November 2026")


def test_an_exclusion_records_its_injunction_with_court_and_date(activate_profile):
    profile = activate_profile("tamworth")
    caseworker, proposer = person(Role.CASEWORKER), person(Role.LINE_MANAGER)
    customer = CustomerFactory()
    applied = timezone.localdate() - timedelta(days=3)
    decision = propose_and_submit(
        proposer,
        customer,
        "sanction",
        incidents=[incident(customer, caseworker, extreme=True, days_ago=4)],
        sanctions=[
            sanction_of(
                profile,
                "building_exclusion",
                buildings="Marmion House",
                permanent=True,
                injunction_court="Birmingham County Court",
                injunction_applied_on=applied,
                injunction_outcome="Granted",
            )
        ],
    )
    sanction = decision.sanctions.get()
    assert (sanction.injunction_court, sanction.injunction_applied_on) == (
        "Birmingham County Court",
        applied,
    )
    assert (
        f"injunction applied for at Birmingham County Court on {applied:%-d %B %Y}: Granted"
        in describe(sanction)
    )


def test_an_injunction_needs_the_date_it_was_applied_for(activate_profile):
    profile = activate_profile("tamworth")
    [stype] = [t for t in profile.sanction_types.all() if t.kind == kinds.building_exclusion.KIND]
    proposed = ProposedSanction(
        sanction_type=stype, buildings="Marmion House", permanent=True, injunction_court="A court"
    )
    errors = sanction_errors(proposed, profile_id=profile.pk)
    assert errors == {
        f"s{stype.pk}_injunction_applied_on": ["Enter the date the injunction was applied for"]
    }
