"""Every error summary link moves focus to its field (WCAG 3.3.1, 2.4.3): it points at the
input itself, or at the first radio, checkbox or date box of a group, as the GOV.UK error
summary does. Each form is sent empty and with junk, and its summary's links are compared
with the form as rendered."""

from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string

from tests.contactpolicy import test_error_messages
from tests.contactpolicy.test_error_messages import all_govuk_forms, field_names

# The forms' constructor arguments, as the error messages test builds them.
builders = test_error_messages.builders

pytestmark = pytest.mark.django_db


class Elements(HTMLParser):
    """The form controls in some HTML, in order, and the targets of its in-page links."""

    def __init__(self):
        super().__init__()
        self.controls: list[dict] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.controls.append({"tag": tag, **attrs})
        elif tag == "a" and (attrs.get("href") or "").startswith("#"):
            self.links.append(attrs["href"][1:])


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def bound_forms(form_class, builders):
    extra = builders.get(form_class.__name__, lambda data: {})
    blank = form_class({}) if not (kw := extra({})) else form_class(data={}, **kw)
    datasets = [{}]
    if form_class.__name__ != "SignInForm":
        # A well-formed sign-in goes on to authentication, which needs a request.
        datasets.append(dict.fromkeys(field_names(blank), "x"))
    for data in datasets:
        form = form_class(data=data, **extra(data))
        form.is_valid()
        yield form


def test_every_error_link_lands_on_a_control_that_takes_focus(builders):
    problems, checked = [], 0
    for form_class in sorted(all_govuk_forms(), key=lambda c: c.__name__):
        for form in bound_forms(form_class, builders):
            expected = []
            for name in form.errors:
                if name == "__all__":
                    continue
                field = form[name]
                expected.append(field.anchor)
                if field.is_hidden:
                    good = field.anchor in (getattr(form, "non_field_anchor", ""), "main-content")
                else:
                    controls = parse(str(field)).controls
                    if not controls:
                        continue  # a group offered no options here: nothing to link to
                    good = field.anchor == controls[0].get("id")
                checked += 1
                if not good:
                    problems.append(f"{form_class.__name__}.{name}: #{field.anchor}")
            summary = parse(render_to_string("govuk/error_summary.html", {"form": form}))
            allowed = {*expected, getattr(form, "non_field_anchor", ""), "main-content"}
            if not set(expected) <= set(summary.links) <= allowed:
                problems.append(f"{form_class.__name__}: summary links {summary.links}")
    assert checked > 100
    assert not problems, "\n".join(sorted(set(problems)))


@pytest.mark.parametrize(
    ("form_name", "field", "anchor"),
    [
        ("ContactForm", "who", "id_who_0"),
        ("ContactForm", "channel", "id_channel_0"),
        ("ProposalForm", "kind", "id_kind_0"),
        ("AnswerForm", "outcome", "id_outcome_0"),
    ],
)
def test_revealing_radios_are_linked_at_their_first_radio(builders, form_name, field, anchor):
    form_class = next(f for f in all_govuk_forms() if f.__name__ == form_name)
    form = form_class(data={}, **builders.get(form_name, lambda data: {})({}))
    form.is_valid()
    assert form[field].anchor == anchor
    assert f'href="#{anchor}"' in render_to_string("govuk/error_summary.html", {"form": form})
