"""Placing and lifting a legal hold on a customer: while one is in force the retention
sweep forgets nothing of theirs (`screens.retention.sweep`)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import Customer, LegalHold
from contactpolicy.models import User


def legal_hold_place(*, actor: User, customer: Customer, reason: str) -> LegalHold:
    """Put a hold on everything about `customer`, saying why. Refused with a reason when
    one is already in force (two managers placing one at once: the second is refused)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the customer's records are held"})
    try:
        with transaction.atomic():
            Customer.objects.select_for_update().filter(pk=customer.pk).first()
            if LegalHold.objects.in_force().filter(customer=customer).exists():
                raise ValidationError("A legal hold is already in force on this customer")
            hold = LegalHold(
                customer=customer, reason=reason, placed_by=actor, placed_at=timezone.now()
            )
            hold._history_user = actor
            hold.save()
    except IntegrityError as error:
        raise ValidationError("A legal hold is already in force on this customer") from error
    return hold


def legal_hold_lift(*, actor: User, customer: Customer, reason: str) -> LegalHold:
    """Lift the hold in force on `customer`, saying why; their records then follow the
    retention schedule again."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the hold is lifted"})
    with transaction.atomic():
        hold = LegalHold.objects.in_force().select_for_update().filter(customer=customer).first()
        if hold is None:
            raise ValidationError("No legal hold is in force on this customer")
        hold.lifted_at = timezone.now()
        hold.lifted_by = actor
        hold.lifted_reason = reason
        hold._history_user = actor
        hold.save(update_fields=["lifted_at", "lifted_by", "lifted_reason"])
    return hold
