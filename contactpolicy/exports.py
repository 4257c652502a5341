"""Recording what leaves the product as a file (the model is `contactpolicy.models.Export`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from contactpolicy.models import Export


def record_export(
    user, *, kind: str, description: str, file_format: str, filters=None, rows: int | None = None
) -> Export:
    """Record that `user` took an export now, before its first byte is sent; or, with
    `file_format` SCREEN and the number of `rows` shown, that they read records on screen."""
    return Export.objects.create(
        user=user,
        kind=kind,
        description=description[:300],
        file_format=file_format,
        filters=dict(filters or {}),
        rows=rows,
    )


# The `file_format` of records read on a page rather than taken away as a file.
SCREEN = "screen"


def counted(export: Export, rows: Iterable) -> Iterator:
    """Pass `rows` through, and when the last has gone, record how many there were."""
    count = 0
    for row in rows:
        yield row
        count += 1
    Export.objects.filter(pk=export.pk).update(rows=count)
