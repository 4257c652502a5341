"""Writes for referrals (DESIGN.md §8): reports to the police or the legal team,
multi-agency information sharing, and approaches to an agent's client, employer or
professional body; and the "inform the customer" reminders after a report made without
warning them.
"""

import logging
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from cases.models import Customer, CustomerKind
from contactpolicy.roles import MANAGER_ROLES
from restrictions.models import Referral, ReferralKind

logger = logging.getLogger(__name__)

# BTPA §8.4 and §8.6, Natural England "Extreme behaviour": only a report to the police or
# the legal team may be made without warning the customer, and only for extreme behaviour.
WITHOUT_WARNING_KINDS = frozenset({ReferralKind.POLICE, ReferralKind.LEGAL})
CITING_KINDS = frozenset({ReferralKind.POLICE, ReferralKind.LEGAL})
# Natural England "Agents / contractors": contact with the agent's client, employer or
# professional body.
AGENT_KINDS = frozenset(
    {ReferralKind.AGENT_CLIENT, ReferralKind.AGENT_EMPLOYER, ReferralKind.PROFESSIONAL_BODY}
)
# The change reason of the history row that records a reminder was emailed.
REMINDER_SENT = "Reminder to inform the customer emailed to the maker"


def may_record_referrals(user) -> bool:
    """Line managers and above record referrals; every member of staff can read them."""
    return user.is_authenticated and user.has_role(*MANAGER_ROLES)


def _require_recorder(user) -> None:
    if not may_record_referrals(user):
        raise PermissionDenied("Only a line manager or someone more senior can record a referral.")


@transaction.atomic
def referral_record(
    *,
    made_by,
    customer: Customer,
    kind: str,
    recipient: str,
    made_on: date,
    incidents=(),
    external_reference: str = "",
    what_was_shared: str = "",
    basis: str = "",
    notes: str = "",
    without_warning: bool = False,
    inform_customer_by: date | None = None,
) -> Referral:
    """Record a referral about a customer, citing their incidents.

    A report to the police or the legal team may be made without warning the customer
    only where a cited incident is in an extreme category, and then the customer must be
    told "as soon as appropriate" (Natural England): staff set the date, which becomes a
    reminder to the person who made the referral.
    """
    _require_recorder(made_by)
    incidents = list(incidents)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if kind not in ReferralKind.values:
        errors["kind"] = "Choose what kind of referral it is"
    if not recipient.strip():
        errors["recipient"] = "Enter who it went to"
    if made_on > today:
        errors["made_on"] = "The date it was made must be today or in the past"
    if any(incident.customer_id != customer.pk for incident in incidents):
        errors["incidents"] = "Cite only this customer's incidents"
    elif kind in CITING_KINDS and not incidents:
        errors["incidents"] = "Choose the incidents the report is about"
    if kind == ReferralKind.INFORMATION_SHARING:
        if not what_was_shared.strip():
            errors["what_was_shared"] = "Enter what was shared"
        if not basis.strip():
            errors["basis"] = (
                "Enter the basis for sharing it, such as the information sharing protocol"
            )
    if kind in AGENT_KINDS:
        if customer.kind != CustomerKind.AGENT:
            errors["kind"] = (
                "Only a customer recorded as an agent or contractor acting for clients can "
                "be raised with their client, employer or professional body"
            )
        if not what_was_shared.strip():
            errors["what_was_shared"] = "Enter what you told them"
    if without_warning:
        if kind not in WITHOUT_WARNING_KINDS:
            errors["without_warning"] = (
                "Only a report to the police or the legal team can be made without warning "
                "the customer"
            )
        elif not any(incident.category.is_extreme for incident in incidents):
            errors["without_warning"] = (
                "The policy allows a report without warning the customer only for extreme "
                "behaviour: cite an incident in an extreme category, or warn the customer"
            )
        if inform_customer_by is None:
            errors["inform_customer_by"] = (
                "Enter the date by which the customer will be told about the referral"
            )
        elif inform_customer_by < made_on:
            errors["inform_customer_by"] = (
                "The date to tell the customer must be on or after the date it was made"
            )
    if errors:
        raise ValidationError(errors)
    referral = Referral.objects.create(
        customer=customer,
        kind=kind,
        made_on=made_on,
        made_by=made_by,
        recipient=recipient.strip(),
        external_reference=external_reference.strip(),
        what_was_shared=what_was_shared.strip(),
        basis=basis.strip(),
        notes=notes.strip(),
        without_warning=without_warning,
        inform_customer_by=inform_customer_by if without_warning else None,
    )
    referral.incidents.set(incidents)
    return referral


