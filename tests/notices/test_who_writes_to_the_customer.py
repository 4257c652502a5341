"""Who issues and signs a decision's notice, where the policy names who writes to the
customer (`PolicyProfile.notice_issued_by_approver`)."""

import pytest
from django.core.exceptions import PermissionDenied

from contactpolicy.models import Service
from contactpolicy.roles import Role
from notices.services import notice_draft_for_decision, notice_issue
from restrictions.models import Stage
from tests.notices.factories import addressed_customer, approve_without_issuing, staff
from tests.restrictions.factories import incident, person, propose_and_submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _approved_warning(people, **kwargs):
    customer = addressed_customer()
    decision = propose_and_submit(
        people["manager"],
        customer,
        "warn",
        incidents=[incident(customer, people["caseworker"])],
        review_in_days=None,
        **kwargs,
    )
    return approve_without_issuing(decision, [people["head"], people["chief"]])


def test_tamworth_section_9_the_head_of_service_writes_to_the_customer(activate_profile):
    """Tamworth §9: "the Head of Service or if a corporate approach is required, the Head of
    Customer Services will write to tell the customer/group explaining why it is believed
    their behaviour is unacceptable". A line manager may neither issue nor sign the letter."""
    activate_profile("tamworth")
    people = staff()
    decision = _approved_warning(people)
    notice = notice_draft_for_decision(decision=decision, actor=people["manager"])

    with pytest.raises(PermissionDenied) as refused:
        notice_issue(notice=notice, actor=people["manager"])
    assert str(refused.value) == (
        "Under the Tamworth policy a chief executive or head of service writes to the "
        "customer about this decision, so they issue and sign its notice."
    )

    head = person(Role.HEAD_OF_SERVICE, job_title="Head of Housing")
    issued = notice_issue(notice=notice, actor=head)
    assert issued.signatory == head
    assert issued.signatory_role == "Head of Housing"
    decision.restriction_case.refresh_from_db()
    assert decision.restriction_case.state == Stage.WARNED


def test_tamworth_section_9_the_head_of_customer_services_writes_in_a_corporate_case(
    activate_profile,
):
    """Tamworth §9: "... or if a corporate approach is required, the Head of Customer
    Services will write to tell the customer"."""
    activate_profile("tamworth")
    people = staff()  # people["head"] is the Head of Customer Services
    decision = _approved_warning(people, corporate=True)
    notice = notice_draft_for_decision(decision=decision, actor=people["manager"])

    with pytest.raises(PermissionDenied) as refused:
        notice_issue(notice=notice, actor=person(Role.HEAD_OF_SERVICE, job_title="Head of Housing"))
    assert str(refused.value) == (
        "Under the Tamworth policy the Head of Customer Services writes to the customer in a "
        "corporate case, so they issue and sign its notice."
    )
    assert notice_issue(notice=notice, actor=people["head"]).signatory == people["head"]


def test_tamworth_section_9_the_head_of_the_service_concerned_writes(activate_profile):
    """Tamworth §9: "the Head of Service ... will write to tell the customer/group explaining
    why it is believed their behaviour is unacceptable"; §4: Heads of Service "manage the
    policy within their service". The head of another service neither issues nor signs."""
    activate_profile("tamworth")
    people = staff()
    housing, planning = (Service.objects.create(name=n) for n in ("Housing", "Planning"))
    head_of_housing = person(Role.HEAD_OF_SERVICE, job_title="Head of Housing", service=housing)
    customer = addressed_customer()
    decision = propose_and_submit(
        people["manager"],
        customer,
        "warn",
        incidents=[incident(customer, person(Role.CASEWORKER, service=housing))],
        review_in_days=None,
    )
    decision = approve_without_issuing(decision, [head_of_housing])
    notice = notice_draft_for_decision(decision=decision, actor=people["manager"])

    head_of_planning = person(Role.HEAD_OF_SERVICE, job_title="Head of Planning", service=planning)
    with pytest.raises(PermissionDenied) as refused:
        notice_issue(notice=notice, actor=head_of_planning)
    assert str(refused.value) == (
        "Under the Tamworth policy the head of the service the incidents happened in writes "
        "to the customer about this decision, so they issue and sign its notice."
    )
    issued = notice_issue(notice=notice, actor=head_of_housing)
    assert (issued.signatory, issued.signatory_role) == (head_of_housing, "Head of Housing")


def test_without_the_setting_any_line_manager_issues_a_decisions_notice(activate_profile):
    """IPCC names nobody who writes to the customer: any line manager or above issues."""
    profile = activate_profile("ipcc")
    assert not profile.notice_issued_by_approver
    people = staff()
    decision = _approved_warning(people)
    notice = notice_draft_for_decision(decision=decision, actor=people["manager"])
    assert (
        notice_issue(notice=notice, actor=people["other_manager"]).signatory
        == (people["other_manager"])
    )


def test_the_notices_page_offers_issuing_only_to_whom_the_policy_names(activate_profile, client):
    """The notice's page asks the same rule: a line manager sees why they cannot issue."""
    activate_profile("tamworth")
    people = staff()
    decision = _approved_warning(people)
    notice = notice_draft_for_decision(decision=decision, actor=people["manager"])
    client.force_login(people["manager"])
    page = client.get(notice.get_absolute_url())
    assert page.status_code == 200
    assert "writes to the customer about this decision" in page.content.decode()


def test_tamworth_section_9_the_draft_is_not_signed_by_a_line_manager_who_drafted_it(
    activate_profile, client
):
    """Tamworth §9: "the Head of Service ... will write to tell the customer". A line
    manager may draft the notice, but its preview does not show them signing it: whoever
    issues it signs it. The line manager sees a placeholder; the Head of Service, who may
    issue it, sees it signed as they would sign it."""
    activate_profile("tamworth")
    people = staff()
    decision = _approved_warning(people)
    notice = notice_draft_for_decision(decision=decision, actor=people["manager"])

    client.force_login(people["manager"])
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "[The name of whoever issues it]" in page
    assert "Team Manager" not in page

    client.force_login(people["head"])
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "[The name of whoever issues it]" not in page
    assert "Team Manager" not in page
    assert "Head of Customer Services" in page


def test_without_the_setting_the_manager_who_drafts_signs_the_preview(activate_profile, client):
    """IPCC names nobody who writes to the customer: the line manager who drafts may issue,
    so the preview they read is signed by them."""
    activate_profile("ipcc")
    people = staff()
    decision = _approved_warning(people)
    notice = notice_draft_for_decision(decision=decision, actor=people["manager"])
    client.force_login(people["manager"])
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "[The name of whoever issues it]" not in page
    assert "Team Manager" in page
