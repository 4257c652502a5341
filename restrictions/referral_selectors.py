"""Reads for referrals: the list on a customer's record, in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from cases.models import Customer, Incident
from restrictions import access
from restrictions.models import Referral


@dataclass
class ReferralRow:
    referral: Referral
    today: date

    @property
    def awaiting_customer(self) -> bool:
        r = self.referral
        return r.without_warning and r.customer_informed_on is None

    @property
    def inform_overdue(self) -> bool:
        due = self.referral.inform_customer_by
        return self.awaiting_customer and due is not None and due < self.today

    @property
    def inform_due_today(self) -> bool:
        return self.awaiting_customer and self.referral.inform_customer_by == self.today


def referrals_context(*, customer: Customer, user, profile=None, today: date | None = None) -> dict:
    """What `restrictions/_referrals.html` needs: the customer's referrals, newest first,
    each with the incidents it cites, and whether `user` may record one (three queries).
    The customer was read through an access helper, which checked who is asking."""
    today = today or timezone.localdate()
    referrals = customer.referrals.select_related("made_by").prefetch_related(
        Prefetch(
            "incidents",
            queryset=Incident.objects.select_related("category").order_by("-occurred_at"),
        )
    )
    return {
        "customer": customer,
        "referral_rows": [ReferralRow(referral, today) for referral in referrals],
        "can_record_referrals": bool(access.may_record_some_referral(user, profile)),
    }


def referrals_awaiting_customer(*, made_by, today: date | None = None) -> list[ReferralRow]:
    """Referrals `made_by` reported without warning whose customer must now be told: the
    in-app side of the daily reminder, for a dashboard panel (one query)."""
    today = today or timezone.localdate()
    referrals = (
        Referral.objects.filter(
            made_by=made_by,
            without_warning=True,
            customer_informed_on__isnull=True,
            inform_customer_by__lte=today,
        )
        .select_related("customer")
        .order_by("inform_customer_by", "pk")
    )
    return [ReferralRow(referral, today) for referral in referrals]
