"""Every export is recorded before its first byte leaves, and counted when its last has gone."""

import pytest

from contactpolicy.exports import counted, record_export
from contactpolicy.models import Export

pytestmark = pytest.mark.django_db


def test_an_export_is_recorded_with_who_what_and_its_filters(line_manager):
    export = record_export(
        line_manager,
        kind="register",
        description="Sanctions register, in force",
        file_format="csv",
        filters={"stage": "active"},
    )

    export.refresh_from_db()
    assert (export.user, export.kind, export.file_format) == (line_manager, "register", "csv")
    assert export.filters == {"stage": "active"}
    assert export.rows is None  # nothing sent yet


def test_the_rows_are_counted_only_once_the_last_has_gone(line_manager):
    export = record_export(line_manager, kind="register", description="x", file_format="csv")
    rows = counted(export, iter(["a", "b", "c"]))

    assert next(rows) == "a"
    assert Export.objects.get(pk=export.pk).rows is None  # cut off here: no count
    assert list(rows) == ["b", "c"]
    assert Export.objects.get(pk=export.pk).rows == 3
