from django import template
from django.utils.html import format_html

from contactpolicy import links
from contactpolicy.idempotency import FIELD, new_token

register = template.Library()


@register.simple_tag(takes_context=True)
def querystring_page(context, param: str, number: int) -> str:
    """The current query string with one named page parameter set (several lists per page)."""
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + query.urlencode()


@register.simple_tag
def submission_token() -> str:
    """A hidden one-time token: posting this rendering of the form twice saves once."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())


@register.simple_tag
def reference_url(name: str, reference: str) -> str:
    """`{% url name reference %}` for a page named by a reference, in a list of many rows."""
    return links.reference_url(name, reference)
