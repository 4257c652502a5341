"""The appeal's outcome letter is signed by the person who decided the appeal, whose
reasons it quotes, and the decide form tells them the customer will read those words."""

import pytest
from django.urls import reverse

from appeals import services
from appeals.forms import DecideForm
from appeals.models import AppealOutcome
from contactpolicy.roles import Role
from notices.services import notice_html, notice_issue
from tests.appeals.factories import profile_set, record, restricted
from tests.restrictions.factories import approve, person

pytestmark = pytest.mark.django_db


def _investigated(appeal, manager, investigator):
    appeal = services.appeal_acknowledge(actor=manager, appeal=appeal)
    appeal = services.appeal_assign(actor=investigator, appeal=appeal, investigator=investigator)
    return services.appeal_record_findings(
        actor=investigator, appeal=appeal, findings="The recording shows the abuse."
    )


def _people():
    return {
        "manager": person(Role.LINE_MANAGER, job_title="Team Manager"),
        "investigator": person(
            Role.HEAD_OF_SERVICE,
            first_name="Ivy",
            last_name="Stone",
            job_title="Head of Customer Services",
        ),
        # Tamworth §10: a member of the Corporate Management Team decides.
        "decider": person(
            Role.CHIEF_EXECUTIVE, first_name="Dana", last_name="Marsh", job_title="Director"
        ),
    }


def test_an_appeal_not_upheld_is_signed_by_its_decider(activate_profile):
    activate_profile("tamworth")
    people = _people()
    appeal = _investigated(record(restricted()), people["manager"], people["investigator"])
    appeal = services.appeal_decide(
        actor=people["decider"],
        appeal=appeal,
        outcome=AppealOutcome.NOT_UPHELD,
        reasons="The recordings confirm what you said to our staff.",
    )
    notice = appeal.outcome_notice
    assert (notice.signatory_name, notice.signatory_role) == ("Dana Marsh", "Director")
    # Whoever issues it, the decider signs it.
    issued = notice_issue(notice=notice, actor=people["investigator"])
    assert issued.signatory == people["decider"]
    html = notice_html(issued)
    assert "Dana Marsh" in html and "Ivy Stone" not in html


def test_an_upheld_appeals_outcome_is_signed_by_its_decider_not_the_drafter(activate_profile):
    activate_profile("tamworth")
    profile_set(appeal_outcome_binding=False)  # the lift goes for approval first
    people = _people()
    appeal = _investigated(record(restricted()), people["manager"], people["investigator"])
    appeal = services.appeal_decide(
        actor=people["decider"],
        appeal=appeal,
        outcome=AppealOutcome.UPHELD,
        reasons="You were not the caller.",
    )
    approve(appeal.resulting_decision, person(Role.HEAD_OF_SERVICE), issue=False)
    appeal = services.appeal_outcome_notice(actor=people["manager"], appeal=appeal)
    assert appeal.outcome_notice.signatory == people["decider"]
    issued = notice_issue(notice=appeal.outcome_notice, actor=people["manager"])
    assert issued.signatory_name == "Dana Marsh"


def test_the_decide_form_says_the_customer_reads_the_reasons():
    help_text = DecideForm().fields["reasons"].help_text
    assert "The customer will read these words in the outcome letter" in help_text


def test_the_appeal_page_shows_the_reasons_hint(client, activate_profile):
    activate_profile("tamworth")
    people = _people()
    appeal = _investigated(record(restricted()), people["manager"], people["investigator"])
    client.force_login(people["decider"])
    page = client.get(reverse("appeals:appeal", kwargs={"reference": appeal.reference}))
    assert "The customer will read these words in the outcome letter" in page.content.decode()


def test_the_outcome_notice_page_names_its_signatory_to_whoever_issues_it(client, activate_profile):
    """The manager who issues a binding appeal's outcome (Tamworth §4, §10) is told it is
    signed by the member of CMT who decided it, and the preview is signed by them: not
    "signed by you"."""
    activate_profile("tamworth")
    people = _people()
    appeal = _investigated(record(restricted()), people["manager"], people["investigator"])
    appeal = services.appeal_decide(
        actor=people["decider"],
        appeal=appeal,
        outcome=AppealOutcome.UPHELD,
        reasons="The recordings show you did not shout.",
    )
    client.force_login(people["manager"])
    page = client.get(appeal.outcome_notice.get_absolute_url())
    text = page.content.decode()
    assert "it is signed by Dana Marsh, dated today" in text
    assert "signed by you" not in text
    assert page.context["preview"].body.count("Dana Marsh") == 1


def test_a_notice_drafted_by_one_manager_is_shown_signed_by_the_one_issuing_it(
    client, activate_profile
):
    """Any other notice is signed by whoever issues it: the preview a second manager reads
    before issuing is signed by them, not by the manager who drafted it."""
    activate_profile("tamworth")
    people = _people()
    appeal = services.appeal_acknowledge(actor=people["manager"], appeal=record(restricted()))
    other = person(Role.LINE_MANAGER, first_name="Omar", last_name="Reid")
    client.force_login(other)
    page = client.get(appeal.acknowledgement_notice.get_absolute_url())
    text = page.content.decode()
    assert "it is signed by you, dated today" in text
    body = page.context["preview"].body
    assert "Omar Reid" in body
    assert people["manager"].get_full_name() not in body
    issued = notice_issue(notice=appeal.acknowledgement_notice, actor=other)
    assert issued.signatory == other
