"""The appeals list and the dashboard's appeal figures run a fixed number of queries,
measured on the synthetic data set at two sizes (`benchmarks.synthetic`)."""

import pytest
from django.urls import reverse

from appeals.models import Appeal, AppealState
from benchmarks import synthetic
from contactpolicy.roles import Role
from restrictions.models import RestrictionCase
from tests.factories import UserFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def _generate(customers: int, seed: int) -> None:
    synthetic.generate(
        customers=customers,
        contacts=customers * 2,
        officers=9,
        batch_size=64,
        seed=seed,
        append=True,
    )


def _mine(user) -> None:
    """Give `user` every appeal under investigation, so that "mine" lists some."""
    Appeal.objects.filter(state=AppealState.UNDER_INVESTIGATION).update(investigator=user)


SHOWS = ["open", "overdue", "due", "mine", "closed", "all"]


def test_the_appeals_list_and_dashboard_do_not_grow_with_the_data(
    client, activate_profile, subtests
):
    """Each of the list's filters, and the dashboard's appeal figures, measured on one data
    set at two sizes (generated once for all of them: it is most of the test's time)."""
    profile = activate_profile("tamworth")
    # "Due" lists the appeals due within the profile's warning period.
    profile.reminder_warning_days = 14
    profile.save()
    manager = UserFactory(username="mia", roles=[Role.HEAD_OF_SERVICE])
    client.force_login(manager)
    url = reverse("appeals:list")
    dashboard = reverse("screens:dashboard")

    def measured() -> dict:
        figures = {
            show: (
                client.get(url, {"show": show}).context["page"].paginator.count,
                count_queries(client, url, {"show": show}),
            )
            for show in SHOWS
        }
        figures["dashboard"] = count_queries(client, dashboard)
        return figures

    _generate(2000, seed=1)
    _mine(manager)
    small = measured()
    _generate(4000, seed=2)
    _mine(manager)
    # One recent appeal for one customer in a hundred, and the past appeals of the
    # restriction histories; each on its own restriction case.
    appeals = Appeal.objects.count()
    assert appeals > 60
    assert RestrictionCase.objects.filter(appeals__isnull=False).distinct().count() == appeals
    large = measured()

    for show in SHOWS:
        with subtests.test(show=show):
            (small_rows, small_queries), (large_rows, large_queries) = small[show], large[show]
            assert 0 < small_rows < large_rows
            # session, user, the second factor's device, groups, the active profile's
            # revision token, the header's count of unread notifications, the count and
            # the page.
            assert small_queries == large_queries == 8
    with subtests.test(page="dashboard"):
        assert small["dashboard"] == large["dashboard"]
        assert "overdue" in client.get(dashboard).content.decode()


def test_the_synthetic_appeals_are_at_every_step(activate_profile):
    activate_profile("tamworth")
    _generate(3000, seed=3)
    states = set(Appeal.objects.values_list("state", flat=True))
    assert {AppealState.RECEIVED, AppealState.UNDER_INVESTIGATION, AppealState.DECIDED} <= states


def test_no_appeals_are_written_where_the_policy_has_none(btpa_active):
    _generate(300, seed=1)
    assert not Appeal.objects.exists()
