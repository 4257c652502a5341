"""A known quarter of records on real dates, July to September 2026, for the report's
tests: each record is placed to test one figure or one edge of the period, and the
expected figures are counted by hand in `tests/screens/test_report_figures.py`."""

import datetime
from dataclasses import dataclass

from appeals.models import Appeal
from cases.models import Case, Contact, Incident
from contactpolicy.models import Service
from contactpolicy.roles import Role
from restrictions.models import ContactCheck, Decision, Referral, RestrictionCase, Review, Sanction
from tests.cases.factories import CustomerFactory, london
from tests.factories import UserFactory

QUARTER = datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)
# Long after the quarter: its report must not depend on the day it is asked for.
TODAY = datetime.date(2026, 12, 6)


@dataclass
class Quarter:
    lead: object
    member: object
    other: object
    housing: Service
    parking: Service


_references = iter(range(1, 10_000))


def _ref(prefix: str) -> str:
    return f"{prefix}-2026-{next(_references):06d}"


def contact(officer, case, *, received, channel="email", direction="in", kind="general", **clocks):
    return Contact.objects.create(
        reference=_ref("CON"),
        customer=CustomerFactory(),
        channel=channel,
        direction=direction,
        kind=kind,
        received_at=received,
        summary="Private details that the report never shows",
        officer=officer,
        case=case,
        **clocks,
    )


