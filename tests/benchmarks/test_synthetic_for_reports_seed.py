"""The synthetic data behind the reports is the same for the same seed (its own module: the
other report-data tests share one generated data set for the whole of theirs)."""

import pytest

from benchmarks import synthetic
from cases.models import Incident
from restrictions.models import Decision, Sanction
from tests.benchmarks.test_synthetic_for_reports import SIZE

pytestmark = pytest.mark.django_db


def test_the_same_seed_gives_the_same_histories(activate_profile):
    from tests.benchmarks.test_synthetic import _delete_everything

    activate_profile("tamworth")
    size = {**SIZE, "customers": 1200, "contacts": 1200, "incidents": 150}

    def shape():
        return (
            list(
                Incident.objects.order_by("reference").values_list(
                    "reference", "customer__reference", "category__code", "occurred_at"
                )
            ),
            list(
                Decision.objects.order_by("reference").values_list(
                    "reference", "kind", "applied_at", "restriction_case__reference"
                )
            ),
            list(Sanction.objects.order_by("decision__reference", "kind").values_list("kind")),
        )

    synthetic.generate(**size)
    first = shape()
    _delete_everything()
    synthetic.generate(**size)
    assert shape() == first
