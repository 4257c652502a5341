"""Factories for policy profiles built in tests rather than loaded from the shipped fixtures."""

import datetime

import factory

from contactpolicy.choices import Channel, ContactKind, DecisionKind, TimeUnit
from contactpolicy.models import (
    BehaviourCategory,
    ChecklistItem,
    ClosureDay,
    DecisionRule,
    OfficeHours,
    PolicyProfile,
    SanctionType,
    ServiceStandard,
)
from contactpolicy.roles import Role
from restrictions import sanctions as kinds


class PolicyProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyProfile
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"profile-{n}")
    name = factory.LazyAttribute(lambda p: f"Test organisation {p.slug}")
    short_name = factory.LazyAttribute(lambda p: p.slug.upper())
    policy_title = "Managing customer contact policy"


class OfficeHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficeHours

    profile = factory.SubFactory(PolicyProfileFactory)
    weekday = 0
    opens = datetime.time(9, 0)
    closes = datetime.time(17, 0)


class ServiceStandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceStandard

    profile = factory.SubFactory(PolicyProfileFactory)
    channel = Channel.LETTER
    kind = ContactKind.GENERAL
    respond_value = 20
    respond_unit = TimeUnit.WORKING_DAYS
    description = "Reply within 20 working days."
    source = "Test policy §1"


class BehaviourCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BehaviourCategory

    profile = factory.SubFactory(PolicyProfileFactory)
    code = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Category {n}")
    source = "Test policy §2"


class SanctionTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SanctionType

    profile = factory.SubFactory(PolicyProfileFactory)
    kind = kinds.one_method.KIND
    code = factory.Sequence(lambda n: f"sanction-{n}")
    name = "Restrict contact to one method"
    source = "Test policy §3"


class DecisionRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionRule

    profile = factory.SubFactory(PolicyProfileFactory)
    decision_kind = DecisionKind.SANCTION
    approver_role = Role.HEAD_OF_SERVICE
    source = "Test policy §4"


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistItem

    profile = factory.SubFactory(PolicyProfileFactory)
    code = factory.Sequence(lambda n: f"item-{n}")
    text = "The matter has been considered properly."
    source = "Test policy §5"


class ClosureDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosureDay
        django_get_or_create = ("date",)

    date = factory.Sequence(lambda n: datetime.date(2026, 12, 24) + datetime.timedelta(days=n))
    reason = "Office closed"
