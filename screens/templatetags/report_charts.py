"""A report table's chart and its figures in words, for `screens/reports/_chart.html`."""

from django import template

from screens.reports import charts, display

register = template.Library()


@register.simple_tag
def chart_svg(table):
    return charts.chart_svg(table)


@register.simple_tag
def chart_description(table):
    return charts.description(table)


@register.simple_tag
def chart_id(table):
    return charts.chart_id(table)


@register.filter
def value_words(figure):
    return display.value_words(figure)
