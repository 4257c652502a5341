"""Short dates in templates: `{% load dates %}` then `|short_date`, `|short_datetime` or
`|day_and_date`. Each shows the year whenever the date is not in the current one."""

from django import template

from contactpolicy import dates

register = template.Library()


def _or_empty(function):
    def wrapped(value):
        return function(value) if value else ""

    wrapped.__name__ = function.__name__
    return wrapped


register.filter("short_date", _or_empty(dates.short_date))
register.filter("short_datetime", _or_empty(dates.short_datetime))
register.filter("day_and_date", _or_empty(dates.day_and_date))
