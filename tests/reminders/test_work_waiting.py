"""Work waiting is told (issue 20, items 10, 16 and 26): to the approvers a decision waits
for, the Chief Executive at sign-off, a manager of an incident in their team and, where
the profile names one, the post told of what is considered and decided. Each once, by
inbox and by email, never to the person who did it."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases.access import may_work_on_contact
from cases.selectors import team_of
from cases.services import ContactDetails, contact_log
from contactpolicy.models import Notification, Reminder, Service
from contactpolicy.roles import Role
from restrictions.models import DecisionStatus
from restrictions.notifications import decision_answered_tell, decision_submitted_tell
from restrictions.services import decision_answer, decision_submit
from tests.cases.factories import ContactFactory, CustomerFactory
from tests.restrictions.factories import approve, incident, person, propose_and_submit

pytestmark = pytest.mark.django_db

HCS = "Head of Customer Services"


def inbox(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("message", flat=True))


def team(manager, *members):
    for member in members:
        member.line_manager = manager
        member.save()


# -- Item 10: OPCC, IPCC §6 -----------------------------------------------------------------


@pytest.mark.parametrize("slug", ["opcc", "ipcc"])
def test_opcc_and_ipcc_recording_an_incident_tells_the_recorders_line_manager_once(
    activate_profile, django_capture_on_commit_callbacks, slug
):
    """OPCC ("Reasons for restricting customer contact") and IPCC §6: "Staff also have the
    responsibility to report any instances of unacceptable behaviour to their manager in
    order to ensure fairness and consistency of approach when the Chief Executive [a head
    of function] is taking a decision to manage contact." """
    activate_profile(slug)
    manager = person(Role.LINE_MANAGER, email="manager@example.org")
    officer = person(Role.CASEWORKER)
    team(manager, officer)
    customer = CustomerFactory(name="Sam Sample")

    with django_capture_on_commit_callbacks(execute=True):
        recorded = incident(customer, officer)

    assert len(inbox(manager)) == 1
    assert recorded.reference in inbox(manager)[0] and "Sam Sample" in inbox(manager)[0]
    assert inbox(officer) == []  # never told of what they did themselves
    assert [m.to for m in mail.outbox] == [["manager@example.org"]]
    notification = Notification.objects.get(recipient=manager)
    assert notification.url == recorded.get_absolute_url()

    from cases.notifications import incident_recorded_tell

    assert incident_recorded_tell(recorded.pk) == 0  # told once
    assert Notification.objects.filter(recipient=manager).count() == 1


@pytest.mark.parametrize("slug", ["btpa", "tamworth", "natural-england"])
def test_under_every_policy_a_manager_hears_of_an_incident_in_their_team(
    activate_profile, django_capture_on_commit_callbacks, slug
):
    """Work waiting is told (issue 20, item 26): "a manager when an incident is recorded in
    their team ... a head of service's 'team' includes everyone below them". The line
    manager and the head of service above them are told, once; the Chief Executive above
    every team is not."""
    activate_profile(slug)
    chief = person(Role.CHIEF_EXECUTIVE)
    head = person(Role.HEAD_OF_SERVICE)
    manager = person(Role.LINE_MANAGER)
    officer = person(Role.CASEWORKER)
    team(chief, head)
    team(head, manager)
    team(manager, officer)

    with django_capture_on_commit_callbacks(execute=True):
        recorded = incident(CustomerFactory(name="Sam Sample"), officer)

    assert len(inbox(manager)) == 1 and recorded.reference in inbox(manager)[0]
    assert len(inbox(head)) == 1
    assert inbox(chief) == []
    assert inbox(officer) == []


def test_a_chief_executive_who_is_someones_own_line_manager_hears_of_their_incidents(
    activate_profile, django_capture_on_commit_callbacks
):
    """In a small organisation the Chief Executive may manage an officer directly."""
    activate_profile("tamworth")
    chief = person(Role.CHIEF_EXECUTIVE)
    officer = person(Role.CASEWORKER)
    team(chief, officer)

    with django_capture_on_commit_callbacks(execute=True):
        incident(CustomerFactory(), officer)

    assert len(inbox(chief)) == 1


# -- Item 10: Tamworth §4 ------------------------------------------------------------------


