"""A widget's HTML attributes written by Python rather than by Django's `attrs.html`.

Django renders every input, option and radio through `attrs.html`, an include of its own:
a form of thirty fields made several hundred nested template renders. The templates in
templates/django/forms/widgets/ call this tag instead and give the same HTML.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def widget_attrs(attrs: dict) -> SafeString:
    """` name="value"` for each attribute, as Django's `attrs.html` writes them: False
    leaves the attribute out, True writes its name alone."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(_as_text(value))}"')
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped above


def _as_text(value):
    # `stringformat:'s'` keeps a safe string safe and turns anything else into text.
    return value if isinstance(value, SafeString) else str(value)
