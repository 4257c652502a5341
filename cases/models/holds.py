from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cases.models.customers import Customer


class LegalHoldQuerySet(models.QuerySet):
    def in_force(self) -> "LegalHoldQuerySet":
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """A hold on everything about a customer: while it is in force the retention sweep
    forgets nothing of theirs, whatever its date (for litigation, an inquiry or a
    complaint still running). Placed and lifted by a manager, with a reason each time."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField()
    lifted_reason = models.TextField(blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=models.Q(lifted_at__isnull=True),
                name="one_legal_hold_in_force",
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="legal_hold_has_reason"),
            models.CheckConstraint(
                condition=models.Q(lifted_at__isnull=True) | ~models.Q(lifted_reason=""),
                name="lifted_hold_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Legal hold on {self.customer.reference}"

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None


class Forgetting(models.Model):
    """The retention sweep anonymised one kind of a customer's records, covering what they
    did up to `through` (the event the period ran from). A later run skips the pair until
    something newer happens, so a second run does nothing."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=32)
    through = models.DateTimeField()
    forgotten_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["customer", "kind"], name="one_forgetting_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of customer {self.customer_id} forgotten through {self.through}"
