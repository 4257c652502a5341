"""Factories shared across the apps' tests."""

import factory
from django.contrib.auth.models import Group

from contactpolicy.models import User
from contactpolicy.roles import SENIORITY, Role

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for role in extracted:
            self.groups.add(Group.objects.get_or_create(name=Role(role).label)[0])
        levels = [SENIORITY[Role(r)] for r in extracted if Role(r) in SENIORITY]
        if levels and self.grade is None:
            self.grade = max(levels)
        if Role.ADMINISTRATOR in extracted:
            self.is_staff = True
        self.save()
