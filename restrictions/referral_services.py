"""Writes for referrals (DESIGN.md §8): reports to the police or the legal team,
multi-agency information sharing, and approaches to an agent's client, employer or
professional body; and the "inform the customer" reminders after a report made without
warning them.
"""

import logging
from datetime import date, datetime, time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from cases.models import Customer, CustomerKind, Incident
from contactpolicy.dispatch import send_after_commit
from contactpolicy.models import Reminder, ReminderStage
from contactpolicy.reminders import EMAIL_STALE_AFTER, Due, reminders_issue, site_link
from contactpolicy.roles import holds_post, post_label
from contactpolicy.selectors import profile_get_active
from restrictions import access
from restrictions.models import AuditEventType, Referral, ReferralKind
from restrictions.selectors import case_for_customer
from restrictions.services import audit_record

logger = logging.getLogger(__name__)
User = get_user_model()

RECORD = "restrictions.referral"
KIND = "referral_inform"

# BTPA §8.4 and §8.6, Natural England "Extreme behaviour": only a report to the police or
# the legal team may be made without warning the customer, and only for extreme behaviour.
WITHOUT_WARNING_KINDS = frozenset({ReferralKind.POLICE, ReferralKind.LEGAL})
CITING_KINDS = frozenset({ReferralKind.POLICE, ReferralKind.LEGAL})
# Natural England "Agents / contractors": contact with the agent's client, employer or
# professional body.
AGENT_KINDS = frozenset(
    {ReferralKind.AGENT_CLIENT, ReferralKind.AGENT_EMPLOYER, ReferralKind.PROFESSIONAL_BODY}
)


def _require_recorder(user) -> None:
    answer = access.may_record_referrals(user)
    if not answer:
        raise PermissionDenied(answer.reason)


def _audit(event_type: str, *, actor: User, referral: Referral, reason: str) -> None:
    """Write the referral's audit event, on the customer's current restriction case if one
    has been opened (a referral may come before any decision)."""
    case = case_for_customer(referral.customer)
    audit_record(
        event_type=event_type,
        actor=actor,
        case=case if case.pk is not None else None,
        customer=referral.customer,
        referral=referral,
        reason=reason,
    )


def _referral_summary(referral: Referral) -> str:
    """What the audit record says of a referral: what, to whom, and the maker's words."""
    lines = [f"{referral.get_kind_display()} to {referral.recipient}."]
    if referral.without_warning:
        lines.append(
            "Made without warning the customer, who is to be told by "
            f"{referral.inform_customer_by:%-d %B %Y}."
        )
    if referral.consulted_id:
        lines.append(
            f"{referral.consulted} consulted on {referral.consulted_on:%-d %B %Y}: "
            f"{referral.consultation_advice}"
        )
    if referral.basis:
        lines.append(f"Basis: {referral.basis}")
    if referral.notes:
        lines.append(referral.notes)
    return "\n".join(lines)


def consultation_required(profile, incidents) -> bool:
    """Whether a report to the police needs a consultation recorded first.

    Tamworth §9: "Repeated calls maybe deemed harassment, which, after consultation with the
    Head of Service/Head of Customer Services will be reported to the Police" (the profile's
    `police_consultation_role`). Behaviour the policy always reports ("Any physical or
    verbal assaults ... will be reported to the police") needs no consultation.
    """
    if profile is None or not profile.police_consultation_role:
        return False
    return not any(incident.police_report_required for incident in incidents)


def _consultation_errors(profile, consulted, consulted_on, advice, made_on, today):
    role, title = profile.police_consultation_role, profile.police_consultation_title
    errors = {}
    if consulted is None:
        errors["consulted"] = f"Choose the {post_label(role, title)} you consulted"
    elif not holds_post(consulted, role, title):
        errors["consulted"] = (
            f"Under the {profile.short_name} policy you consult a {post_label(role, title)}: "
            "choose one"
        )
    if consulted_on is None:
        errors["consulted_on"] = "Enter the date you consulted them"
    elif consulted_on > today:
        errors["consulted_on"] = "The date you consulted them must be today or in the past"
    elif consulted_on > made_on:
        errors["consulted_on"] = "The consultation must come before the report is made"
    if not advice.strip():
        errors["consultation_advice"] = "Enter what they said"
    return errors


