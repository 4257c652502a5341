from datetime import datetime

import factory
from django.utils import timezone

from cases.models import Contact, Customer, CustomerIdentifier
from cases.models.references import next_reference


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    reference = factory.LazyFunction(lambda: next_reference("CUS", timezone.now().year))
    name = factory.Faker("name", locale="en_GB")


class IdentifierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerIdentifier

    customer = factory.SubFactory(CustomerFactory)
    kind = "email"
    value = factory.Faker("email")


def london(*args) -> datetime:
    """An aware moment given as London wall-clock time."""
    return timezone.make_aware(datetime(*args), timezone.get_default_timezone())


class ContactFactory(factory.django.DjangoModelFactory):
    """A bare contact row; use cases.services.contact_log for one with clocks."""

    class Meta:
        model = Contact

    reference = factory.LazyFunction(lambda: next_reference("CON", timezone.now().year))
    customer = factory.SubFactory(CustomerFactory)
    channel = "email"
    received_at = factory.LazyFunction(timezone.now)
    summary = "A question about a case"