def test_tamworth_the_head_of_customer_services_is_told_of_a_customer_considered_and_the_determination(
    activate_profile, django_capture_on_commit_callbacks
):
    """Tamworth §4, Service Areas: the Heads of Service will "advise the Head of Customer
    Service that a customer is being considered under this Policy, and advise of their
    determination"."""
    activate_profile("tamworth")
    housing = Service.objects.create(name="Housing")
    customer_services = Service.objects.create(name="Customer Services")
    customer = CustomerFactory(name="Sam Sample")
    evidence = incident(customer, person(Role.CASEWORKER, service=housing))
    head_of_customer_services = person(
        Role.HEAD_OF_SERVICE, job_title=HCS, service=customer_services
    )
    head_of_housing = person(Role.HEAD_OF_SERVICE, job_title="Head of Housing", service=housing)
    proposer = person(Role.LINE_MANAGER)

    with django_capture_on_commit_callbacks(execute=True):
        decision = propose_and_submit(
            proposer, customer, "warn", incidents=[evidence], review_in_days=0
        )
    considered = [m for m in inbox(head_of_customer_services) if "being considered" in m]
    assert len(considered) == 1 and "Sam Sample" in considered[0]
    assert inbox(head_of_customer_services) == considered  # not theirs to approve
    assert not any("being considered" in m for m in inbox(head_of_housing))
    assert any("waits for your approval" in m for m in inbox(head_of_housing))

    with django_capture_on_commit_callbacks(execute=True):
        decision = approve(decision, head_of_housing, issue=False)
    assert decision.status == DecisionStatus.APPROVED
    determined = [m for m in inbox(head_of_customer_services) if "has been approved" in m]
    assert len(determined) == 1 and decision.reference in determined[0]
    # The head of service who decided is not told of their own determination.
    assert not any("has been approved" in m for m in inbox(head_of_housing))

    assert decision_answered_tell(decision.pk) == 0  # told once


def test_tamworth_a_head_of_customer_services_who_may_approve_is_told_once(
    activate_profile, django_capture_on_commit_callbacks
):
    """Item 16 with Tamworth §4: where the Head of Customer Services may approve the
    decision themselves (a corporate case, or no services kept), the one notification that
    it waits for their approval says that the customer is being considered: not two."""
    activate_profile("tamworth")
    customer = CustomerFactory(name="Sam Sample")
    head_of_customer_services = person(Role.HEAD_OF_SERVICE, job_title=HCS)

    with django_capture_on_commit_callbacks(execute=True):
        decision = propose_and_submit(
            person(Role.LINE_MANAGER),
            customer,
            "warn",
            incidents=[incident(customer, person(Role.CASEWORKER))],
            review_in_days=0,
        )

    assert inbox(head_of_customer_services) == [
        f"Decision {decision.reference} about Sam Sample (Warn) waits for your approval."
    ]


def test_tamworth_a_refusal_is_told_to_the_head_of_customer_services_as_refused(
    activate_profile, django_capture_on_commit_callbacks
):
    """Tamworth §4: "… and advise of their determination": a refusal is a determination."""
    activate_profile("tamworth")
    customer = CustomerFactory()
    hcs = person(Role.HEAD_OF_SERVICE, job_title=HCS)
    decision = propose_and_submit(
        person(Role.LINE_MANAGER),
        customer,
        "warn",
        incidents=[incident(customer, person(Role.CASEWORKER))],
        review_in_days=0,
    )
    with django_capture_on_commit_callbacks(execute=True):
        decision_answer(
            decision=decision,
            actor=person(Role.HEAD_OF_SERVICE, job_title="Head of Housing"),
            outcome="reject",
            reason="Not enough evidence yet.",
        )
    assert any("has been refused" in m for m in inbox(hcs))


def test_btpa_names_no_post_to_tell_of_a_customer_considered(
    btpa_active, django_capture_on_commit_callbacks
):
    """No policy but Tamworth's names a post told that a customer is being considered."""
    assert btpa_active.consideration_told_to_role is None
    customer = CustomerFactory()
    someone = person(Role.HEAD_OF_SERVICE, job_title=HCS)
    with django_capture_on_commit_callbacks(execute=True):
        propose_and_submit(
            person(Role.LINE_MANAGER),
            customer,
            "warn",
            incidents=[incident(customer, person(Role.CASEWORKER))],
            review_in_days=0,
        )
    assert inbox(someone) == []


def test_a_title_without_the_role_of_the_post_is_refused(btpa_active):
    from django.core.exceptions import ValidationError

    btpa_active.consideration_told_to_title = HCS
    with pytest.raises(ValidationError) as info:
        btpa_active.clean()
    assert "consideration_told_to_role" in info.value.message_dict


# -- Item 16: approvers told ---------------------------------------------------------------


