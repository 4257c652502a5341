"""The review pages: the queue, one review, bringing it forward, representations, and the
outcome proposed on the decision form with the review named. Every page runs a fixed
number of queries however much there is to show."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from restrictions.models import Review, ReviewState, Stage
from restrictions.review_services import representation_record, review_begin
from tests.cases.factories import CustomerFactory
from tests.queries import count_queries
from tests.restrictions.factories import check_contact, drive_to, incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def sanctioned(btpa_active, line_manager, chief_executive):
    """A BTPA customer under sanctions (contact by letter only), with its review scheduled."""
    return drive_to(
        CustomerFactory(), "sanctioned", proposer=line_manager, approvers=[chief_executive]
    )


def _warn_days_ahead(profile, days):
    """Reviews count as due soon within the profile's warning period."""
    profile.reminder_warning_days = days
    profile.save()


def _more_reviews(case, count):
    """Further reviews of other restriction cases, as a busy organisation would have."""
    today = timezone.localdate()
    for i in range(count):
        other = type(case).objects.create(
            reference=f"RES-2026-9{Review.objects.count():05d}", customer=CustomerFactory()
        )
        due = today + timedelta(days=i - count // 2)
        Review.objects.create(
            restriction_case=other,
            reviewing=Stage.SANCTIONED,
            due_on=due,
            first_due_on=due,
            since=timezone.now(),
            reviewer=case.applied_by,
        )


def test_the_review_page_shows_what_it_weighs_in_fixed_queries(
    client, sanctioned, line_manager, caseworker
):
    review = sanctioned.reviews.get()
    client.force_login(line_manager)
    url = review.get_absolute_url()
    customer = sanctioned.customer

    def more(times):
        for _ in range(times):
            incident(customer, caseworker, days_ago=0)
            check_contact(customer, caseworker, channel="email")
            check_contact(customer, caseworker, channel="letter")
            representation_record(
                review=review,
                actor=line_manager,
                received_on=timezone.localdate(),
                channel="letter",
                summary="I will write only.",
            )

    more(1)
    small = count_queries(client, url)
    more(3)
    large = count_queries(client, url)
    assert small == large
    # session, user, groups (3); the review with its case, customer and people (1); the
    # profile and its rule sets (8); incidents, checks with their sanctions and types (3),
    # calls ended, the last incident, representations (3); outcome decisions (1): 19
    assert large <= 21  # with the header's count of unread notifications
    response = client.get(url)
    # Contact by letter only: each email a breach of it; each letter permitted.
    rows = {
        row.label: (len(row.permitted), len(row.breaches))
        for row in response.context["evidence"].arrangements
    }
    assert sorted(rows.values()) == [(0, 4), (4, 0)]
    assert response.context["evidence"].incident_count == 4
    assert response.content.decode().count("I will write only.") == 4


@pytest.mark.parametrize("show", ["open", "due", "overdue", "mine", "closed"])
def test_the_review_list_runs_a_fixed_number_of_queries(client, sanctioned, line_manager, show):
    client.force_login(line_manager)
    url = reverse("restrictions:reviews")
    _more_reviews(sanctioned, 4)
    Review.objects.filter(pk=Review.objects.order_by("pk").last().pk).update(
        state=ReviewState.SUPERSEDED
    )
    small = count_queries(client, url, {"show": show})
    _more_reviews(sanctioned, 30)
    large = count_queries(client, url, {"show": show, "reviewing": "sanctioned"})
    assert small == large
    assert large == 8  # with the header's unread count and the session's second factor


def test_the_lists_filter_due_overdue_and_mine(
    client, btpa_active, sanctioned, line_manager, head_of_service
):
    _warn_days_ahead(btpa_active, 28)
    _more_reviews(sanctioned, 10)  # due from 5 days ago to 4 days ahead, all the manager's
    client.force_login(line_manager)
    url = reverse("restrictions:reviews")
    counts = {
        show: client.get(url, {"show": show}).context["page"].paginator.count
        for show in ("open", "due", "overdue", "mine", "closed")
    }
    assert counts == {"open": 11, "due": 5, "overdue": 5, "mine": 11, "closed": 0}
    client.force_login(head_of_service)
    assert client.get(url, {"show": "mine"}).context["page"].paginator.count == 0


def test_the_dashboard_counts_reviews_in_fixed_queries(
    client, btpa_active, sanctioned, line_manager
):
    _warn_days_ahead(btpa_active, 28)
    client.force_login(line_manager)
    url = reverse("screens:dashboard")
    small = count_queries(client, url)
    _more_reviews(sanctioned, 20)
    large = count_queries(client, url)
    assert small == large
    response = client.get(url)
    assert response.context["reviews"] == {"due": 10, "overdue": 10, "mine": 21}
    # The five soonest of the manager's own, the overdue first.
    dues = [review.due_on for review in response.context["my_reviews"]]
    assert len(dues) == 5 and dues == sorted(dues)
    assert dues[0] < timezone.localdate()


def test_caseworkers_see_no_reviews_on_their_dashboard(client, sanctioned, caseworker):
    client.force_login(caseworker)
    assert "reviews" not in client.get(reverse("screens:dashboard")).context


def test_the_case_page_lists_its_reviews(client, sanctioned, line_manager):
    client.force_login(line_manager)
    page = client.get(sanctioned.get_absolute_url()).content.decode()
    review = sanctioned.reviews.get()
    assert review.get_absolute_url() in page
    assert "Scheduled" in page


def test_bring_forward_errors_are_shown_as_govuk_messages(client, sanctioned, line_manager):
    review = sanctioned.reviews.get()
    client.force_login(line_manager)
    url = reverse("restrictions:review_bring_forward", kwargs={"pk": review.pk})
    later = review.due_on + timedelta(days=5)
    response = client.post(
        url,
        {
            "requested_by": "manager",
            "due_on_0": later.day,
            "due_on_1": later.month,
            "due_on_2": later.year,
            "reason": "Head of service asked.",
        },
    )
    assert response.status_code == 400
    assert "The new review date must be before the date set" in response.content.decode()
    sooner = timezone.localdate() + timedelta(days=3)
    response = client.post(
        url,
        {
            "requested_by": "customer",
            "due_on_0": sooner.day,
            "due_on_1": sooner.month,
            "due_on_2": sooner.year,
            "reason": "Writes calmly now and asked for a review.",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.due_on, review.requested_by) == (sooner, "customer")


def test_starting_the_review_then_proposing_its_outcome_names_the_review(
    client, sanctioned, line_manager
):
    review = sanctioned.reviews.get()
    client.force_login(line_manager)
    response = client.post(reverse("restrictions:review_begin", kwargs={"pk": review.pk}))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.state == ReviewState.IN_PROGRESS
    page = client.get(review.get_absolute_url()).content.decode()
    propose = reverse("restrictions:decision_propose", args=[sanctioned.customer.reference])
    assert f"{propose}?kind=continue&amp;review={review.pk}" in page
    form = client.get(propose, {"kind": "continue", "review": review.pk})
    assert form.status_code == 200
    assert f'name="review" value="{review.pk}"' in form.content.decode()


@pytest.mark.parametrize("value", ["abc", "99999999", "1" * 40])
def test_an_unknown_review_on_the_decision_form_is_not_found(
    client, sanctioned, line_manager, value
):
    client.force_login(line_manager)
    propose = reverse("restrictions:decision_propose", args=[sanctioned.customer.reference])
    assert client.get(propose, {"review": value}).status_code == 404


def test_a_review_of_another_customer_is_not_accepted(client, sanctioned, line_manager):
    review = review_begin(review=sanctioned.reviews.get(), actor=line_manager)
    client.force_login(line_manager)
    other = CustomerFactory()
    propose = reverse("restrictions:decision_propose", args=[other.reference])
    assert client.get(propose, {"review": review.pk}).status_code == 404


def test_a_lapse_shows_on_the_case_page_as_the_applications_act(
    client, sanctioned, line_manager, btpa_active
):
    from restrictions.review_services import reviews_overdue_apply

    btpa_active.overdue_review_action = "lapse"
    btpa_active.save(update_fields=["overdue_review_action"])
    review = sanctioned.reviews.get()
    reviews_overdue_apply(today=review.due_on + timedelta(days=1))
    client.force_login(line_manager)
    page = client.get(sanctioned.get_absolute_url()).content.decode()
    assert "Review overdue: the restriction lapsed" in page
    assert "by the application, under the policy's rule" in page
    assert "Lapsed at its date" in page
