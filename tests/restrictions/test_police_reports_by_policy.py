"""Reports to the police the policy always makes, and the consultation some policies ask
for first (issue 20, items 4 and 9)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from contactpolicy.roles import Role
from restrictions.models import AuditEvent, AuditEventType, Referral
from restrictions.referral_selectors import police_reports_due
from restrictions.referral_services import incident_police_report_not_made, referral_record
from restrictions.services import restriction_case_for
from tests.factories import UserFactory
from tests.restrictions.factories import incident
from tests.restrictions.restricted import customer_named

pytestmark = pytest.mark.django_db

HCS = "Head of Customer Services"


def report(actor, customer, incidents, **kwargs):
    return referral_record(
        actor=actor,
        customer=customer,
        kind="police",
        recipient="Staffordshire Police",
        made_on=timezone.localdate(),
        incidents=incidents,
        **kwargs,
    )


def test_tamworth_reports_assaults_until_made_or_a_reason_is_recorded(activate_profile, client):
    """Tamworth §9: "Any physical or verbal assaults on a member of staff, Council Member or
    against any other customer will be reported to the police." The customer's page asks
    for the report until a police referral cites the incident or a reason is recorded."""
    profile = activate_profile("tamworth")
    assert profile.police_always_reported
    caseworker, manager = (
        UserFactory(roles=[Role.CASEWORKER]),
        UserFactory(roles=[Role.LINE_MANAGER]),
    )
    customer = customer_named("Rex Hollins", caseworker)
    assault = incident(customer, caseworker, police_report_required=True)
    second = incident(customer, caseworker, police_report_required=True)
    incident(customer, caseworker)
    assert police_reports_due(customer) == [assault, second]

    # An assault needs no consultation first: it is always reported.
    report(manager, customer, [assault])
    assert police_reports_due(customer) == [second]

    with pytest.raises(ValidationError):
        incident_police_report_not_made(actor=manager, incident=second, reason="  ")
    with pytest.raises(PermissionDenied):
        incident_police_report_not_made(actor=caseworker, incident=second, reason="Declined")
    client.force_login(manager)
    where = reverse("restrictions:police_report_not_made", kwargs={"reference": second.reference})
    assert client.post(where, {"reason": ""}).status_code == 400
    client.post(where, {"reason": "The officer assaulted asked for it not to be reported."})
    assert police_reports_due(customer) == []
    event = AuditEvent.objects.get(event_type=AuditEventType.POLICE_REPORT_NOT_MADE)
    assert event.actor == manager
    assert "asked for it not to be reported" in event.reason
    assert (
        "always reported to the police"
        not in client.get(customer.get_absolute_url()).content.decode()
    )


def test_tamworth_records_the_consultation_before_a_police_report(activate_profile, client):
    """Tamworth §9: "Repeated calls maybe deemed harassment, which, after consultation with
    the Head of Service/Head of Customer Services will be reported to the Police"."""
    profile = activate_profile("tamworth")
    assert profile.police_consultation_role == Role.HEAD_OF_SERVICE
    caseworker, manager = (
        UserFactory(roles=[Role.CASEWORKER]),
        UserFactory(roles=[Role.LINE_MANAGER]),
    )
    head = UserFactory(roles=[Role.HEAD_OF_SERVICE], job_title=HCS)
    customer = customer_named("Rex Hollins", caseworker)
    calls = incident(customer, caseworker, description="Rang forty times in a day")
    consulted_on = timezone.localdate() - timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        report(manager, customer, [calls])
    assert set(refused.value.message_dict) == {"consulted", "consulted_on", "consultation_advice"}
    with pytest.raises(ValidationError) as refused:
        report(
            manager,
            customer,
            [calls],
            consulted=caseworker,
            consulted_on=consulted_on,
            consultation_advice="Report it",
        )
    assert "consulted" in refused.value.message_dict

    made = report(
        manager,
        customer,
        [calls],
        consulted=head,
        consulted_on=consulted_on,
        consultation_advice="Report it: forty calls in a day is harassment.",
    )
    assert (made.consulted, made.consulted_on) == (head, consulted_on)
    event = AuditEvent.objects.get(event_type=AuditEventType.REFERRAL_MADE)
    assert "consulted" in event.reason and "forty calls in a day is harassment" in event.reason

    client.force_login(manager)
    page = client.get(
        reverse("restrictions:referral_create", kwargs={"reference": customer.reference})
    ).content.decode()
    assert "Which head of service did you consult?" in page
    assert str(head) in page


def test_ipcc_asks_for_no_consultation_before_a_police_report(activate_profile, client):
    """Tamworth §9's consultation is Tamworth's: under IPCC a manager reports to the police
    without recording one."""
    profile = activate_profile("ipcc")
    assert profile.police_consultation_role is None
    caseworker, manager = (
        UserFactory(roles=[Role.CASEWORKER]),
        UserFactory(roles=[Role.LINE_MANAGER]),
    )
    customer = customer_named("Rex Hollins", caseworker)
    made = report(manager, customer, [incident(customer, caseworker)])
    assert made.consulted is None
    assert Referral.objects.count() == 1
    client.force_login(manager)
    page = client.get(
        reverse("restrictions:referral_create", kwargs={"reference": customer.reference})
    ).content.decode()
    assert "did you consult" not in page


def test_tamworth_asks_about_an_assault_and_both_pages_show_the_report_due(
    activate_profile, client
):
    """Tamworth §9: "Any physical or verbal assaults on a member of staff, Council Member or
    against any other customer will be reported to the police." Recording one asks for the
    report; the incident's page, the customer's page and their restriction case's page show
    it as due until a reason for not making it is recorded."""
    profile = activate_profile("tamworth")
    question = profile.police_always_reported
    assert question.startswith("Was there a physical or verbal assault")
    caseworker, manager = (
        UserFactory(roles=[Role.CASEWORKER]),
        UserFactory(roles=[Role.LINE_MANAGER]),
    )
    customer = customer_named("Rex Hollins", caseworker)
    case = restriction_case_for(customer, actor=manager)
    form = reverse("screens:incident_record", kwargs={"reference": customer.reference})
    client.force_login(caseworker)
    assert question in client.get(form).content.decode()
    when = timezone.localtime() - timedelta(days=1)
    recorded = client.post(
        form,
        {
            "category": str(profile.behaviour_categories.order_by("order").first().pk),
            "occurred_date_0": str(when.day),
            "occurred_date_1": str(when.month),
            "occurred_date_2": str(when.year),
            "occurred_time": "10:15",
            "channel": "visit",
            "description": "Pushed the officer against the counter.",
            "severity": "high",
            "police_report_required": "on",
            "reported_to": "",
        },
        follow=True,
    ).content.decode()
    assert "this incident is always reported to the police" in recorded
    assault = customer.incidents.get()
    assert assault.police_report_required

    due = "this incident is always reported to the police"
    pages = (customer.get_absolute_url(), case.get_absolute_url(), assault.get_absolute_url())
    for page in pages:
        shown = client.get(page).content.decode()
        assert due in shown and assault.reference in shown
        # A caseworker is told who records it; a manager is offered both links.
        assert "Tell your line manager" in shown
    client.force_login(manager)
    shown = client.get(case.get_absolute_url()).content.decode()
    assert "Record the report" in shown and "record why it was not made" in shown

    incident_police_report_not_made(
        actor=manager, incident=assault, reason="The officer asked for it not to be reported."
    )
    for page in pages:
        assert due not in client.get(page).content.decode()