def test_btpa_the_chief_executive_is_told_a_decision_waits_for_their_sign_off_once(
    btpa_active, django_capture_on_commit_callbacks
):
    """BTPA §8: the Chief Executive decides; a decision reserved to them reaches their
    sign-off screen, and they are told so once, in their inbox and by email."""
    chief = person(Role.CHIEF_EXECUTIVE, email="chief@example.org")
    head = person(Role.HEAD_OF_SERVICE)
    proposer = person(Role.LINE_MANAGER)
    customer = CustomerFactory(name="Sam Sample")
    evidence = incident(customer, person(Role.CASEWORKER))

    with django_capture_on_commit_callbacks(execute=True):
        decision = propose_and_submit(
            proposer, customer, "warn", incidents=[evidence], review_in_days=0
        )

    notification = Notification.objects.get(recipient=chief)
    assert notification.message == (
        f"Decision {decision.reference} about Sam Sample (Warn) waits for your sign-off."
    )
    assert notification.url == reverse("notices:signoff", kwargs={"reference": decision.reference})
    assert inbox(head) == [] and inbox(proposer) == []
    assert [m.to for m in mail.outbox] == [["chief@example.org"]]
    assert mail.outbox[0].subject == notification.message
    assert mail.outbox[0].body.startswith(
        f"{notification.message}\nhttp://localhost:8000{notification.url}\n"
    )

    # A double click, a retry, or sending it back and submitting it again: told once.
    assert decision_submitted_tell(decision.pk, proposer.pk) == 0
    with django_capture_on_commit_callbacks(execute=True):
        decision = decision_answer(
            decision=decision, actor=chief, outcome="send_back", reason="Add the call log."
        )
        decision = decision_submit(decision=decision, actor=proposer)
    assert Notification.objects.filter(recipient=chief).count() == 1
    assert len(mail.outbox) == 1


def test_ipcc_each_approver_the_profile_names_is_told_and_nobody_more_senior(
    activate_profile, django_capture_on_commit_callbacks
):
    """IPCC: a line manager approves a warning; each line manager who may answer it is told,
    the proposer is not, and neither the head of service nor the Chief Executive is."""
    activate_profile("ipcc")
    first, second = person(Role.LINE_MANAGER), person(Role.LINE_MANAGER)
    proposer = person(Role.LINE_MANAGER)
    above = [person(Role.HEAD_OF_SERVICE), person(Role.CHIEF_EXECUTIVE)]
    customer = CustomerFactory()

    with django_capture_on_commit_callbacks(execute=True):
        decision = propose_and_submit(
            proposer,
            customer,
            "warn",
            incidents=[incident(customer, person(Role.CASEWORKER))],
            review_in_days=0,
        )

    for approver in (first, second):
        assert inbox(approver) == [
            f"Decision {decision.reference} about {customer.name} (Warn) waits for your approval."
        ]
    assert inbox(proposer) == []
    assert all(inbox(user) == [] for user in above)
    assert Reminder.objects.filter(record_id=decision.pk).count() == 2


# -- Item 26: a head of service's team is everyone below them ------------------------------


def test_a_head_of_services_team_is_everyone_below_them_in_one_query(
    btpa_active, django_assert_num_queries
):
    """Item 26: "a head of service's team includes everyone below them, not only direct
    reports"."""
    head = person(Role.HEAD_OF_SERVICE)
    manager = person(Role.LINE_MANAGER)
    officers = [person(Role.CASEWORKER) for _ in range(3)]
    deeper = person(Role.CASEWORKER)
    outsider = person(Role.CASEWORKER)
    team(head, manager)
    team(manager, *officers)
    team(officers[0], deeper)
    gone = person(Role.CASEWORKER, is_active=False)
    team(manager, gone)

    with django_assert_num_queries(1):
        members = set(team_of(head))

    assert members == {manager, *officers, deeper}
    assert outsider not in members
    assert set(team_of(manager)) == {*officers, deeper}


def test_a_manager_may_work_on_a_contact_of_someone_further_down_their_team(btpa_active):
    senior = person(Role.LINE_MANAGER)
    manager = person(Role.LINE_MANAGER)
    officer = person(Role.CASEWORKER)
    other = person(Role.LINE_MANAGER)
    team(senior, manager)
    team(manager, officer)
    contact = ContactFactory(officer=officer)

    assert may_work_on_contact(senior, contact)
    assert may_work_on_contact(manager, contact)
    assert not may_work_on_contact(other, contact)


