"""The casework screens through the test client: roles, validation, and query budgets."""

import pytest
from django.urls import reverse

from cases.models import Contact, Customer, SensitiveNote, SensitiveNoteView
from cases.services import ContactDetails, contact_log, contact_respond, customer_create
from contactpolicy.roles import Role
from tests.cases.factories import london
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def contact_form(**overrides):
    data = {
        "who": "unknown",
        "sender": "07700 900123",
        "channel": "email",
        "kind": "general",
        "direction": "in",
        "received_date_0": "20",
        "received_date_1": "11",
        "received_date_2": "2026",
        "received_time": "09:30",
        "summary": "Asked for an update",
        "language": "en",
    }
    data.update(overrides)
    return data


@pytest.fixture
def customer(btpa_active, caseworker):
    return customer_create(
        created_by=caseworker,
        name="Jo Bloggs",
        identifiers=[("email", "jo@example.org", ""), ("phone", "+44 7700 900123", "")],
    )


PAGES = [
    ("screens:lookup", {}),
    ("cases:customer_create", {}),
    ("screens:contact_log", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_staff_pages_refuse_an_account_without_a_role(client, outsider, btpa_active, name, kwargs):
    client.force_login(outsider)
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client, btpa_active):
    response = client.get(reverse("screens:contact_log"))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.LINE_MANAGER, Role.HEAD_OF_SERVICE, Role.CHIEF_EXECUTIVE]
)
def test_every_casework_role_can_log_a_contact(client, btpa_active, role):
    client.force_login(UserFactory(roles=[role]))
    response = client.post(reverse("screens:contact_log"), contact_form())
    assert response.status_code == 302
    assert Contact.objects.count() == 1


def test_the_administrator_role_alone_cannot_log_contacts(client, btpa_active, administrator):
    client.force_login(administrator)
    assert client.post(reverse("screens:contact_log"), contact_form()).status_code == 403
    assert not Contact.objects.exists()


def test_logging_a_letter_for_an_existing_customer_shows_the_due_dates(
    client, caseworker, customer
):
    client.force_login(caseworker)
    response = client.post(
        reverse("screens:contact_log"),
        contact_form(
            who="existing",
            customer=customer.reference,
            channel="letter",
            sender="",
            received_date_0="3",
            received_date_1="4",
        ),
        follow=True,
    )
    contact = Contact.objects.get()
    assert contact.customer == customer
    # Received on Good Friday 2026: day one is the Tuesday after Easter Monday.
    assert contact.acknowledge_due_at == london(2026, 4, 20, 16, 0)
    page = response.content.decode()
    assert "Monday 20 April 2026, 16:00" in page
    assert "Tuesday 5 May 2026, 16:00" in page
    assert customer.get_absolute_url() in page


def test_a_new_customer_is_created_with_the_contact(client, caseworker, btpa_active):
    client.force_login(caseworker)
    client.post(
        reverse("screens:contact_log"),
        contact_form(
            who="new",
            new_name="Sam Example",
            new_kind="individual",
            new_phone="01632 960 001",
            sender="",
        ),
    )
    contact = Contact.objects.select_related("customer").get()
    assert contact.customer.name == "Sam Example"
    assert contact.customer.identifiers.get().normalised == "01632960001"


