"""The subject access screens: who may use them, the progress, the review and downloads."""

import pytest
from django.urls import reverse

from cases.models import RedactionItem, SubjectAccessExport
from contactpolicy.models import Export
from contactpolicy.roles import Role
from tests.appeals.factories import profile_set
from tests.cases.factories import ContactFactory, CustomerFactory
from tests.restrictions.factories import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def customer(btpa_active, media, caseworker):
    customer = CustomerFactory(name="Harriet Ashdown")
    ContactFactory(customer=customer, officer=caseworker, summary="Asked Mr Pemberton for help")
    ContactFactory(customer=customer, kind="sar", summary="Please send me my data")
    return customer


def start(client, customer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("screens:subject_access_start", args=[customer.reference]))
    assert response.status_code == 302
    return SubjectAccessExport.objects.get(customer=customer)


def test_a_manager_starts_an_export_from_the_customer_page_and_downloads_it(
    client, customer, line_manager, django_capture_on_commit_callbacks
):
    client.force_login(line_manager)
    page = client.get(customer.get_absolute_url()).content.decode()
    assert reverse("screens:subject_access_start", args=[customer.reference]) in page

    export = start(client, customer, django_capture_on_commit_callbacks)
    page = client.get(export.get_absolute_url()).content.decode()
    assert "Ready" in page
    assert "Download the full copy" in page
    assert "hx-trigger" not in page
    assert "Mr Pemberton" in page  # listed for review

    response = client.get(reverse("screens:subject_access_download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    b"".join(response.streaming_content)
    export.refresh_from_db()
    taken = Export.objects.get(kind="subject_access")
    assert (taken.user, taken.file_format, taken.rows) == (line_manager, "zip", export.records)
    assert taken.filters["customer"] == customer.reference


def test_the_page_of_an_export_being_built_shows_its_step_and_updates(
    client, customer, line_manager
):
    export = SubjectAccessExport.objects.create(
        customer=customer,
        requested_by=line_manager,
        state="building",
        step=7,
        steps=30,
        step_label="Reading contacts",
    )
    client.force_login(line_manager)
    page = client.get(export.get_absolute_url()).content.decode()
    assert "Step 7 of 30: Reading contacts" in page
    # Without JavaScript a link refreshes it; with it, the page asks again every 3 seconds.
    assert f'href="{export.get_absolute_url()}">Refresh the page</a>' in page
    assert 'hx-trigger="every 3s"' in page
    assert (
        client.get(reverse("screens:subject_access_download", args=[export.pk])).status_code == 404
    )


def test_the_request_and_its_statutory_due_date_are_shown(
    client, customer, line_manager, django_capture_on_commit_callbacks
):
    """UK GDPR Art. 12(3): a subject access request is answered “within one month of receipt”."""
    sar = customer.contacts.get(kind="sar")
    client.force_login(line_manager)
    export = start(client, customer, django_capture_on_commit_callbacks)
    assert export.request_contact == sar
    page = client.get(export.get_absolute_url()).content.decode()
    assert sar.reference in page


def test_the_profile_names_who_may_take_an_export(
    client, customer, line_manager, head_of_service, caseworker
):
    profile_set(subject_access_role=Role.HEAD_OF_SERVICE)
    url = reverse("screens:subject_access_start", args=[customer.reference])
    for user, status in ((caseworker, 403), (line_manager, 403), (head_of_service, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status, user
        shown = url in client.get(customer.get_absolute_url()).content.decode()
        assert shown == (status == 200), user


def test_marks_need_a_reason_and_the_release_waits_for_every_mark(
    client, customer, line_manager, django_capture_on_commit_callbacks
):
    client.force_login(line_manager)
    export = start(client, customer, django_capture_on_commit_callbacks)
    items = list(export.redaction_items.all())
    assert items
    first = items[0]

    response = client.post(export.get_absolute_url(), {f"decision-{first.pk}": "redact"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert f"Give a reason for keeping or redacting “{first.value}”" in response.content.decode()
    first.refresh_from_db()
    assert first.decision == ""

    response = client.post(
        export.get_absolute_url(), {f"decision-{first.pk}": "sideways", f"reason-{first.pk}": "x"}
    )
    assert response.status_code == 400

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("screens:subject_access_release", args=[export.pk]))
    assert response.status_code == 302
    export.refresh_from_db()
    assert export.release_state == ""

    marks = {}
    for item in items:
        marks[f"decision-{item.pk}"] = "redact"
        marks[f"reason-{item.pk}"] = "Another person's name"
    assert client.post(export.get_absolute_url(), marks).status_code == 302
    assert RedactionItem.objects.filter(export=export, decision="redact").count() == len(items)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("screens:subject_access_release", args=[export.pk]))
    export.refresh_from_db()
    assert export.release_ready
    page = client.get(export.get_absolute_url()).content.decode()
    assert "Download the release copy" in page
    assert "must stay byte-identical" in page
    response = client.get(reverse("screens:subject_access_release_download", args=[export.pk]))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert Export.objects.filter(kind="subject_access", filters__copy="release copy").exists()


def test_each_page_runs_a_fixed_number_of_queries(
    client, customer, line_manager, django_assert_max_num_queries
):
    export = SubjectAccessExport.objects.create(customer=customer, requested_by=line_manager)
    RedactionItem.objects.bulk_create(
        RedactionItem(
            export=export,
            kind="staff",
            value=f"Person {n}",
            places=["Contacts"],
            decision="keep",
            reason="Senior",
            decided_by=line_manager,
        )
        for n in range(40)
    )
    for _ in range(20):
        SubjectAccessExport.objects.create(
            customer=customer, requested_by=person(Role.LINE_MANAGER)
        )
    client.force_login(line_manager)
    # The session, the user and their second factor, the profile and its rules (read once),
    # their roles, the export, its items, and the unread notifications.
    with django_assert_max_num_queries(17):
        assert client.get(export.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(17):
        assert (
            client.get(
                reverse("screens:subject_access_start", args=[customer.reference])
            ).status_code
            == 200
        )


def test_an_unknown_export_is_not_found(client, customer, line_manager):
    client.force_login(line_manager)
    assert client.get(reverse("screens:subject_access", args=[999999])).status_code == 404
