"""Saving a profile whose rules would leave an appeal with nobody to decide it is refused on
its edit screen, with the reason; the shipped profiles all save."""

import json

import pytest
from django.urls import reverse

from contactpolicy.choices import DecisionKind
from contactpolicy.models import PolicyProfile
from contactpolicy.posts import appeal_deadlock

pytestmark = pytest.mark.django_db


def _value(value):
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def _post_data(response, changes=None, rule_changes=None) -> dict:
    """The edit screen's form as it stands, with `changes` to the profile and
    `rule_changes` ({decision kind: {field: value}}) to its decision rules; the other
    inlines are left as they are (none of their rows sent)."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if name in {"is_active"}:
            continue
        if name == "two_person_rule":
            value = {None: "unknown", True: "true", False: "false"}[value]
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        if value is None:
            continue
        data[name] = _value(value)
    for name, value in (changes or {}).items():
        if value is False or value is None:
            data.pop(name, None)
        else:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        prefix = formset.prefix
        if prefix != "decision_rules":
            data[f"{prefix}-TOTAL_FORMS"] = 0
            data[f"{prefix}-INITIAL_FORMS"] = 0
            continue
        data[f"{prefix}-TOTAL_FORMS"] = len(formset.initial_forms)
        data[f"{prefix}-INITIAL_FORMS"] = len(formset.initial_forms)
        for rule_form in formset.initial_forms:
            values = {name: rule_form.initial.get(name) for name in rule_form.fields}
            values["id"] = rule_form.instance.pk
            values.update((rule_changes or {}).get(rule_form.instance.decision_kind, {}))
            for name, value in values.items():
                key = rule_form.add_prefix(name)
                if isinstance(value, bool):
                    if value:
                        data[key] = "on"
                elif value is not None:
                    data[key] = _value(value)
    return data


def _change_url(profile) -> str:
    return reverse("admin:contactpolicy_policyprofile_change", args=[profile.pk])


def test_tamworth_rules_that_deadlock_appeals_are_refused_with_the_reason(
    client, administrator, tamworth
):
    """Tamworth §4: CMT "determine customer's appeals"; §10: the findings go "to a member of
    CMT". Reserving sanctions to the Chief Executive, with no other member of CMT named to
    decide when the Chief Executive took part, would leave those appeals undecidable: the
    save is refused with the reason, and nothing is saved."""
    client.force_login(administrator)
    page = client.get(_change_url(tamworth))
    reserve = {DecisionKind.SANCTION: {"reserved_to_chief_executive": True}}
    data = _post_data(
        page,
        changes={"appeal_alternative_decider_role": None, "appeal_alternative_decider_title": ""},
        rule_changes=reserve,
    )

    refused = client.post(_change_url(tamworth), data)

    assert refused.status_code == 200
    content = refused.content.decode()
    assert "Appeals could not be decided: a decision to impose sanctions is reserved" in content
    assert "Name who decides an appeal when the first choice took part" in content
    tamworth.refresh_from_db()
    assert tamworth.appeal_alternative_decider_role == "head_of_service"
    assert not tamworth.decision_rules.get(decision_kind="sanction").reserved_to_chief_executive

    # With the other member of CMT named (as shipped), the same rules save.
    saved = client.post(_change_url(tamworth), _post_data(page, rule_changes=reserve))
    assert saved.status_code == 302, saved.context["errors"]
    assert tamworth.decision_rules.get(decision_kind="sanction").reserved_to_chief_executive


def test_the_appeal_posts_are_on_the_edit_screen_with_their_help(client, administrator, tamworth):
    client.force_login(administrator)
    content = client.get(_change_url(tamworth)).content.decode()
    for name in (
        "appeal_to_title",
        "appeal_decided_by_title",
        "appeal_alternative_decider_role",
        "appeal_alternative_decider_title",
        "appeal_alternative_investigator_role",
        "appeal_alternative_investigator_title",
        "appeal_outcome_binding",
    ):
        assert f'name="{name}"' in content
    assert "The appeal decider's determination is the decision" in content


def test_no_shipped_profile_can_deadlock_its_appeals(all_profiles):
    for profile in PolicyProfile.objects.all():
        assert appeal_deadlock(profile, profile.decision_rules.all()) == "", profile.slug


def test_tamworth_without_an_alternative_investigator_the_save_is_refused(
    client, administrator, tamworth
):
    """Tamworth §10: "The Head of Customer Services will investigate and present the
    findings to a member of CMT the case within 6 weeks of the request"; §9: the Head of
    Customer Services decides a corporate case. Blanking the alternative investigator would
    leave appeals against corporate decisions with nobody to investigate them: refused."""
    client.force_login(administrator)
    page = client.get(_change_url(tamworth))
    data = _post_data(
        page,
        changes={
            "appeal_alternative_investigator_role": None,
            "appeal_alternative_investigator_title": "",
        },
    )

    refused = client.post(_change_url(tamworth), data)

    assert refused.status_code == 200
    content = refused.content.decode()
    assert "Appeals could not be investigated: the Head of Customer Services approves" in content
    assert "Name who investigates an appeal when the first choice took part" in content
    tamworth.refresh_from_db()
    assert tamworth.appeal_alternative_investigator_role == "head_of_service"


def test_the_appeals_section_marks_the_setting_that_resolves_a_deadlock(
    client, administrator, activate_profile
):
    """Tamworth §4, §10: a member of CMT decides, and no one who took part. The refusal is
    the error of the alternative decider's role, which the summary links to, not a message
    about the form as a whole; blanking the alternative investigator marks its role."""
    from tests.contactpolicy.test_profile_editor import _post_data as section_data

    profile = activate_profile("tamworth")
    profile.decision_rules.filter(decision_kind="sanction").update(reserved_to_chief_executive=True)
    client.force_login(administrator)
    url = reverse("profile_section", args=[profile.slug, "appeals"])
    data = section_data(client.get(url))
    data.update(
        appeal_alternative_decider_role="",
        appeal_alternative_decider_title="",
        change_reason="Only the chief decides",
    )
    refused = client.post(url, data)
    assert refused.status_code == 400
    errors = refused.context["form"].errors
    assert list(errors) == ["appeal_alternative_decider_role"]
    assert errors["appeal_alternative_decider_role"][0].startswith("Appeals could not be decided")
    assert 'href="#id_appeal_alternative_decider_role"' in refused.text

    data = section_data(client.get(url))
    data.update(
        appeal_alternative_investigator_role="",
        appeal_alternative_investigator_title="",
        change_reason="Only the Head of Customer Services investigates",
    )
    refused = client.post(url, data)
    assert list(refused.context["form"].errors) == ["appeal_alternative_investigator_role"]


def test_the_decisions_section_refuses_reserving_sanctions_when_appeals_would_deadlock(
    client, administrator, activate_profile
):
    """Tamworth §4: CMT "determine customer's appeals against the decision made by the
    Council"; with no other decider named, reserving sanctions to the Chief Executive (who
    decides appeals) on the editor's decision rules is refused with the reason."""
    from tests.contactpolicy.test_profile_editor import _post_data as section_data

    profile = activate_profile("tamworth")
    profile.appeal_alternative_decider_role = None
    profile.appeal_alternative_decider_title = ""
    profile.save()
    client.force_login(administrator)
    url = reverse("profile_section", args=[profile.slug, "decisions"])
    page = client.get(url)
    data = section_data(page)
    [formset] = [f for name, f in page.context["formsets"] if f.prefix == "decision_rules"]
    [sanction] = [f for f in formset.forms if f.instance.decision_kind == DecisionKind.SANCTION]
    data[sanction.add_prefix("reserved_to_chief_executive")] = "on"
    data["change_reason"] = "Cabinet reserved sanctions"

    refused = client.post(url, data)

    assert refused.status_code == 400
    assert "Appeals could not be decided: a decision to impose sanctions is reserved" in (
        refused.text
    )
    assert not profile.decision_rules.get(decision_kind="sanction").reserved_to_chief_executive
