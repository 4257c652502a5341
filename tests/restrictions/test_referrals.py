"""Referrals (DESIGN.md §8): reports to the police or the legal team, information sharing,
approaches to an agent's client, employer or professional body, and the reminder to tell
a customer reported without warning."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from contactpolicy.models import Reminder
from contactpolicy.roles import Role
from restrictions.models import Referral, ReferralKind
from restrictions.referral_services import (
    referral_customer_informed,
    referral_inform_reminder_send,
    referral_record,
    referrals_inform_due,
)
from restrictions.tasks import inform_customer_reminder, inform_customer_reminders
from tests.factories import UserFactory
from tests.queries import count_queries
from tests.restrictions.factories import incident
from tests.restrictions.restricted import customer_named

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(btpa_active, caseworker):
    return customer_named("Gordon Pike", caseworker)


@pytest.fixture
def threat(customer, caseworker):
    """An incident in an extreme category (BTPA A: threats of physical violence)."""
    return incident(customer, caseworker, extreme=True, description="Threatened to hurt staff")


@pytest.fixture
def persistent(customer, caseworker):
    """An incident that is not extreme (BTPA D: persistent contact)."""
    return incident(customer, caseworker, extreme=False, description="Forty calls in a day")


def form_data(**overrides):
    today = timezone.localdate()
    data = {
        "kind": "police",
        "recipient": "British Transport Police, London North",
        "made_on_0": str(today.day),
        "made_on_1": str(today.month),
        "made_on_2": str(today.year),
        "external_reference": "CRN 4417/26",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def inform_by(day):
    return {
        "inform_customer_by_0": str(day.day),
        "inform_customer_by_1": str(day.month),
        "inform_customer_by_2": str(day.year),
    }


def new_url(customer):
    return f"/customers/{customer.reference}/referrals/new/"


def list_url(customer):
    return f"/customers/{customer.reference}/referrals/"


# -- Roles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.LINE_MANAGER, Role.HEAD_OF_SERVICE, Role.CHIEF_EXECUTIVE]
)
def test_every_member_of_staff_can_read_the_referrals(client, customer, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(list_url(customer)).status_code == 200


def test_a_caseworker_can_read_but_not_record(client, caseworker, customer, threat):
    client.force_login(caseworker)
    page = client.get(list_url(customer)).content.decode()
    assert "Record a referral" not in page
    assert client.get(new_url(customer)).status_code == 403
    assert client.post(new_url(customer), form_data(incidents=[threat.pk])).status_code == 403
    assert not Referral.objects.exists()
    with pytest.raises(PermissionDenied):
        referral_record(
            actor=caseworker,
            customer=customer,
            kind="police",
            recipient="BTP",
            made_on=timezone.localdate(),
            incidents=[threat],
        )


@pytest.mark.parametrize("role", [Role.LINE_MANAGER, Role.HEAD_OF_SERVICE, Role.CHIEF_EXECUTIVE])
def test_managers_record_referrals(client, customer, threat, role):
    manager = UserFactory(roles=[role])
    client.force_login(manager)
    assert "Record a referral" in client.get(list_url(customer)).content.decode()
    response = client.post(new_url(customer), form_data(incidents=[threat.pk]))
    assert response.status_code == 302
    assert response["Location"] == list_url(customer)
    referral = Referral.objects.get()
    assert referral.made_by == manager
    assert referral.kind == ReferralKind.POLICE
    assert list(referral.incidents.all()) == [threat]
    assert not referral.without_warning
    assert referral.inform_customer_by is None
    page = client.get(list_url(customer)).content.decode()
    assert "British Transport Police, London North" in page
    assert "CRN 4417/26" in page
    assert threat.reference in page


def test_an_account_without_a_casework_role_is_refused(client, customer, outsider):
    client.force_login(outsider)
    assert client.get(list_url(customer)).status_code == 403
    assert client.get(new_url(customer)).status_code == 403


# -- Without warning the customer ---------------------------------------------------------


def test_without_warning_needs_an_extreme_incident(client, line_manager, customer, persistent):
    client.force_login(line_manager)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        new_url(customer),
        form_data(incidents=[persistent.pk], without_warning="on", **inform_by(tomorrow)),
    )
    assert response.status_code == 200
    assert "cite an incident in an extreme category, or warn the customer" in (
        response.content.decode()
    )
    assert not Referral.objects.exists()


def test_without_warning_needs_the_date_to_tell_the_customer(
    client, line_manager, customer, threat
):
    client.force_login(line_manager)
    response = client.post(
        new_url(customer), form_data(incidents=[threat.pk], without_warning="on")
    )
    assert response.status_code == 200
    assert "Enter the date by which the customer will be told" in response.content.decode()
    assert not Referral.objects.exists()

    week = timezone.localdate() + timedelta(days=7)
    response = client.post(
        new_url(customer),
        form_data(incidents=[threat.pk], without_warning="on", **inform_by(week)),
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.without_warning
    assert referral.inform_customer_by == week
    page = client.get(list_url(customer)).content.decode()
    assert "Made without warning them: tell them by" in page
    assert "Mark customer informed" in page


def test_only_the_police_or_legal_team_can_be_told_without_warning(line_manager, customer, threat):
    with pytest.raises(ValidationError) as error:
        referral_record(
            actor=line_manager,
            customer=customer,
            kind=ReferralKind.INFORMATION_SHARING,
            recipient="Staffordshire Police and the county council",
            made_on=timezone.localdate(),
            incidents=[threat],
            what_was_shared="The incident log",
            basis="Staffordshire Information Sharing Protocol",
            without_warning=True,
            inform_customer_by=timezone.localdate(),
        )
    assert "without_warning" in error.value.message_dict


def test_the_date_to_tell_the_customer_is_not_before_the_referral(line_manager, customer, threat):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        referral_record(
            actor=line_manager,
            customer=customer,
            kind=ReferralKind.LEGAL,
            recipient="Legal team",
            made_on=today,
            incidents=[threat],
            without_warning=True,
            inform_customer_by=today - timedelta(days=1),
        )
    assert "inform_customer_by" in error.value.message_dict


def test_a_report_to_the_police_cites_incidents(client, line_manager, customer):
    client.force_login(line_manager)
    response = client.post(new_url(customer), form_data())
    assert "Choose the incidents the report is about" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_referral_cannot_be_dated_in_the_future(client, line_manager, customer, threat):
    client.force_login(line_manager)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        new_url(customer),
        form_data(
            incidents=[threat.pk],
            made_on_0=str(tomorrow.day),
            made_on_1=str(tomorrow.month),
            made_on_2=str(tomorrow.year),
        ),
    )
    assert "must be today or in the past" in response.content.decode()


# -- Information sharing and agents --------------------------------------------------------


def test_information_sharing_records_what_with_whom_and_on_what_basis(
    activate_profile, client, line_manager, caseworker
):
    activate_profile("tamworth")
    customer = customer_named("Rex Hollins", caseworker)
    client.force_login(line_manager)
    response = client.post(
        new_url(customer),
        form_data(kind="sharing", recipient="Staffordshire Police; county safeguarding team"),
    )
    page = response.content.decode()
    assert "Enter what was shared" in page
    assert "Enter the basis for sharing it" in page
    response = client.post(
        new_url(customer),
        form_data(
            kind="sharing",
            recipient="Staffordshire Police; county safeguarding team",
            what_was_shared="Dates and summaries of the three threatening visits",
            basis="Staffordshire Information Sharing Protocol",
        ),
    )
    assert response.status_code == 302
    page = client.get(list_url(customer)).content.decode()
    assert "Multi-agency information sharing" in page
    assert "Staffordshire Information Sharing Protocol" in page
    assert "Dates and summaries of the three threatening visits" in page


def test_an_agents_client_is_contacted_only_about_an_agent(
    activate_profile, client, line_manager, caseworker
):
    activate_profile("natural-england")
    person = customer_named("Ada Quill", caseworker)
    agent = customer_named("Fieldcraft Planning Ltd", caseworker, kind="agent")
    client.force_login(line_manager)
    told = "Their agent's behaviour may harm their application unless it changes"
    data = form_data(kind="agent_client", recipient="Hill Farm Estates", what_was_shared=told)
    response = client.post(new_url(person), data)
    assert "recorded as an agent or contractor" in response.content.decode()
    assert client.post(new_url(agent), data).status_code == 302
    assert Referral.objects.get().customer == agent


# -- Telling the customer ------------------------------------------------------------------


@pytest.fixture
def secret_report(customer, threat, line_manager):
    today = timezone.localdate()
    return referral_record(
        actor=line_manager,
        customer=customer,
        kind=ReferralKind.POLICE,
        recipient="British Transport Police",
        made_on=today,
        incidents=[threat],
        without_warning=True,
        inform_customer_by=today,
    )


def test_marking_the_customer_informed(client, line_manager, caseworker, secret_report):
    url = f"/referrals/{secret_report.pk}/customer-informed/"
    client.force_login(caseworker)
    assert client.post(url).status_code == 403
    client.force_login(line_manager)
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    secret_report.refresh_from_db()
    assert secret_report.customer_informed_on == timezone.localdate()
    page = response.content.decode()
    assert "recorded as told of the referral" in page
    assert "Mark customer informed" not in page
    # Twice is harmless.
    client.post(url)
    secret_report.refresh_from_db()
    assert secret_report.customer_informed_on == timezone.localdate()


def test_only_a_referral_made_without_warning_needs_the_customer_told(
    line_manager, customer, threat
):
    referral = referral_record(
        actor=line_manager,
        customer=customer,
        kind=ReferralKind.POLICE,
        recipient="BTP",
        made_on=timezone.localdate(),
        incidents=[threat],
    )
    with pytest.raises(ValidationError):
        referral_customer_informed(referral=referral, actor=line_manager)


def send_reminders() -> int:
    """Send each person's reminder, as the daily task does; returns how many emails went."""
    makers = set(referrals_inform_due(timezone.localdate()).values_list("made_by_id", flat=True))
    return sum(bool(referral_inform_reminder_send(maker_id=maker_id)) for maker_id in makers)


