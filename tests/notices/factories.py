"""Helpers to bring a customer to an approved decision and read its notice's PDF."""

import io
import re
from datetime import time

from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from cases.models import CustomerIdentifier, IdentifierKind
from contactpolicy.roles import Role
from notices.services import notice_draft_for_decision, notice_issue
from restrictions.models import DecisionStatus
from tests.cases.factories import CustomerFactory
from tests.restrictions.factories import (
    approve,
    incident,
    person,
    propose_and_submit,
    sanction_of,
)

ADDRESS = "14 Harbour Row\nPenarth\nVale of Glamorgan"
POSTCODE = "CF64 1AA"


def addressed_customer(**kwargs):
    customer = CustomerFactory(**kwargs)
    CustomerIdentifier.objects.create(
        customer=customer, kind=IdentifierKind.ADDRESS, value=ADDRESS, postcode=POSTCODE
    )
    CustomerIdentifier.objects.create(
        customer=customer, kind=IdentifierKind.EMAIL, value="customer@example.org"
    )
    return customer


def staff():
    """Everyone a decision might need, each with a job title for the signature."""
    chief = person(
        Role.CHIEF_EXECUTIVE, job_title="Chief Executive", first_name="Sam", last_name="Okafor"
    )
    head = person(Role.HEAD_OF_SERVICE, job_title="Head of Customer Services", line_manager=chief)
    return {
        "caseworker": person(Role.CASEWORKER, job_title="Customer Services Officer"),
        # Natural England Annex B: the proposer's line manager signs sanctions off.
        "manager": person(Role.LINE_MANAGER, job_title="Team Manager", line_manager=head),
        "other_manager": person(Role.LINE_MANAGER, job_title="Team Manager"),
        "head": head,
        "chief": chief,
    }


def approvers(people):
    """Approvers in an order that satisfies every profile's rule (two grades where needed)."""
    return [people["head"], people["chief"], people["other_manager"]]


def telephone_sanction(profile):
    return sanction_of(
        profile,
        "telephone_schedule",
        weekdays=[1, 3],
        window_start=time(10),
        window_end=time(12),
        max_minutes=15,
    )


def approved_sanctions(profile, people, customer=None, *, sanctions=None):
    """A customer warned (the warning issued) and then with sanctions approved, not issued."""
    customer = customer or addressed_customer(name="Morgan Ellis")
    warning = approved_decision(profile, people, customer, "warn")
    issue_for(warning, people)
    evidence = [incident(customer, people["caseworker"], days_ago=4)]
    decision = propose_and_submit(
        people["manager"],
        customer,
        "sanction",
        incidents=evidence,
        sanctions=sanctions or [telephone_sanction(profile)],
    )
    return approve_without_issuing(decision, approvers(people))


def approve_without_issuing(decision, people_in_turn):
    """Approve until decided, leaving the notice to the test: approved, not yet in effect."""
    for approver in people_in_turn:
        try:
            decision = approve(decision, approver, issue=False)
        except PermissionDenied:
            continue  # the profile names someone else for this decision
        if decision.status != DecisionStatus.SUBMITTED:
            break
    assert decision.status == DecisionStatus.APPROVED, decision.status
    return decision


def approved_decision(profile, people, customer, kind, **kwargs):
    evidence = kwargs.pop("incidents", None)
    if evidence is None:
        evidence = [incident(customer, people["caseworker"], days_ago=kwargs.pop("days_ago", 20))]
    kwargs.setdefault("review_in_days", None if kind in {"warn", "lift"} else 90)
    decision = propose_and_submit(people["manager"], customer, kind, incidents=evidence, **kwargs)
    return approve_without_issuing(decision, approvers(people))


def issuer_for(decision, people):
    return people["chief"]


def issue_for(decision, people, **kwargs):
    """Draft and issue the decision's notice: the moment it takes effect."""
    notice = notice_draft_for_decision(decision=decision, actor=people["chief"], **kwargs)
    return notice_issue(notice=notice, actor=people["chief"])


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"[ \t]+", " ", text)


def flat(text: str) -> str:
    """Text with its line breaks folded, to find sentences the layout wrapped."""
    return re.sub(r"\s+", " ", text)
