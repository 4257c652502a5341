"""What staff are told and offered comes from the active profile, never from another
organisation's policy (issue 9, item 3; DESIGN.md §2, §5).

The instruction for each kind of sanction is the profile's own `staff_instruction` where
its catalogue sets one; read and file follows the reply rule the policy states; the one
method proposed by default is the profile's; the media standard shown is the profile's.
"""

import json
from datetime import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from contactpolicy.choices import ReplyRule
from contactpolicy.models import SanctionType
from contactpolicy.roles import Role
from restrictions import sanctions as kinds
from restrictions.contact_services import NO_REPLY_NOTES, READ_AND_FILE_AT_OUTCOME_NOTE
from restrictions.decision_forms import ProposalForm
from restrictions.enforcement import assess_sanction
from tests.cases.factories import london
from tests.factories import UserFactory

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "profiles"
TUESDAY_1030 = london(2026, 11, 17, 10, 30)
NAMED = SimpleNamespace(pk=99)
SOMEONE_ELSE = SimpleNamespace(pk=1)

# For each kind: the sanction's parameters and a contact the sanction bears on.
TRIGGERS = {
    kinds.one_method.KIND: ({"channel": "letter"}, {"channel": "email"}),
    kinds.named_officer.KIND: ({}, {"channel": "email"}),
    kinds.telephone_schedule.KIND: (
        {"weekdays": [3], "window_start": time(10), "window_end": time(12)},
        {"channel": "telephone"},
    ),
    kinds.calls_recorded.KIND: ({}, {"channel": "telephone"}),
    kinds.read_and_file.KIND: ({}, {"channel": "letter"}),
    kinds.refuse_all.KIND: ({}, {"channel": "letter"}),
    kinds.block_identifiers.KIND: (
        {"blocked_identifiers": "07700 900123"},
        {"channel": "telephone", "sender": "07700 900123"},
    ),
    kinds.witness_required.KIND: ({}, {"channel": "visit"}),
    kinds.building_exclusion.KIND: ({"buildings": "Marmion House"}, {"channel": "visit"}),
    kinds.third_party.KIND: ({"third_party": "Citizens Advice"}, {"channel": "email"}),
    kinds.specified_dates.KIND: ({"dates": ["2026-12-01"]}, {"channel": "email"}),
    kinds.other.KIND: ({}, {"channel": "email"}),
}


def catalogue():
    """Every sanction type of the five shipped profiles, with the profile's slug."""
    for path in sorted(FIXTURES.glob("*.json")):
        for row in json.loads(path.read_text()):
            if row["model"] == "contactpolicy.sanctiontype":
                yield path.stem, row["fields"]


def stub_sanction(fields, params):
    from restrictions.models import Sanction

    stype = SanctionType(
        kind=fields["kind"],
        code=fields["code"],
        name=fields["name"],
        staff_instruction=fields.get("staff_instruction", ""),
        reply_rule=fields.get("reply_rule", ""),
    )
    if fields["kind"] == kinds.no_engagement_on_matter.KIND:
        return SimpleNamespace(
            kind=fields["kind"],
            sanction_type=stype,
            description="",
            scope_cases=SimpleNamespace(all=lambda: []),
        )
    sanction = Sanction(kind=fields["kind"], sanction_type=stype, status="active", **params)
    if fields["kind"] == kinds.named_officer.KIND:
        from contactpolicy.models import User

        sanction.officer = User(pk=NAMED.pk, first_name="Nina", last_name="Grant")
    return sanction


INSTRUCTED = [
    pytest.param(slug, fields, id=f"{slug}/{fields['code']}")
    for slug, fields in catalogue()
    if fields.get("staff_instruction") and fields["kind"] != kinds.written_agreement.KIND
]


@pytest.mark.parametrize(("slug", "fields"), INSTRUCTED)
def test_each_sanction_type_tells_staff_its_own_profiles_instruction(slug, fields):
    """DESIGN.md §5, third column: what staff are told is the profile's own wording."""
    kind = fields["kind"]
    params, contact = TRIGGERS.get(kind, ({}, {"channel": "email"}))
    finding = assess_sanction(
        stub_sanction(fields, params),
        channel=contact["channel"],
        moment=TUESDAY_1030,
        officer=SOMEONE_ELSE,
        case=None,
        sender=contact.get("sender", ""),
        different_topic=False,
    )
    assert finding is not None
    assert fields["staff_instruction"].rstrip(".") in finding.instruction