def test_errors_are_summarised_and_nothing_is_half_saved(client, caseworker, btpa_active):
    client.force_login(caseworker)
    response = client.post(
        reverse("screens:contact_log"),
        contact_form(
            who="new",
            new_name="Sam Example",
            new_kind="individual",
            summary="",
            channel="letter",
            ended_by_staff="on",
            received_date_0="31",
            received_date_1="2",
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a summary of the contact" in page
    assert "Date received must be a real date" in page
    assert "Only a telephone call can be ended by staff" in page
    assert not Customer.objects.exists()
    assert not Contact.objects.exists()


def test_a_call_ended_by_staff_needs_its_reason(client, caseworker, btpa_active):
    client.force_login(caseworker)
    response = client.post(
        reverse("screens:contact_log"), contact_form(channel="telephone", ended_by_staff="on")
    )
    assert "Enter why you ended the call" in response.content.decode()
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    "junk",
    [
        {"received_date_2": "20x6"},
        {"received_time": "25:99"},
        {"customer": "CUS-9999-999999", "who": "existing"},
        {"case": "not a case"},
        {"channel": "pigeon"},
        {"duration_minutes": "-4", "channel": "telephone"},
        {"deadline_date_0": "1", "kind": "general"},
        {"received_date_0": "1", "received_date_1": "1", "received_date_2": "2999"},
        {"summary": "x" * 6000},
        {"no_reply_reason": "made_up"},
    ],
)
def test_bad_input_gets_an_error_never_a_server_error(client, caseworker, btpa_active, junk):
    client.force_login(caseworker)
    response = client.post(reverse("screens:contact_log"), contact_form(**junk))
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Contact.objects.exists()


def test_the_customer_page_shows_the_timeline(client, caseworker, customer):
    contact_log(
        logged_by=caseworker,
        customer=customer,
        details=ContactDetails(
            channel="email",
            received_at=london(2026, 11, 20, 9, 0),
            summary="First email",
        ),
    )
    client.force_login(caseworker)
    page = client.get(customer.get_absolute_url()).content.decode()
    assert "First email" in page
    assert "jo@example.org" in page


def test_sensitive_notes_are_for_managers_and_every_view_is_logged(
    client, caseworker, line_manager, customer
):
    SensitiveNote.objects.create(
        customer=customer, text="Recently bereaved", created_by=line_manager
    )
    url = reverse("cases:sensitive_notes", kwargs={"reference": customer.reference})

    client.force_login(caseworker)
    assert client.get(url).status_code == 403
    assert "Recently bereaved" not in client.get(customer.get_absolute_url()).content.decode()

    client.force_login(line_manager)
    assert "Recently bereaved" in client.get(url).content.decode()
    assert SensitiveNoteView.objects.filter(customer=customer, viewed_by=line_manager).count() == 1
    assert not SensitiveNoteView.objects.filter(viewed_by=caseworker).exists()


def test_marking_acknowledged_and_answered_from_the_dashboard(client, caseworker, customer):
    contact = contact_log(
        logged_by=caseworker,
        customer=customer,
        details=ContactDetails(
            channel="email",
            received_at=london(2026, 11, 20, 9, 0),
            summary="Hi",
        ),
    )
    client.force_login(caseworker)
    client.post(
        reverse("cases:acknowledge", kwargs={"reference": contact.reference}), {"next": "/"}
    )
    contact.refresh_from_db()
    assert contact.acknowledged_at is not None and contact.responded_at is None
    response = client.post(
        reverse("cases:respond", kwargs={"reference": contact.reference}), {"next": "/"}
    )
    assert response["Location"] == "/"
    contact.refresh_from_db()
    assert contact.responded_at is not None and contact.next_due_at is None


def test_an_open_redirect_is_refused(client, caseworker, customer):
    contact = contact_log(
        logged_by=caseworker,
        customer=customer,
        details=ContactDetails(
            channel="email",
            received_at=london(2026, 11, 20, 9, 0),
            summary="Hi",
        ),
    )
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:acknowledge", kwargs={"reference": contact.reference}),
        {"next": "//evil.example"},
    )
    assert response["Location"] == contact.get_absolute_url()


def test_transition_buttons_are_post_only(client, caseworker, customer):
    contact = contact_log(
        logged_by=caseworker,
        customer=customer,
        details=ContactDetails(
            channel="email",
            received_at=london(2026, 11, 20, 9, 0),
            summary="Hi",
        ),
    )
    client.force_login(caseworker)
    assert (
        client.get(
            reverse("cases:acknowledge", kwargs={"reference": contact.reference})
        ).status_code
        == 405
    )


def test_the_dashboard_lists_my_open_contacts_and_my_teams(client, btpa_active, customer):
    manager = UserFactory(username="mia", roles=[Role.LINE_MANAGER])
    worker = UserFactory(username="wes", roles=[Role.CASEWORKER], line_manager=manager)
    mine = contact_log(
        logged_by=worker,
        customer=customer,
        details=ContactDetails(
            channel="letter",
            received_at=london(2026, 11, 20, 9, 0),
            summary="Mine",
        ),
    )
    answered = contact_log(
        logged_by=worker,
        customer=customer,
        details=ContactDetails(
            channel="email",
            received_at=london(2026, 11, 20, 9, 0),
            summary="Done",
        ),
    )
    contact_respond(contact=answered)
    client.force_login(worker)
    page = client.get("/").content.decode()
    assert mine.reference in page
    client.force_login(manager)
    page = client.get("/").content.decode()
    assert "Your team&#x27;s contacts" in page
    assert mine.reference in page
    assert answered.reference not in page


def test_dashboard_filters(client, caseworker, customer):
    letter = contact_log(
        logged_by=caseworker,
        customer=customer,
        details=ContactDetails(
            channel="letter",
            received_at=london(2026, 11, 20, 9, 0),
            summary="L",
        ),
    )
    email = contact_log(
        logged_by=caseworker,
        customer=customer,
        details=ContactDetails(
            channel="email",
            received_at=london(2026, 11, 20, 9, 0),
            summary="E",
        ),
    )
    client.force_login(caseworker)
    page = client.get("/?channel=letter").content.decode()
    assert letter.reference in page and email.reference not in page
    assert client.get("/?channel=nonsense&state=!!").status_code == 200


def test_a_manager_adds_a_sensitive_note_and_a_caseworker_cannot(
    client, caseworker, line_manager, customer
):
    url = reverse("cases:sensitive_notes", kwargs={"reference": customer.reference})
    client.force_login(caseworker)
    assert client.post(url, {"text": "Anxious on the phone"}).status_code == 403
    client.force_login(line_manager)
    assert "Enter the note" in client.post(url, {"text": "  "}).content.decode()
    assert client.post(url, {"text": "Anxious on the phone"}).status_code == 302
    assert customer.sensitive_notes.get().created_by == line_manager