@transaction.atomic
def incident_police_report_not_made(*, actor: User, incident, reason: str):
    """Record why an incident the policy always reports to the police was not reported
    (IPCC §4, Tamworth §9), so the customer's page stops asking for the report. The reason
    and who gave it go on the incident and the audit record; recording it again changes
    nothing."""
    answer = access.may_refer_to_police_or_legal(actor, profile_get_active())
    if not answer:
        raise PermissionDenied(answer.reason)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if not incident.police_report_required or incident.police_report_not_made_at is not None:
        return incident
    if not reason.strip():
        raise ValidationError({"reason": "Enter why it was not reported to the police"})
    incident.police_report_not_made_reason = reason.strip()
    incident.police_report_not_made_by = actor
    incident.police_report_not_made_at = timezone.now()
    incident.save(
        update_fields=[
            "police_report_not_made_reason",
            "police_report_not_made_by",
            "police_report_not_made_at",
        ]
    )
    case = case_for_customer(incident.customer)
    audit_record(
        event_type=AuditEventType.POLICE_REPORT_NOT_MADE,
        actor=actor,
        case=case if case.pk is not None else None,
        customer=incident.customer,
        on=incident,
        reason=(
            f"{incident.reference} not reported to the police: "
            f"{incident.police_report_not_made_reason}"
        ),
    )
    return incident


@transaction.atomic
def referral_record(
    *,
    actor: User,
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
    consulted=None,
    consulted_on: date | None = None,
    consultation_advice: str = "",
) -> Referral:
    """Record a referral about a customer, citing their incidents.

    A report to the police or the legal team may be made without warning the customer
    only where a cited incident is in an extreme category, and then the customer must be
    told "as soon as appropriate" (Natural England): staff set the date, which becomes a
    reminder to the person who made the referral. The audit record keeps who made it and
    what they recorded (ADR 0005).
    """
    # Natural England, "Extreme behaviour": "a Director will consider whether it is
    # necessary to report the matter to the Legal Team and/or the Police"; "Site owners":
    # the colleague in contact with the customer may seek the Legal Team's advice.
    if kind in ReferralKind.values:
        answer = access.may_record_referral_kind(actor, profile_get_active(), kind)
        if not answer:
            raise PermissionDenied(answer.reason)
    else:
        _require_recorder(actor)
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
    if kind == ReferralKind.POLICE and consultation_required(profile_get_active(), incidents):
        errors.update(
            _consultation_errors(
                profile_get_active(), consulted, consulted_on, consultation_advice, made_on, today
            )
        )
    else:
        consulted, consulted_on, consultation_advice = None, None, ""
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
        elif not any(incident.is_extreme for incident in incidents):
            errors["without_warning"] = (
                "The policy allows a report without warning the customer only for extreme "
                f"behaviour: cite {profile_get_active().extreme_incident}, or warn the customer"
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
        made_by=actor,
        recipient=recipient.strip(),
        external_reference=external_reference.strip(),
        what_was_shared=what_was_shared.strip(),
        basis=basis.strip(),
        notes=notes.strip(),
        without_warning=without_warning,
        inform_customer_by=inform_customer_by if without_warning else None,
        consulted=consulted,
        consulted_on=consulted_on,
        consultation_advice=consultation_advice.strip(),
    )
    referral.incidents.set(incidents)
    _audit(
        AuditEventType.REFERRAL_MADE,
        actor=actor,
        referral=referral,
        reason=_referral_summary(referral),
    )
    return referral


@transaction.atomic
def referral_customer_informed(
    *, referral: Referral, actor: User, on: date | None = None
) -> Referral:
    """Record that the customer has been told of a referral made without warning them.

    Recording it again changes nothing and so records nothing.
    """
    _require_recorder(actor)
    referral = Referral.objects.select_for_update().select_related("customer").get(pk=referral.pk)
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
    _audit(
        AuditEventType.REFERRAL_CUSTOMER_INFORMED,
        actor=actor,
        referral=referral,
        reason=(
            f"Told on {on:%-d %B %Y} of the {referral.get_kind_display().lower()} made on "
            f"{referral.made_on:%-d %B %Y} without warning them."
        ),
    )
    return referral


def _start_of_day(today: date) -> datetime:
    return timezone.make_aware(datetime.combine(today, time.min))


def _unreminded_since(today: date) -> Q:
    start_of_day = _start_of_day(today)
    return Q(reminder_sent_at__isnull=True) | Q(reminder_sent_at__lt=start_of_day)


