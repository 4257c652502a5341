"""Log a contact, for a disengagement limited to a topic: the question whether the contact is
entirely on a different topic comes first, and no outcome is shown until it is answered, in
the page the server renders (without JavaScript) as in the htmx fragment (issue 20, item 15).

Natural England step 6: "we do not re-engage on the same or a similar topic"."""

import pytest

from cases.models import Contact
from restrictions.models import CheckOutcome, Scope, Stage
from tests.restrictions.restricted import customer_named, decide, just_now

pytestmark = pytest.mark.django_db

URL = "/contacts/new/"
QUESTION = "Is it entirely on a different topic from the one we disengaged on?"
RED_BREACH = 'govuk-tag--red">Breach'
TO_THE_QUESTION = 'href="#id_different_topic_0">Answer whether it is on a different topic</a>'


@pytest.fixture
def site_owner(activate_profile, caseworker, line_manager, head_of_service, chief_executive):
    activate_profile("natural-england")
    customer = customer_named("Hill Farm Estates", caseworker, kind="site_owner")
    case = decide(
        customer,
        "disengage",
        proposer=line_manager,
        approvers=[head_of_service, chief_executive],
        recorder=caseworker,
        scope=Scope.PARTIAL,
        scope_topics="The hedgerow removal dispute",
    )
    assert case.state == Stage.DISENGAGED
    return customer


def form(customer, **overrides):
    return {
        "customer": customer.reference,
        "who": "existing",
        "channel": "email",
        "kind": "general",
        "direction": "in",
        "summary": "Wrote again",
        "language": "en",
        "instruction_followed": "on",
        **just_now(),
        **overrides,
    }


def test_the_question_comes_first_and_no_outcome_shows_until_it_is_answered(
    client, caseworker, site_owner
):
    client.force_login(caseworker)
    page = client.get(
        URL, {"customer": site_owner.reference, "channel": "email", **just_now()}
    ).content.decode()
    assert QUESTION in page
    assert page.index(QUESTION) < page.index('id="restriction-outcome"')
    assert RED_BREACH not in page
    assert "Depends on the topic" in page
    assert "moj-alert--error" not in page
    # The banner, above the form, leads to the question, which has that id.
    assert TO_THE_QUESTION in page
    assert 'id="id_different_topic_0"' in page
    assert page.index(TO_THE_QUESTION) < page.index(QUESTION)

    on_topic = client.get(
        URL,
        {
            "customer": site_owner.reference,
            "channel": "email",
            "different_topic": "no",
            **just_now(),
        },
    ).content.decode()
    assert RED_BREACH in on_topic
    other_topic = client.get(
        URL,
        {"customer": site_owner.reference, "channel": "email", "different_topic": "yes"},
    ).content.decode()
    assert RED_BREACH not in other_topic
    assert "Depends on the topic" not in other_topic


def test_the_htmx_fragment_shows_no_outcome_until_the_question_is_answered(
    client, caseworker, site_owner
):
    client.force_login(caseworker)
    query = {"customer": site_owner.reference, "channel": "email", "fragment": "banner"}
    fragment = client.get(URL, query, headers={"HX-Request": "true"}).content.decode()
    assert RED_BREACH not in fragment
    assert "answer whether it is entirely on a different topic first" in fragment
    assert TO_THE_QUESTION in fragment
    answered = client.get(
        URL, {**query, "different_topic": "no"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert RED_BREACH in answered


def test_a_contact_is_not_logged_until_the_topic_question_is_answered(
    client, caseworker, site_owner
):
    client.force_login(caseworker)
    response = client.post(URL, form(site_owner))
    assert response.status_code == 200
    assert "Say whether it is entirely on a different topic" in response.content.decode()
    assert not Contact.objects.exists()

    client.post(URL, form(site_owner, different_topic="no"))
    assert Contact.objects.get().restriction_check.outcome == CheckOutcome.BREACH


def test_a_full_disengagement_asks_nothing_about_the_topic(
    client, activate_profile, caseworker, line_manager, head_of_service, chief_executive
):
    activate_profile("natural-england")
    customer = customer_named("Ann Other", caseworker)
    decide(
        customer,
        "disengage",
        proposer=line_manager,
        approvers=[head_of_service, chief_executive],
        recorder=caseworker,
        scope=Scope.ALL,
    )
    client.force_login(caseworker)
    page = client.get(
        URL, {"customer": customer.reference, "channel": "email", **just_now()}
    ).content.decode()
    assert QUESTION not in page
    assert RED_BREACH in page


def test_the_customer_page_has_no_question_to_lead_to(client, caseworker, site_owner):
    """The customer's page shows the same banner but asks nothing about a contact."""
    client.force_login(caseworker)
    page = client.get(site_owner.get_absolute_url()).content.decode()
    assert "Depends on the topic" in page
    assert "#id_different_topic_0" not in page
