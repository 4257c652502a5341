"""Batches made before today's post was prepared once keep their notices: the first batch
to take a notice holds it, later copies do not, and a copy of the same notices on the same
day gets a key of its own (migration 0003)."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from notices.models import PostBatch, PostBatchNotice
from tests.database import migrate_only, migrate_to_the_latest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media")]

BEFORE = [("notices", "0002_post_batches")]
AFTER = [("notices", "0003_post_batch_once_per_day_and_notice")]


@pytest.fixture
def back_to_the_latest():
    """Leave the database as every other test expects it: at the latest migrations, not at
    the one this test stops at (later migrations add columns other tests read)."""
    yield
    migrate_to_the_latest(connection)


@pytest.mark.usefixtures("back_to_the_latest")
def test_batches_made_before_keep_their_notices_each_held_once(waiting, post_people):
    first, second = waiting().pk, waiting().pk
    migrate_only(connection, BEFORE)
    old = MigrationLoader(connection).project_state(BEFORE).apps.get_model("notices", "PostBatch")
    made = []
    for failed in ("", "", "The stored copy does not match"):
        batch = old.objects.create(total=2, created_by_id=post_people["caseworker"].pk)
        batch.failed_reason = failed
        batch.save()
        batch.notices.set([first, second])
        made.append(batch.pk)

    migrate_only(connection, AFTER)

    original, copy, failed = (PostBatch.objects.get(pk=pk) for pk in made)
    assert original.content_key != copy.content_key
    assert original.day == copy.day
    assert set(original.rows.filter(held=True).values_list("notice_id", flat=True)) == {
        first,
        second,
    }
    assert not PostBatchNotice.objects.filter(batch__in=[copy, failed], held=True).exists()
    assert copy.rows.count() == failed.rows.count() == 2
