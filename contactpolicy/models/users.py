from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from contactpolicy.roles import MANAGER_ROLES, SENIORITY, Role, role_for_group


class User(AbstractUser):
    """A member of staff. Roles are groups; the grade is what the two-person rule compares."""

    grade = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Seniority used by the two-person rule: 1 caseworker, 2 line manager, "
        "3 head of service, 4 Chief Executive.",
    )
    job_title = models.CharField(
        max_length=150, blank=True, help_text="Shown as the signatory's role on notices."
    )
    line_manager = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        help_text="Whose team this person is in.",
    )
    service = models.ForeignKey(
        "contactpolicy.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text="The service or function this person works in: a head of service approves "
        "within their own service where the policy says so.",
    )
    # When the latest link to set the password was sent: part of the link's token, so a
    # newer link makes every older one useless (contactpolicy.accounts).
    password_link_sent_at = models.DateTimeField(
        "password link sent", null=True, blank=True, editable=False
    )
    is_demo = models.BooleanField(
        "demonstration user",
        default=False,
        help_text="Made by setup_demo: needs no second factor while DEBUG is on, and is "
        "asked for one like anybody else when it is off.",
    )

    # Who holds which role, grade and line manager decides who may approve (DESIGN.md §1):
    # every change is kept with its before and after values, roles included. The password
    # hash and the sign-in time are not history.
    history = HistoricalRecords(m2m_fields=["groups"], excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is not None and set(kwargs["update_fields"]) == {
            "last_login"
        }:
            # Signing in (Django's update_last_login): one UPDATE, without the history row of
            # an unchanged account and the copy of its groups a save would write.
            type(self)._default_manager.filter(pk=self.pk).update(last_login=self.last_login)
            return
        super().save(*args, **kwargs)

    @cached_property
    def roles(self) -> frozenset[Role]:
        names = self.groups.values_list("name", flat=True)
        return frozenset(role for name in names if (role := role_for_group(name)) is not None)

    def has_role(self, *roles: str) -> bool:
        return any(Role(role) in self.roles for role in roles)

    @property
    def is_manager(self) -> bool:
        return bool(self.roles & MANAGER_ROLES)

    @property
    def effective_grade(self) -> int | None:
        """The recorded grade, or the typical grade of the person's most senior role."""
        if self.grade is not None:
            return self.grade
        levels = [SENIORITY[role] for role in self.roles if role in SENIORITY]
        return max(levels, default=None)

    @property
    def role_labels(self) -> list[str]:
        return [role.label for role in Role if role in self.roles]
