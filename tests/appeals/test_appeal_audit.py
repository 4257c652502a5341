"""Appeal events are declared in appeals and point at their appeal (ADR 0014), while the
case page still lists them on the restriction case."""

import pytest
from django.db import models

from appeals.models import AppealEventType
from restrictions.models import AuditEvent, AuditEventType, event_types_register
from restrictions.models.audit import EVENT_TYPES
from restrictions.services import audit_record
from tests.appeals.factories import record, restricted

pytestmark = pytest.mark.django_db


def test_an_appeal_event_is_about_its_appeal_and_on_its_case(activate_profile):
    activate_profile("tamworth")
    appeal = record(restricted())

    event = AuditEvent.objects.get(event_type=AppealEventType.APPEAL_RECORDED)

    assert event.subject == appeal
    assert event.restriction_case == appeal.restriction_case
    assert event.get_event_type_display() == "Appeal recorded"


def test_a_restriction_event_is_about_its_most_particular_record(activate_profile):
    activate_profile("tamworth")
    decision = restricted()

    event = AuditEvent.objects.filter(event_type=AuditEventType.DECISION_APPLIED).last()

    assert event.subject == decision


def test_every_app_declares_its_own_event_types():
    assert set(AuditEventType.values) | set(AppealEventType.values) <= set(EVENT_TYPES)


def test_an_event_type_no_app_declares_is_refused(activate_profile):
    activate_profile("tamworth")
    decision = restricted()
    with pytest.raises(ValueError, match="No app declares"):
        audit_record(event_type="appeal_mislaid", actor=None, case=decision.restriction_case)


def test_a_value_declared_twice_with_another_meaning_is_refused():
    class Clash(models.TextChoices):
        APPEAL_RECORDED = "appeal_recorded", "Something else entirely"

    with pytest.raises(ValueError, match="declared twice"):
        event_types_register(Clash)