def test_a_reviewer_named_is_told_of_their_review(btpa_active, django_capture_on_commit_callbacks):
    """Item 26: "a reviewer when named"."""
    from restrictions.models import Review
    from restrictions.notifications import review_named_tell

    reviewer = person(Role.LINE_MANAGER)
    customer = CustomerFactory(name="Sam Sample")
    from restrictions.services import restriction_case_for

    case = restriction_case_for(customer)
    review = Review.objects.create(
        restriction_case=case,
        reviewing="sanctioned",
        due_on="2027-03-01",
        first_due_on="2027-03-01",
        since="2026-12-01T09:00:00Z",
        reviewer=reviewer,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert review_named_tell(review.pk) == 1
    assert review_named_tell(review.pk) == 0
    assert inbox(reviewer) == [
        f"You review the restriction on Sam Sample ({case.reference}) by 1 March 2027."
    ]


def test_natural_england_an_approval_tells_the_next_approver_it_now_waits_for(
    activate_profile, django_capture_on_commit_callbacks
):
    """Item 16, where a decision needs two approvals: Natural England, "always at least two
    people at different grades involved in the decision", signed off by the "Line Manager
    of staff member corresponding with the customer" (Annex B). The line managers who may
    give the first approval are told when it is submitted; once one has, the correspondent's
    line manager, who alone may give the second, is told it now waits for them, once."""
    from tests.restrictions.factories import category, sanction_of

    profile = activate_profile("natural-england")
    their_head = person(Role.HEAD_OF_SERVICE)
    other_head = person(Role.HEAD_OF_SERVICE)
    proposer = person(Role.LINE_MANAGER, line_manager=their_head)
    first = person(Role.LINE_MANAGER)
    customer = CustomerFactory(name="Sam Sample")
    evidence = incident(
        customer, person(Role.CASEWORKER), category=category(profile, "abusive"), extreme=True
    )
    Notification.objects.all().delete()  # the incident's telling is not this test's

    with django_capture_on_commit_callbacks(execute=True):
        decision = propose_and_submit(
            proposer,
            customer,
            "sanction",
            incidents=[evidence],
            sanctions=[sanction_of(profile, "one_method", channel="email")],
        )
    waiting = f"Decision {decision.reference} about Sam Sample (Impose sanctions) waits for your approval."
    assert inbox(first) == [waiting]
    assert inbox(their_head) == [] and inbox(other_head) == [] and inbox(proposer) == []

    with django_capture_on_commit_callbacks(execute=True):
        decision = approve(decision, first)
    assert decision.status == DecisionStatus.SUBMITTED
    assert inbox(their_head) == [waiting]
    assert inbox(other_head) == []  # not the correspondent's line manager: may not sign off
    assert inbox(first) == [waiting]  # told once, not again for the approval they gave
    assert decision_answered_tell(decision.pk) == 0


def test_the_proposer_of_a_sanction_is_told_when_its_review_is_scheduled_as_theirs(
    btpa_active, django_capture_on_commit_callbacks
):
    """Item 26: "a reviewer when named". A sanction takes effect when its notice is issued;
    its review is scheduled for the person who applied it, and they are told so, once,
    while the Chief Executive who issued it is told nothing of their own act."""
    from restrictions.models import Review
    from tests.restrictions.factories import sanction_of

    chief = person(Role.CHIEF_EXECUTIVE)
    proposer = person(Role.LINE_MANAGER)
    customer = CustomerFactory(name="Sam Sample")
    decision = propose_and_submit(
        proposer,
        customer,
        "sanction",
        incidents=[incident(customer, person(Role.CASEWORKER), extreme=True)],
        sanctions=[sanction_of(btpa_active, "one_method", channel="email")],
    )
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        approve(decision, chief)

    review = Review.objects.get(restriction_case__customer=customer)
    assert review.reviewer == proposer
    case = review.restriction_case.reference
    assert inbox(proposer) == [
        f"You review the restriction on Sam Sample ({case}) by {review.due_on:%-d %B %Y}."
    ]
    assert Notification.objects.get(recipient=proposer).url == review.get_absolute_url()
    assert not any("You review" in message for message in inbox(chief))


def test_a_head_of_services_dashboard_lists_the_contacts_of_everyone_below_them(
    client, btpa_active
):
    """Item 26: "a head of service's 'team' includes everyone below them, not only direct
    reports": an officer's unanswered letter is on their manager's dashboard and on the
    head of service's above, and not on another head of service's."""
    head = person(Role.HEAD_OF_SERVICE)
    other_head = person(Role.HEAD_OF_SERVICE)
    manager = person(Role.LINE_MANAGER)
    officer = person(Role.CASEWORKER)
    team(head, manager)
    team(manager, officer)
    letter = contact_log(
        logged_by=officer,
        customer=CustomerFactory(),
        details=ContactDetails(channel="letter", received_at=timezone.now(), summary="Rent"),
    )

    for reader, sees in ((manager, True), (head, True), (other_head, False)):
        client.force_login(reader)
        page = client.get("/").content.decode()
        assert (letter.reference in page) is sees, reader
