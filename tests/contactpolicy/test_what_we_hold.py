"""The "What we hold" page: each kind of personal data, where it lives, its retention and the
organisation's lawful basis (issue 22, item 6), for administrators only."""

import csv
import html
import io

import pytest
from django.apps import apps
from django.urls import reverse

from contactpolicy import privacy
from contactpolicy.models import Export, LawfulBasis

pytestmark = pytest.mark.django_db

UNCONFIRMED = '<strong class="govuk-tag govuk-tag--yellow">Not yet confirmed</strong>'


def test_every_model_is_in_a_kind_or_said_to_hold_no_personal_data():
    """A model added without a place on the page fails here, named."""
    placed = {model._meta.label for kind in privacy.KINDS for model in privacy.kind_models(kind)}
    left_off = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.label not in placed and model._meta.label not in privacy.NOT_PERSONAL
    ]
    assert left_off == [], f"Add to a kind in contactpolicy/privacy.py: {left_off}"
    both = placed & set(privacy.NOT_PERSONAL)
    assert not both, f"Both held and said to hold no personal data: {both}"


def test_every_named_model_exists_and_each_history_table_is_under_audit():
    for kind in privacy.KINDS:
        for label in kind.models:
            assert apps.get_model(label)
    for label in privacy.NOT_PERSONAL:
        assert apps.get_model(label)
    audit = privacy.kind_get("audit")
    history = {model._meta.label for model in privacy.kind_models(audit)}
    assert "cases.HistoricalSensitiveNote" in history
    assert "cases.HistoricalContact" in history


def test_only_administrators_see_it(
    client, btpa_active, administrator, caseworker, chief_executive, outsider
):
    for user, status in (
        (administrator, 200),
        (caseworker, 403),
        (chief_executive, 403),
        (outsider, 403),
    ):
        client.force_login(user)
        for name in ("what_we_hold", "what_we_hold_csv"):
            assert client.get(reverse(name)).status_code == status, (user, name)
        url = reverse("lawful_basis_edit", args=["sensitive_notes"])
        assert client.get(url).status_code == status


def test_the_page_lists_every_kind_its_tables_files_and_unconfirmed_defaults(
    client, btpa_active, administrator, django_assert_max_num_queries
):
    client.force_login(administrator)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("what_we_hold")).content.decode()
    for kind in privacy.KINDS:
        assert kind.name in page.replace("&#x27;", "'")
        for model in privacy.kind_models(kind):
            assert model._meta.db_table in page
    assert page.count(UNCONFIRMED) == len(privacy.KINDS)
    assert "Art. 6(1)(e)" in page
    assert "Art. 9(2)(g)" in page and "Schedule 1" in page
    assert "appeals/" in page or "appeal" in page  # the appeal documents' folder
    notices = privacy.what_we_hold(btpa_active)[[k.key for k in privacy.KINDS].index("notices")]
    assert notices.files  # stored PDFs are named as living in storage


def test_an_administrator_confirms_a_basis_and_it_is_kept_with_who_and_when(
    client, btpa_active, administrator
):
    client.force_login(administrator)
    url = reverse("lawful_basis_edit", args=["sensitive_notes"])
    response = client.post(url, {"basis": "Public task", "condition": ""})
    assert response.status_code == 400
    assert "Enter the condition for processing special category data" in response.content.decode()
    response = client.post(
        url,
        {
            "basis": "Public task (Art. 6(1)(e))",
            "condition": "Art. 9(2)(g), DPA 2018 Sch. 1 para 6 (statutory purposes)",
        },
    )
    assert response.status_code == 302
    row = LawfulBasis.objects.get(kind="sensitive_notes")
    assert (row.confirmed_by, row.condition) == (
        administrator,
        "Art. 9(2)(g), DPA 2018 Sch. 1 para 6 (statutory purposes)",
    )
    assert row.history.count() == 1
    page = client.get(reverse("what_we_hold")).content.decode()
    assert page.count(UNCONFIRMED) == len(privacy.KINDS) - 1
    assert "DPA 2018 Sch. 1 para 6" in page


def test_an_unknown_kind_is_not_found(client, btpa_active, administrator):
    client.force_login(administrator)
    assert client.get(reverse("lawful_basis_edit", args=["nothing-such"])).status_code == 404


def test_the_csv_is_recorded_as_an_export_and_says_what_the_page_says(
    client, btpa_active, administrator
):
    client.force_login(administrator)
    response = client.get(reverse("what_we_hold_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Kind of personal data"
    assert [row[0] for row in rows[1:]] == [kind.name for kind in privacy.KINDS]
    sensitive = rows[1 + [k.key for k in privacy.KINDS].index("sensitive_notes")]
    assert sensitive[2] == "Yes" and "9(2)(g)" in sensitive[7]
    assert sensitive[8] == "Not yet confirmed"
    export = Export.objects.get()
    assert (export.user, export.kind, export.file_format, export.rows) == (
        administrator,
        "what_we_hold",
        "csv",
        len(privacy.KINDS) + 1,
    )


def test_each_kind_says_how_long_the_retention_schedule_keeps_it(
    client, btpa_active, administrator
):
    """The retention period comes from the profile's schedule, the one the sweep obeys."""
    from contactpolicy.models import RetentionKind
    from contactpolicy.retention import retention_schedule

    schedule = retention_schedule(btpa_active)
    client.force_login(administrator)
    content = html.unescape(client.get(reverse("what_we_hold")).content.decode())

    assert schedule[RetentionKind.INCIDENTS].is_set
    assert schedule[RetentionKind.INCIDENTS].description in content
    assert f"Contacts: {schedule[RetentionKind.CONTACTS].description}" in content
    assert privacy.NOT_SCHEDULED in content  # staff accounts are not in the schedule