def build_quarter(profile) -> Quarter:
    lead = UserFactory(
        username="tess", first_name="Tess", last_name="Lead", roles=[Role.LINE_MANAGER]
    )
    member = UserFactory(username="mo", roles=[Role.CASEWORKER], line_manager=lead)
    other = UserFactory(username="otto", roles=[Role.CASEWORKER])
    housing = Service.objects.get_or_create(name="Housing")[0]
    parking = Service.objects.get_or_create(name="Parking")[0]
    customer = CustomerFactory()
    housing_case = Case.objects.create(
        reference=_ref("CAS"), customer=customer, subject="Repairs", service=housing
    )
    parking_case = Case.objects.create(
        reference=_ref("CAS"), customer=customer, subject="Permit", service=parking
    )

    # Contacts. c1 opens the quarter at midnight; c2 comes at 23:59 on its last day; c3 at
    # midnight after it and c4 a minute before it began are outside it.
    c1 = contact(
        member,
        housing_case,
        received=london(2026, 7, 1, 0, 0),
        acknowledge_due_at=london(2026, 7, 3, 17, 0),
        acknowledged_at=london(2026, 7, 2, 9, 0),
        respond_due_at=london(2026, 7, 20, 17, 0),
        responded_at=london(2026, 7, 10, 11, 0),
    )
    c2 = contact(
        other,
        None,
        received=london(2026, 9, 30, 23, 59),
        channel="letter",
        acknowledge_due_at=london(2026, 10, 2, 17, 0),
        respond_due_at=london(2026, 10, 20, 17, 0),
    )
    c3 = contact(other, None, received=london(2026, 10, 1, 0, 0))
    contact(
        other,
        None,
        received=london(2026, 6, 30, 23, 59),
        respond_due_at=london(2026, 7, 1, 12, 0),
        responded_at=london(2026, 7, 2, 10, 0),
    )
    contact(
        member,
        parking_case,
        received=london(2026, 8, 14, 10, 0),
        channel="telephone",
        direction="out",
    )
    # Answered after the quarter ended: late, and overdue at the quarter's end.
    c6 = contact(
        member,
        housing_case,
        received=london(2026, 9, 1, 9, 0),
        respond_due_at=london(2026, 9, 29, 17, 0),
        responded_at=london(2026, 10, 5, 9, 0),
    )
    contact(
        other,
        None,
        received=london(2026, 8, 3, 9, 0),
        channel="letter",
        kind="complaint",
        acknowledge_due_at=london(2026, 8, 5, 17, 0),
        acknowledged_at=london(2026, 8, 7, 9, 0),
        respond_due_at=london(2026, 8, 24, 17, 0),
        responded_at=london(2026, 8, 10, 15, 0),
    )

    # Incidents.
    categories = {c.code: c for c in profile.behaviour_categories.all()}

    def incident(occurred, code, service, recorder, hate=False):
        return Incident.objects.create(
            reference=_ref("INC"),
            customer=customer,
            category=categories[code],
            occurred_at=occurred,
            channel="telephone",
            description="What was said, in the words of the officer",
            service=service,
            recorded_by=recorder,
            hate_incident=hate,
        )

    incident(london(2026, 7, 15, 14, 0), "A", housing, member, hate=True)
    incident(london(2026, 9, 30, 23, 59), "B", None, other)
    incident(london(2026, 10, 1, 0, 30), "A", housing, member)
    incident(london(2026, 8, 20, 10, 0), "A", parking, member)

    # Restrictions.
    case = RestrictionCase.objects.create(reference=_ref("RC"), customer=customer)
    sanction_type = profile.sanction_types.all()[0]

    def decision(kind, applied, status="approved", proposer=member):
        return Decision.objects.create(
            reference=_ref("DEC"),
            restriction_case=case,
            kind=kind,
            status=status,
            reasons="Reasons",
            proposed_by=proposer,
            applied_at=applied,
        )

    imposed = decision("sanction", london(2026, 7, 10, 12, 0))
    decision("vary", london(2026, 8, 10, 12, 0), proposer=other)
    decision("lift", london(2026, 9, 30, 23, 0))
    decision("disengage", london(2026, 10, 2, 12, 0))
    decision("warn", london(2026, 6, 15, 12, 0))
    decision("sanction", None, status="submitted")

    def sanction(kind, status, starts, ends=None, proposer_decision=imposed):
        return Sanction.objects.create(
            restriction_case=case,
            decision=proposer_decision,
            sanction_type=sanction_type,
            kind=kind,
            status=status,
            starts_on=starts,
            ends_on=ends,
        )

    # In force before the quarter and after it: spans it.
    spanning = sanction("one_method", "active", datetime.date(2026, 5, 1))
    replaced = sanction(
        "named_officer", "ended", datetime.date(2026, 7, 10), datetime.date(2026, 8, 10)
    )
    sanction("one_method", "lifted", datetime.date(2026, 8, 10), datetime.date(2026, 9, 30))
    exclusion = sanction(
        "building_exclusion", "active", datetime.date(2026, 9, 1), datetime.date(2026, 12, 31)
    )
    sanction("one_method", "proposed", datetime.date(2026, 7, 1))
    sanction("one_method", "active", datetime.date(2026, 10, 5))

    def check(on, outcome, *sanctions):
        made = ContactCheck.objects.create(
            contact=on, restriction_case=case, outcome=outcome, instruction="Email only"
        )
        made.sanctions.set(sanctions)

    check(c6, "breach", spanning, replaced)
    check(c2, "breach", spanning, exclusion)
    check(c1, "permitted", spanning)
    check(c3, "breach", spanning)

    def review(state, due, closed, reviewer=member):
        return Review.objects.create(
            restriction_case=case,
            reviewing="sanctioned",
            state=state,
            due_on=due,
            first_due_on=due,
            since=london(2026, 1, 1, 0, 0),
            closed_at=closed,
            reviewer=reviewer,
        )

    review("concluded", datetime.date(2026, 8, 1), london(2026, 7, 30, 10, 0))
    review("concluded", datetime.date(2026, 8, 1), london(2026, 8, 1, 23, 0), reviewer=other)
    review("concluded", datetime.date(2026, 9, 1), london(2026, 9, 2, 10, 0))
    review("scheduled", datetime.date(2026, 9, 15), None)
    review("concluded", datetime.date(2026, 10, 1), london(2026, 10, 3, 10, 0))

    def appeal(received, state="received", late=False, outcome="", decided=None):
        return Appeal.objects.create(
            reference=_ref("APL"),
            decision=imposed,
            restriction_case=case,
            customer=customer,
            stage="sanctioned",
            state=state,
            received_on=received,
            received_via="post",
            grounds="I disagree",
            is_late=late,
            outcome=outcome,
            decided_at=decided,
            recorded_by=member,
        )

    appeal(datetime.date(2026, 7, 5), "decided", outcome="upheld", decided=london(2026, 8, 1, 12))
    appeal(datetime.date(2026, 9, 30), late=True)
    appeal(
        datetime.date(2026, 6, 20), "decided", outcome="not_upheld", decided=london(2026, 7, 20, 12)
    )

    def referral(kind, made_on, maker=member):
        Referral.objects.create(
            customer=customer, kind=kind, made_on=made_on, made_by=maker, recipient="Them"
        )

    referral("police", datetime.date(2026, 7, 1))
    referral("legal", datetime.date(2026, 9, 30), maker=other)
    referral("sharing", datetime.date(2026, 8, 8))
    referral("police", datetime.date(2026, 10, 1))
    return Quarter(lead, member, other, housing, parking)
