"""Natural England, "Agents / contractors": the agent's client is contacted before the agent
is disengaged from, and the proposal prompts for it (issue 20, item 12)."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import CustomerLink
from contactpolicy.models import PolicyProfile
from restrictions.models import Scope, Stage
from restrictions.referral_services import referral_record
from tests.restrictions.restricted import customer_named, decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def ne_people(activate_profile, line_manager, head_of_service, chief_executive, caseworker):
    activate_profile("natural-england")
    return {
        "proposer": line_manager,
        "approvers": [head_of_service, chief_executive],
        "recorder": caseworker,
    }


def disengage(customer, people):
    return decide(
        customer,
        "disengage",
        scope=Scope.PARTIAL,
        scope_topics="The licence application for Hill Farm",
        **people,
    )


def test_natural_england_contacts_the_agents_client_before_disengaging(ne_people, client):
    """Natural England, "Agents / contractors": "before we do this we would need to contact
    the client and explain that their agent/contractor is showing unacceptable behaviour and
    that unless this behaviour is modified it may have a detrimental effect on their project,
    application or agreement.\""""
    agent = customer_named("Planning Agents Ltd", ne_people["recorder"], kind="agent")
    farm = customer_named("Hill Farm Estates", ne_people["recorder"], kind="site_owner")
    CustomerLink.objects.create(customer=agent, other=farm, kind="agent_for")

    client.force_login(ne_people["proposer"])
    propose = reverse("restrictions:decision_propose", kwargs={"reference": agent.reference})
    page = client.get(propose).content.decode()
    assert "Record the contact with their client" in page
    prompt = client.get(
        reverse("restrictions:referral_create", kwargs={"reference": agent.reference}),
        {"kind": "agent_client"},
    ).content.decode()
    assert 'value="Hill Farm Estates"' in prompt

    with pytest.raises(ValidationError) as refused:
        disengage(agent, ne_people)
    assert "contact their client" in str(refused.value)

    referral_record(
        actor=ne_people["proposer"],
        customer=agent,
        kind="agent_client",
        recipient="Hill Farm Estates",
        made_on=timezone.localdate(),
        what_was_shared="Told them their agent's emails are abusive and may delay the licence.",
    )
    assert "Record the contact with their client" not in client.get(propose).content.decode()
    assert disengage(agent, ne_people).state == Stage.DISENGAGED


def test_a_customer_who_is_not_an_agent_is_disengaged_from_without_it(ne_people):
    owner = customer_named("Hill Farm Estates", ne_people["recorder"], kind="site_owner")
    assert disengage(owner, ne_people).state == Stage.DISENGAGED


def test_only_natural_england_asks_for_the_client_first(ne_people):
    """The rule is Natural England's alone: no other shipped profile sets it, and without it
    an agent is disengaged from as anyone else."""
    for path in Path(settings.BASE_DIR, "fixtures", "profiles").glob("*.json"):
        profile = next(o for o in json.loads(path.read_text()) if o["model"].endswith("profile"))
        expected = profile["fields"]["slug"] == "natural-england"
        assert profile["fields"].get("agent_client_contact_first", False) is expected
    profile = PolicyProfile.objects.get(is_active=True)
    profile.agent_client_contact_first = False
    profile.save(update_fields=["agent_client_contact_first"])
    agent = customer_named("Planning Agents Ltd", ne_people["recorder"], kind="agent")
    assert disengage(agent, ne_people).state == Stage.DISENGAGED
