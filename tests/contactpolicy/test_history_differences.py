"""A change to a record reads as a difference in words: labels for fields, choices and
foreign keys by name, a number and its unit as one, roles as sets, in a fixed number of
queries for any number of changes."""

import pytest
from django.contrib.auth.models import Group

from contactpolicy.choices import Channel, ContactKind, TimeUnit
from contactpolicy.history_diff import history_changes, history_rows
from contactpolicy.models import Service, ServiceStandard, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _words(history_model, row) -> list[str]:
    return [str(change) for change in history_changes(history_model, [row])[row.history_id]]


def test_a_standard_reads_as_its_target_its_choices_and_its_yes_or_no(btpa_active):
    standard = ServiceStandard.objects.create(
        profile=btpa_active,
        channel=Channel.EMAIL,
        kind=ContactKind.COMPLAINT,
        acknowledge_value=1,
        acknowledge_unit=TimeUnit.WORKING_DAYS,
    )
    standard.acknowledge_value, standard.channel = 3, Channel.LETTER
    standard.office_hours_only = True
    standard.respond_value, standard.respond_unit = 2, TimeUnit.WEEKS
    standard.save()
    latest = standard.history.latest()
    assert _words(ServiceStandard.history.model, latest) == [
        "Channel: Email → Letter",
        "Acknowledge within: 1 working day → 3 working days",
        "Respond within: Not set → 2 weeks",
        "Office hours only: No → Yes",
    ]


def test_a_person_reads_with_their_manager_service_and_roles_by_name():
    manager = UserFactory(username="mara", first_name="Mara", last_name="Vale")
    housing = Service.objects.create(name="Housing")
    housing_id = housing.pk
    person = UserFactory(username="pat")
    person.line_manager, person.service, person.grade = manager, housing, 2
    person.save()
    person.groups.add(Group.objects.get_or_create(name="Line manager")[0])
    history = User.history.model
    edited, roles = person.history.order_by("history_date", "history_id")[1:3]
    assert _words(history, edited) == [
        "Grade: Not set → 2",
        "Line manager: Not set → Mara Vale",
        "Service: Not set → Housing",
    ]
    assert _words(history, roles) == ["Roles: Not set → Line manager"]
    User.objects.filter(pk=person.pk).update(service=None)
    housing.delete()
    gone = _words(history, history.objects.get(history_id=edited.history_id))
    assert gone[2] == f"Service: Not set → Service number {housing_id} (removed)"


def test_a_page_of_changes_costs_the_same_queries_whatever_its_size(
    django_assert_num_queries,
):
    people = [UserFactory(username=f"p{i}") for i in range(30)]
    group = Group.objects.get_or_create(name="Caseworker")[0]
    for person in people:
        person.groups.add(group)
        person.job_title, person.line_manager = "Officer", people[0]
        person.save()
    history = User.history.model
    ids = list(history.objects.values_list("history_id", flat=True))
    # The rows with the copy before each, the copies before, the line managers named (no
    # service is), the roles kept and the roles' names.
    with django_assert_num_queries(5):
        rows = history_rows(history, ids[:3])
        history_changes(history, rows)
    with django_assert_num_queries(5):
        rows = history_rows(history, ids)
        history_changes(history, rows)


def test_a_change_to_a_record_loaded_without_history_says_its_old_values_are_not_recorded(
    btpa_active,
):
    standard = ServiceStandard.objects.filter(profile=btpa_active).order_by("pk").first()
    standard.tracked = not standard.tracked
    standard.save()
    words = _words(ServiceStandard.history.model, standard.history.latest())
    assert words and all(": Not recorded → " in line for line in words)
    assert f"Tracked: Not recorded → {'Yes' if standard.tracked else 'No'}" in words