def referrals_inform_due(today: date) -> QuerySet:
    """Referrals made without warning whose "inform the customer by" date has come, the
    customer not yet told, and no reminder emailed today."""
    return Referral.objects.filter(
        _unreminded_since(today),
        without_warning=True,
        customer_informed_on__isnull=True,
        inform_customer_by__lte=today,
    )


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
            f"to {referral.recipient}. Inform them by {due:%-d %B %Y} ({when}). {site_link(path)}"
        )
    lines += [
        "",
        'When you have told the customer, mark the referral as "customer informed".',
    ]
    return subject, "\n".join(lines)


def referral_inform_reminders_queue() -> int:
    """Queue one reminder per person who has referrals due today, after the commit.

    Returns how many were queued. Each reminder claims its referrals before it sends
    (`referral_inform_reminder_send`), so queueing twice still emails once.
    """
    makers = list(
        referrals_inform_due(timezone.localdate())
        .order_by("made_by_id")
        .values_list("made_by_id", flat=True)
        .distinct()
    )
    for maker_id in makers:
        send_after_commit("restrictions.inform_customer_reminder", maker_id)
    return len(makers)


def _inform_due(referral: Referral, today: date) -> Due:
    """Today's reminder to tell the customer of one referral: a key a day, so it repeats
    daily until they are told, and is told once each day."""
    path = reverse("restrictions:referrals", kwargs={"reference": referral.customer.reference})
    message = (
        f"Tell {referral.customer.name} ({referral.customer.reference}) of the "
        f"{referral.get_kind_display().lower()} made on {referral.made_on:%-d %B %Y} without "
        f"warning them, by {referral.inform_customer_by:%-d %B %Y}."
    )
    return Due(RECORD, referral.pk, KIND, ReminderStage.ACTION, today, referral.made_by_id,
               message, path)  # fmt: skip


def referral_inform_reminder_send(*, maker_id: int) -> int:
    """Email one person the customers they must now tell, at most once a day. Returns how
    many referrals the email lists (0 when there was nothing to send).

    Each referral due is a reminder on the outbox (`contactpolicy.reminders`), keyed to the
    day, so it reaches the person's inbox once a day until the customer is marked as
    informed. Today's reminders not yet emailed are then claimed for one email with a
    conditional UPDATE, as the daily digest claims its reminders: of two runs at once, one
    claims them. The email goes after the claim commits, so a rolled back run sends
    nothing; if sending fails the claim is given back and the error raised, so the task's
    retry sends it.
    """
    maker = User.objects.get(pk=maker_id)
    if not maker.email:
        logger.warning(
            "No email address for %s: their referrals wait for the customer to be told", maker
        )
        return 0
    now = timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        due = referrals_inform_due(today).filter(made_by_id=maker_id).select_related("customer")
        reminders_issue([_inform_due(referral, today) for referral in due], now=now)
        todays = Reminder.objects.filter(
            record_type=RECORD, kind=KIND, recipient_id=maker_id, due_on=today
        )
        todays.filter(
            Q(email_started_at=None) | Q(email_started_at__lt=now - EMAIL_STALE_AFTER),
            email_sent_at=None,
        ).update(email_started_at=now, email_attempts=F("email_attempts") + 1)
        reminders = todays.filter(email_started_at=now, email_sent_at=None)
        claimed = list(
            Referral.objects.filter(pk__in=reminders.values("record_id"))
            .select_related("customer")
            .order_by("inform_customer_by", "pk")
        )
        if not claimed:  # nothing due, or another run got there first
            return 0
        previous = {referral.pk: referral.reminder_sent_at for referral in claimed}
        Referral.objects.filter(pk__in=previous).update(reminder_sent_at=now)
        subject, body = _reminder_text(claimed, today)

        def send() -> None:
            try:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [maker.email])
            except Exception as error:
                for referral in claimed:
                    Referral.objects.filter(pk=referral.pk, reminder_sent_at=now).update(
                        reminder_sent_at=previous[referral.pk]
                    )
                reminders.update(email_started_at=None, email_last_error=str(error)[:500])
                raise
            reminders.update(email_sent_at=timezone.now())
            logger.info("Reminded %s to inform %d customer(s)", maker, len(claimed))

        transaction.on_commit(send)
    return len(claimed)
