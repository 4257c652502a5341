"""Reads for referrals: the list on a customer's record, in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from cases.models import Customer, CustomerKind, Incident, ReportedTo
from contactpolicy.roles import Role
from restrictions import access
from restrictions.models import Referral, ReferralKind


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


def police_reports_due(customer: Customer) -> list[Incident]:
    """The customer's incidents the policy always reports to the police (IPCC §4, Tamworth
    §9) not yet reported: no police referral cites them, the incident does not say it was
    reported, and no reason for not reporting it is recorded (one query)."""
    cited = Referral.incidents.through.objects.filter(
        incident_id=OuterRef("pk"), referral__kind=ReferralKind.POLICE
    )
    return list(
        customer.incidents.filter(
            police_report_required=True, police_report_not_made_at__isnull=True
        )
        .exclude(reported_to=ReportedTo.POLICE)
        .exclude(Exists(cited))
        .select_related("category")
        .order_by("occurred_at", "pk")
    )


def referrals_context(*, customer: Customer, user, profile=None, today: date | None = None) -> dict:
    """What `restrictions/_referrals.html` needs: the customer's referrals, newest first,
    each with the incidents it cites, the police reports the policy says are due, and
    whether `user` may record one (four queries).
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
        "police_reports_due": police_reports_due(customer),
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


def post_holders(role: str, title: str = "") -> list:
    """The active staff who hold a post the profile names: its role and, where given, its
    job title (as `contactpolicy.roles.holds_post` compares them), by name (one query)."""
    users = get_user_model().objects.filter(is_active=True, groups__name=Role(role).label)
    if title.strip():
        users = users.filter(job_title__iexact=title.strip())
    return list(users.distinct().order_by("first_name", "last_name", "pk"))


def agent_client_contact_due(customer: Customer, profile) -> bool:
    """Whether the customer is an agent whose client must be contacted before any
    disengagement (Natural England, "Agents / contractors"), and no contact with the client
    is recorded yet: the proposal form prompts for it (one query, for agents only)."""
    if not profile.agent_client_contact_first or customer.kind != CustomerKind.AGENT:
        return False
    return not customer.referrals.filter(kind=ReferralKind.AGENT_CLIENT).exists()
