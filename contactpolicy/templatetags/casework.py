from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def querystring_page(context, param: str, number: int) -> str:
    """The current query string with one named page parameter set (several lists per page)."""
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + query.urlencode()
