"""An Undo button in a success banner.

A view that offers to undo what it has just done adds its message with
`extra_tags=undo_tag(url, record)`; `templates/includes/messages.html` then shows a button
that posts `record` to `url`.
"""

from django import template

register = template.Library()

PREFIX = "undo"


def undo_tag(url: str, record: int | None) -> str:
    return f"{PREFIX} {url} {record}" if record is not None else ""


@register.filter
def undo_action(message) -> dict | None:
    parts = (getattr(message, "extra_tags", "") or "").split()
    if len(parts) != 3 or parts[0] != PREFIX or not parts[2].isdigit():
        return None
    return {"url": parts[1], "record": parts[2]}
