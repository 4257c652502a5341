"""What the sanction banner says, profile by profile, where a careless word would mislead:
the deputy officer, a restriction to one written method meeting a call, a contact dated
before the sanctions began, and a permitted contact read out by a screen reader."""

from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from cases.models import Customer
from contactpolicy.choices import Channel
from contactpolicy.roles import Role
from restrictions import sanctions as kinds
from restrictions.banner import Banner
from restrictions.models import CheckOutcome, RestrictionCase, Sanction, Stage
from tests.conftest import PROFILE_SLUGS
from tests.restrictions.factories import person

pytestmark = pytest.mark.django_db

SANCTIONED_AT = timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0))


def banner_of(profile, *sanctions, moment=None, officer=None, **case_fields):
    case = RestrictionCase(
        state=Stage.SANCTIONED,
        sanctioned_at=SANCTIONED_AT,
        customer=Customer(name="Gordon Pike", reference="CUS-2026-000001"),
        **case_fields,
    )
    banner = Banner(
        case=case,
        sanctions=list(sanctions),
        script=profile.termination_script,
        moment=moment or timezone.now(),
    )
    banner.advise_every_channel(officer=officer)
    return banner


def sanction_of_kind(profile, kind, **fields):
    stype = next(s for s in profile.sanction_types.all() if s.kind == kind)
    return Sanction(kind=kind, sanction_type=stype, status="active", **fields)


def advice_for(banner, channel):
    return next(a for a in banner.advice if a.channel == channel)


def rendered(banner) -> str:
    return render_to_string("restrictions/_sanction_banner.html", {"banner": banner})


@pytest.mark.parametrize("slug", PROFILE_SLUGS)
def test_the_deputy_is_told_they_are_the_deputy_and_what_that_means(activate_profile, slug):
    profile = activate_profile(slug)
    officer = person(Role.CASEWORKER, "olive", first_name="Olive", last_name="Officer")
    deputy = person(Role.CASEWORKER, "dan", first_name="Dan", last_name="Deputy")
    rule = sanction_of_kind(profile, kinds.named_officer.KIND, officer=officer, deputy=deputy)

    as_deputy = advice_for(banner_of(profile, rule, officer=deputy), Channel.TELEPHONE)
    as_officer = advice_for(banner_of(profile, rule, officer=officer), Channel.TELEPHONE)

    assert as_deputy.outcome == CheckOutcome.PERMITTED
    [told] = as_deputy.instructions
    assert "you are the deputy" in told
    assert "only when Olive Officer is away" in told
    assert "named officer" not in told
    assert as_officer.instructions == [
        "Contact with Olive Officer only (deputy: Dan Deputy): you are the named officer."
    ]


@pytest.mark.parametrize("slug", PROFILE_SLUGS)
def test_a_call_under_a_letters_only_restriction_is_not_read_and_filed_nor_scripted(
    activate_profile, slug
):
    profile = activate_profile(slug)
    banner = banner_of(profile, sanction_of_kind(profile, kinds.one_method.KIND, channel="letter"))

    call = advice_for(banner, Channel.TELEPHONE)
    assert call.outcome == CheckOutcome.BREACH
    assert not call.read_script
    assert not call.end_call_without_script
    [told] = call.instructions
    assert "read and file" not in told.lower()
    assert "tell the caller that we deal with them by letter only, then end the call" in told
    visit = advice_for(banner, Channel.VISIT)
    assert "read and file" not in visit.instructions[0].lower()
    assert not visit.read_script
    # Written contact by another method is still read and filed, in the profile's words.
    email = advice_for(banner, Channel.EMAIL)
    assert "read and file" in email.instructions[0].lower()

    html = rendered(banner)
    assert "app-script" not in html
    if profile.termination_script:
        assert profile.termination_script[:40] not in html


def test_the_btpa_script_still_goes_with_a_telephone_restriction(activate_profile):
    btpa = activate_profile("btpa")
    banner = banner_of(btpa, sanction_of_kind(btpa, kinds.refuse_all.KIND))
    assert advice_for(banner, Channel.TELEPHONE).read_script
    assert not advice_for(banner, Channel.LETTER).read_script
    assert btpa.termination_script[:40] in rendered(banner)


@pytest.mark.parametrize("slug", PROFILE_SLUGS)
def test_a_contact_before_the_sanctions_began_says_the_restriction_did_not_apply(
    activate_profile, slug
):
    profile = activate_profile(slug)
    moment = timezone.make_aware(timezone.datetime(2026, 3, 10, 11, 0))
    # Sanctioned on 2 March, the sanctions beginning on 16 March: nothing in force on the 10th.
    banner = banner_of(profile, moment=moment)
    banner.case.sanctions_begin = date(2026, 3, 16)
    banner.case.sanction_begins_at_approval = False

    assert banner.before_sanctions
    assert banner.began_on == date(2026, 3, 16)
    assert banner.heading == "This customer's restriction was not in force on 10 March 2026"
    html = rendered(banner)
    assert "contact is restricted" not in html
    assert "No sanctions are in force" not in html
    assert "the sanctions apply from 16 March 2026" in html
    assert "app-channel-advice" not in html

    outcome = render_to_string("restrictions/_restriction_outcome.html", {"banner": banner})
    assert "was not in force on 10 March 2026" in outcome


def test_a_contact_once_the_sanctions_began_is_restricted(activate_profile):
    profile = activate_profile("tamworth")
    rule = sanction_of_kind(profile, kinds.one_method.KIND, channel="letter")
    banner = banner_of(profile, rule, moment=SANCTIONED_AT + timedelta(days=20))
    banner.case.sanctions_begin = date(2026, 3, 16)
    banner.case.sanction_begins_at_approval = False
    assert not banner.before_sanctions
    assert banner.heading == "This customer's contact is restricted"


@pytest.mark.parametrize("slug", PROFILE_SLUGS)
def test_a_permitted_instruction_is_not_announced_as_a_warning(activate_profile, slug):
    profile = activate_profile(slug)
    officer = person(Role.CASEWORKER, "olive", first_name="Olive", last_name="Officer")
    rule = sanction_of_kind(profile, kinds.named_officer.KIND, officer=officer)
    banner = banner_of(profile, rule, officer=officer)
    permitted = advice_for(banner, Channel.EMAIL)
    assert permitted.outcome == CheckOutcome.PERMITTED

    html = render_to_string(
        "restrictions/_channel_advice.html", {"advice": permitted, "banner": banner}
    )
    assert "Warning" not in html
    assert "govuk-warning-text" not in html
    assert '<span class="govuk-visually-hidden">Permitted: </span>' in html

    someone_else = banner_of(profile, rule, officer=None)
    redirected = advice_for(someone_else, Channel.EMAIL)
    html = render_to_string(
        "restrictions/_channel_advice.html", {"advice": redirected, "banner": someone_else}
    )
    assert '<span class="govuk-visually-hidden">Redirect: </span>' in html