@transaction.atomic
def referral_customer_informed(*, referral: Referral, by, on: date | None = None) -> Referral:
    """Record that the customer has been told of a referral made without warning them."""
    _require_recorder(by)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.customer_informed_on is not None:
        return referral
    if not referral.without_warning:
        raise ValidationError(
            "The customer was warned before this referral: there is nothing to record."
        )
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError("The date the customer was told must be today or in the past.")
    if on < referral.made_on:
        raise ValidationError("The customer cannot have been told before the referral was made.")
    referral.customer_informed_on = on
    referral.save(update_fields=["customer_informed_on"])
    return referral


def referrals_inform_due(today: date) -> QuerySet:
    """Referrals made without warning whose "inform the customer by" date has come, the
    customer not yet told, and no reminder emailed today."""
    start_of_day = timezone.make_aware(datetime.combine(today, time.min))
    reminded_today = Referral.history.filter(
        history_change_reason=REMINDER_SENT, history_date__gte=start_of_day
    ).values("id")
    return Referral.objects.filter(
        without_warning=True,
        customer_informed_on__isnull=True,
        inform_customer_by__lte=today,
    ).exclude(pk__in=reminded_today)


def _reminder_text(referrals: list[Referral], today: date) -> tuple[str, str]:
    count = len(referrals)
    subject = (
        f"Tell the customer: {count} referral{'s' if count != 1 else ''} made without warning them"
    )
    lines = [
        "You reported these customers without warning them. The policy says they must be "
        "told of the steps taken as soon as appropriate, by the date you set:",
        "",
    ]
    for referral in referrals:
        due = referral.inform_customer_by
        late = (today - due).days
        when = f"overdue since {due:%-d %B %Y}" if late > 0 else "due today"
        path = reverse("restrictions:referrals", kwargs={"reference": referral.customer.reference})
        lines.append(
            f"- {referral.customer.name} ({referral.customer.reference}): "
            f"{referral.get_kind_display().lower()} on {referral.made_on:%-d %B %Y}, "
            f"to {referral.recipient}. Inform them by {due:%-d %B %Y} ({when}). {path}"
        )
    lines += [
        "",
        'When you have told the customer, mark the referral as "customer informed".',
    ]
    return subject, "\n".join(lines)


def referral_inform_reminders_send(*, today: date | None = None) -> int:
    """Email each person who made a referral without warning, once a day, the customers
    they must now tell. Returns how many emails were sent.

    Idempotent: the work is derived from the database, and each reminder is recorded in
    the referral's history (a row with the change reason `REMINDER_SENT`) in the same
    transaction that sends it, so a second run the same day finds nothing to send. A run
    that fails sends nothing and records nothing, and the next run catches up. Until the
    customer is marked as informed the reminder is repeated daily.
    """
    today = today or timezone.localdate()
    makers = list(
        referrals_inform_due(today).order_by().values_list("made_by_id", flat=True).distinct()
    )
    sent = 0
    for maker_id in makers:
        with transaction.atomic():
            due = list(
                referrals_inform_due(today)
                .filter(made_by_id=maker_id)
                .select_for_update(of=("self",))
                .select_related("customer", "made_by")
                .order_by("inform_customer_by", "pk")
            )
            if not due:  # another run got there first
                continue
            maker = due[0].made_by
            if not maker.email:
                logger.warning(
                    "No email address for %s: %d referral(s) wait for the customer to be told",
                    maker,
                    len(due),
                )
                continue
            subject, body = _reminder_text(due, today)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [maker.email])
            Referral.history.bulk_history_create(
                due, update=True, default_change_reason=REMINDER_SENT
            )
            logger.info("Reminded %s to inform %d customer(s)", maker, len(due))
            sent += 1
    return sent