def test_every_read_and_file_sanction_states_its_policys_reply_rule():
    """BTPA §8 mechanism 3 replies at the outcome; OPCC, IPCC §6 and Tamworth §8 reply to
    new information. Each fixture says which, so no profile inherits another's rule."""
    rules = {
        (slug, fields["code"]): fields.get("reply_rule")
        for slug, fields in catalogue()
        if fields["kind"] == kinds.read_and_file.KIND
    }
    assert rules == {
        ("btpa", "written-read-and-file"): ReplyRule.AT_OUTCOME,
        ("opcc", "read-and-file"): ReplyRule.NEW_INFORMATION,
        ("ipcc", "read-and-file"): ReplyRule.NEW_INFORMATION,
        ("tamworth", "terminate-contact"): ReplyRule.NEW_INFORMATION,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "expected"), [("btpa", "letter"), ("opcc", None), ("ipcc", None)])
def test_one_method_is_post_by_default_only_where_the_policy_says_so(
    activate_profile, slug, expected
):
    """BTPA §8 (written, 1): "by default, will be by post"; the others name no default."""
    profile = activate_profile(slug)
    form = ProposalForm(profile=profile, kinds=["sanction"])
    [stype] = [t for t in profile.sanction_types.all() if t.kind == kinds.one_method.KIND]
    assert form.fields[f"s{stype.pk}_channel"].initial == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "shown"),
    [
        (
            "btpa",
            "The response is due by the journalist's deadline or within 3 office hours, "
            "whichever is sooner (BTPA §7.1–7.2 (Media Enquiries)).",
        ),
        ("opcc", None),
        ("natural-england", None),
    ],
)
def test_the_media_standard_on_log_a_contact_is_the_active_profiles(
    client, activate_profile, slug, shown
):
    """BTPA §7.1–7.2 sets a media standard; a profile whose policy sets none says nothing."""
    activate_profile(slug)
    client.force_login(UserFactory(roles=[Role.CASEWORKER]))
    page = client.get("/contacts/new/").content.decode().replace("&#x27;", "'")
    if shown:
        assert shown in page
    assert "3 office hours" not in page if shown is None else True
    assert "If it is a media enquiry" in page


# -- Read and file under each rule, through Log a contact ------------------------------------


def _log(client, customer, **extra):
    from tests.restrictions.restricted import just_now

    data = {
        "customer": customer.reference,
        "who": "existing",
        "channel": "letter",
        "kind": "general",
        "direction": "in",
        "summary": "Another letter about the same complaint",
        "language": "en",
        "instruction_followed": "on",
        **just_now(),
        **extra,
    }
    return client.post("/contacts/new/", data)


@pytest.mark.django_db
def test_btpa_read_and_file_replies_only_once_the_matter_has_reached_an_outcome(
    client, activate_profile, caseworker, line_manager, chief_executive
):
    """BTPA §8, written correspondence, mechanism 3: "a response will only be sent once a
    matter has reached an outcome": marking new information starts no reply clock."""
    from cases.models import Contact
    from tests.restrictions.factories import sanction_of
    from tests.restrictions.restricted import customer_named, sanction

    profile = activate_profile("btpa")
    customer = customer_named("Ada Quill", caseworker)
    sanction(
        customer,
        sanction_of(profile, "read_and_file"),
        proposer=line_manager,
        approvers=[chief_executive],
        recorder=caseworker,
    )
    client.force_login(caseworker)
    page = client.get("/contacts/new/", {"customer": customer.reference}).content.decode()
    assert "It contains new information or a new complaint" not in page
    assert "until the matter has reached an outcome" in page

    _log(client, customer, new_information="on")
    contact = Contact.objects.get()
    assert (contact.acknowledge_due_at, contact.respond_due_at) == (None, None)
    assert contact.clock_note == READ_AND_FILE_AT_OUTCOME_NOTE
    assert contact.restriction_check.new_information is False


@pytest.mark.django_db
def test_opcc_read_and_file_replies_to_new_information(
    client, activate_profile, caseworker, line_manager, chief_executive
):
    """OPCC: "acknowledge or respond to it only if the customer provides new information or
    is making a new complaint"."""
    from cases.models import Contact
    from tests.restrictions.factories import sanction_of
    from tests.restrictions.restricted import customer_named, sanction

    profile = activate_profile("opcc")
    customer = customer_named("Ada Quill", caseworker)
    sanction(
        customer,
        sanction_of(profile, "read_and_file"),
        proposer=line_manager,
        approvers=[chief_executive],
        recorder=caseworker,
    )
    client.force_login(caseworker)
    page = client.get("/contacts/new/", {"customer": customer.reference}).content.decode()
    assert "It contains new information or a new complaint" in page

    _log(client, customer, new_information="on")
    contact = Contact.objects.get()
    # OPCC sets no service standard, so no clock runs; but the restriction stops none.
    assert contact.clock_note not in NO_REPLY_NOTES
    assert contact.restriction_check.new_information is True