def a_day_passes(referral) -> None:
    """Move the referral's dates and its last reminders back a day, as if it were tomorrow."""
    day = timedelta(days=1)
    referral.refresh_from_db()
    Referral.objects.filter(pk=referral.pk).update(
        made_on=referral.made_on - day,
        inform_customer_by=referral.inform_customer_by - day,
        reminder_sent_at=referral.reminder_sent_at and referral.reminder_sent_at - day,
    )
    Reminder.objects.filter(record_type="restrictions.referral", record_id=referral.pk).update(
        due_on=F("due_on") - day
    )


def test_the_reminder_is_emailed_once_however_often_the_task_runs(
    line_manager, secret_report, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert inform_customer_reminders.delay().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert inform_customer_reminders.delay().get() == 0
    assert len(mail.outbox) == 1
    [message] = mail.outbox
    assert message.to == [line_manager.email]
    assert "Tell the customer" in message.subject
    assert "Gordon Pike" in message.body
    assert f"/customers/{secret_report.customer.reference}/referrals/" in message.body
    # The reminder is on the referral's record.
    secret_report.refresh_from_db()
    assert secret_report.reminder_sent_at is not None


def test_running_the_reminder_task_twice_for_a_person_sends_one_email(
    line_manager, secret_report, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert inform_customer_reminder.delay(line_manager.pk).get() == 1
        assert inform_customer_reminder.delay(line_manager.pk).get() == 0
    assert len(mail.outbox) == 1


def test_a_reminder_whose_transaction_rolls_back_sends_no_email(
    line_manager, secret_report, mailoutbox, django_capture_on_commit_callbacks
):
    class RolledBack(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RolledBack),
        transaction.atomic(),
    ):
        assert referral_inform_reminder_send(maker_id=line_manager.pk) == 1
        raise RolledBack
    assert callbacks == []
    assert mail.outbox == []
    secret_report.refresh_from_db()
    assert secret_report.reminder_sent_at is None
    # Nothing was claimed, so the next run sends it.
    with django_capture_on_commit_callbacks(execute=True):
        assert referral_inform_reminder_send(maker_id=line_manager.pk) == 1
    assert len(mail.outbox) == 1


def test_a_failed_email_gives_its_referrals_back_for_the_retry(
    line_manager, secret_report, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.restrictions.test_referrals.RefusingBackend"
    with pytest.raises(ConnectionRefusedError), django_capture_on_commit_callbacks(execute=True):
        referral_inform_reminder_send(maker_id=line_manager.pk)
    secret_report.refresh_from_db()
    assert secret_report.reminder_sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert referral_inform_reminder_send(maker_id=line_manager.pk) == 1
    assert len(mail.outbox) == 1


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


def test_the_reminder_repeats_daily_until_the_customer_is_told(
    line_manager, secret_report, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 1
        assert send_reminders() == 0
    a_day_passes(secret_report)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 1
    referral_customer_informed(referral=secret_report, actor=line_manager)
    a_day_passes(secret_report)
    assert send_reminders() == 0
    assert len(mail.outbox) == 2
    assert "overdue since" in mail.outbox[1].body


def test_no_reminder_before_the_date(line_manager, customer, threat):
    today = timezone.localdate()
    referral = referral_record(
        actor=line_manager,
        customer=customer,
        kind=ReferralKind.LEGAL,
        recipient="Legal team",
        made_on=today,
        incidents=[threat],
        without_warning=True,
        inform_customer_by=today + timedelta(days=1),
    )
    assert send_reminders() == 0
    a_day_passes(referral)
    assert send_reminders() == 1


def test_one_email_per_person_lists_all_their_referrals(
    line_manager, customer, threat, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    for recipient in ("British Transport Police", "Legal team"):
        referral_record(
            actor=line_manager,
            customer=customer,
            kind=ReferralKind.POLICE if "Police" in recipient else ReferralKind.LEGAL,
            recipient=recipient,
            made_on=today,
            incidents=[threat],
            without_warning=True,
            inform_customer_by=today,
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 1
    assert "2 referrals" in mail.outbox[0].subject


def test_a_person_without_an_email_address_is_skipped_and_nothing_claimed(
    line_manager, secret_report
):
    line_manager.email = ""
    line_manager.save(update_fields=["email"])
    assert referral_inform_reminder_send(maker_id=line_manager.pk) == 0
    secret_report.refresh_from_db()
    assert secret_report.reminder_sent_at is None


def test_the_referrals_list_runs_a_fixed_number_of_queries(client, line_manager, customer, threat):
    # session, user, roles, the customer, the referrals with who made them, their incidents
    # with their categories.
    client.force_login(line_manager)

    def count():
        return count_queries(client, list_url(customer))

    referral_record(
        actor=line_manager,
        customer=customer,
        kind="police",
        recipient="BTP",
        made_on=timezone.localdate(),
        incidents=[threat],
    )
    few = count()
    for _ in range(5):
        referral_record(
            actor=line_manager,
            customer=customer,
            kind="legal",
            recipient="Legal team",
            made_on=timezone.localdate(),
            incidents=[threat],
        )
    assert (
        count() == few <= 9
    )  # with the header's unread count, the session's second factor and the police reports due


def test_the_referrals_awaiting_the_customer_for_a_dashboard(line_manager, secret_report):
    from restrictions.referral_selectors import referrals_awaiting_customer

    today = timezone.localdate()
    assert [row.referral for row in referrals_awaiting_customer(made_by=line_manager)] == [
        secret_report
    ]
    assert referrals_awaiting_customer(made_by=line_manager, today=today - timedelta(days=1)) == []
    later = referrals_awaiting_customer(made_by=line_manager, today=today + timedelta(days=1))
    assert later[0].inform_overdue
