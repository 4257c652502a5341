"""DESIGN.md §5: a written or voluntary agreement with its text and signed date (Natural
England Annex B, 4; Tamworth §8) (issue 9, item 17). An exclusion's injunction is a decision
of its own: tests/restrictions/test_injunction_decisions.py."""

from datetime import date

import pytest

from restrictions import sanctions as kinds
from restrictions.decision_forms import ProposalForm
from restrictions.enforcement import describe
from restrictions.models import Sanction

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
