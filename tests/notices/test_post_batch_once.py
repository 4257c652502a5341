"""Today's post is prepared once: the same notices on the same day give the same batch, a
notice is printed in one batch unless someone reprints it on purpose (recorded), and a
batch whose worker never started or died is resumed, never copied (issue 17)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from contactpolicy.refusals import Refused
from notices.models import PostBatch, PostBatchNotice, PostReprint
from notices.services import (
    notice_reprint,
    post_batch_build,
    post_batch_resume,
    post_batch_start,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture
def prepare(post_people, django_capture_on_commit_callbacks):
    """Prepare today's post as a member of staff would, the task run after the commit."""

    def _prepare(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            batch = post_batch_start(actor=post_people["caseworker"], **kwargs)
        batch.refresh_from_db()
        return batch

    return _prepare


def held_notices(batch) -> set[int]:
    return set(batch.rows.filter(held=True).values_list("notice_id", flat=True))


def test_the_same_notices_on_the_same_day_give_the_same_batch(waiting, prepare):
    first, second = waiting(), waiting()

    batch = prepare()
    assert batch.is_ready
    assert prepare().pk == batch.pk
    assert prepare(day=timezone.localdate() + timedelta(days=1)).pk == batch.pk  # still held
    assert PostBatch.objects.count() == 1
    assert held_notices(batch) == {first.pk, second.pk}


def test_preparing_again_from_the_print_queue_shows_the_batch_already_made(
    client, waiting, post_people
):
    waiting()
    client.force_login(post_people["caseworker"])

    answers = [client.post(reverse("notices:todays_post")) for _ in range(3)]

    batch = PostBatch.objects.get()
    assert {a.status_code for a in answers} == {302}
    assert {a.url for a in answers} == {reverse("notices:post_batch", args=[batch.pk])}
    queue = client.get(reverse("notices:print_queue")).content.decode()
    assert "Post already prepared" in queue
    assert reverse("notices:post_batch", args=[batch.pk]) in queue


def test_a_notice_in_a_printed_batch_is_not_put_in_a_new_one(waiting, prepare):
    printed = waiting()
    first = prepare()
    later = waiting()

    second = prepare()

    assert second.pk != first.pk
    assert held_notices(first) == {printed.pk}
    assert held_notices(second) == {later.pk}
    assert second.total == 1


def test_the_database_refuses_a_notice_held_by_two_batches(waiting, prepare, post_people):
    from django.db import IntegrityError, transaction

    notice = waiting()
    prepare()
    other = PostBatch.objects.create(total=1, content_key="b" * 64, created_by=post_people["head"])
    with pytest.raises(IntegrityError), transaction.atomic():
        PostBatchNotice.objects.create(batch=other, notice=notice)


def test_a_deliberate_reprint_is_recorded_and_goes_in_the_next_batch_once(
    waiting, prepare, post_people
):
    notice = waiting()
    first = prepare()
    with pytest.raises(ValidationError):
        notice_reprint(notice=notice, actor=post_people["caseworker"], reason="   ")

    reprint = notice_reprint(
        notice=notice, actor=post_people["caseworker"], reason="The printer jammed on it"
    )
    again = notice_reprint(notice=notice, actor=post_people["head"], reason="Asked twice")

    assert again.pk == reprint.pk  # one reprint waiting at a time
    assert (reprint.requested_by, reprint.reason) == (
        post_people["caseworker"],
        "The printer jammed on it",
    )
    second = prepare()
    assert second.pk != first.pk and second.is_ready
    assert list(second.rows.values_list("notice_id", "reprint_id")) == [(notice.pk, reprint.pk)]
    assert prepare().pk == second.pk  # the reprint is printed once
    assert PostReprint.objects.count() == 1


def test_a_notice_not_printed_yet_is_not_reprinted(waiting, post_people):
    notice = waiting()

    with pytest.raises(Refused, match="has not been printed yet"):
        notice_reprint(notice=notice, actor=post_people["caseworker"], reason="Spoiled")


def test_reprinting_from_the_notice_page(client, waiting, prepare, post_people):
    notice = waiting()
    prepare()
    client.force_login(post_people["caseworker"])
    url = reverse("notices:reprint", args=[notice.reference])

    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert "Write why the notice is printed again" in refused.content.decode()

    done = client.post(url, {"reason": "Lost on the way to the post room"}, follow=True)
    page = done.content.decode()
    assert "will be printed again in the next batch" in page
    assert "Lost on the way to the post room" in page
    assert 'id="print-again"' not in page  # nothing more to ask until it is printed


def test_a_redelivered_task_does_nothing_on_a_finished_batch(waiting, prepare):
    waiting()
    batch = prepare()
    file, finished = batch.file.name, batch.finished_at

    assert post_batch_build(batch.pk) is False

    batch.refresh_from_db()
    assert (batch.file.name, batch.finished_at) == (file, finished)


def test_a_redelivered_task_does_nothing_on_a_batch_a_live_worker_holds(
    waiting, post_people, django_capture_on_commit_callbacks
):
    waiting()
    with django_capture_on_commit_callbacks(execute=False):
        batch = post_batch_start(actor=post_people["caseworker"])
    now = timezone.now()
    PostBatch.objects.filter(pk=batch.pk).update(started_at=now, alive_at=now)

    assert post_batch_build(batch.pk) is False

    batch.refresh_from_db()
    assert batch.finished_at is None and not batch.file


def test_a_batch_whose_worker_died_is_built_by_the_next_delivery(
    waiting, post_people, django_capture_on_commit_callbacks
):
    waiting()
    with django_capture_on_commit_callbacks(execute=False):
        batch = post_batch_start(actor=post_people["caseworker"])
    long_ago = timezone.now() - PostBatch.SILENT_AFTER - timedelta(minutes=1)
    PostBatch.objects.filter(pk=batch.pk).update(started_at=long_ago, alive_at=long_ago, done=1)
    batch.refresh_from_db()
    assert batch.has_stalled(timezone.now())

    assert post_batch_build(batch.pk) is True

    batch.refresh_from_db()
    assert batch.is_ready and PostBatch.objects.count() == 1


@pytest.mark.parametrize("started", [False, True], ids=["never started", "worker died"])
def test_preparing_again_resumes_a_stalled_batch_instead_of_copying_it(
    waiting, post_people, prepare, django_capture_on_commit_callbacks, started
):
    waiting()
    with django_capture_on_commit_callbacks(execute=False):  # the broker lost the task
        stalled = post_batch_start(actor=post_people["caseworker"])
    long_ago = timezone.now() - timedelta(hours=1)
    PostBatch.objects.filter(pk=stalled.pk).update(
        queued_at=long_ago,
        started_at=long_ago if started else None,
        alive_at=long_ago if started else None,
    )

    batch = prepare()

    assert batch.pk == stalled.pk
    assert batch.is_ready
    assert PostBatch.objects.count() == 1


def test_try_again_on_a_stalled_batch_sends_the_same_batch(
    client, waiting, post_people, django_capture_on_commit_callbacks
):
    waiting()
    with django_capture_on_commit_callbacks(execute=False):
        batch = post_batch_start(actor=post_people["caseworker"])
    PostBatch.objects.filter(pk=batch.pk).update(queued_at=timezone.now() - timedelta(minutes=3))
    client.force_login(post_people["caseworker"])
    page = client.get(reverse("notices:post_batch", args=[batch.pk])).content.decode()
    assert "Today's post has not started" in page and 'id="resume-post"' in page

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("notices:post_batch_resume", args=[batch.pk]))

    assert answer.url == reverse("notices:post_batch", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.is_ready and PostBatch.objects.count() == 1
    assert post_batch_resume(batch=batch, actor=post_people["caseworker"]) is False  # finished


def test_a_worker_that_lost_its_claim_keeps_nothing(
    waiting, post_people, django_capture_on_commit_callbacks, monkeypatch
):
    import uuid

    from notices import services

    waiting()
    with django_capture_on_commit_callbacks(execute=False):
        batch = post_batch_start(actor=post_people["caseworker"])
    join = services.post_batch_pdf

    def overtaken(notices, progress=None):
        # While this worker was silent, the batch was resumed and another worker claimed it.
        PostBatch.objects.filter(pk=batch.pk).update(claim=uuid.uuid4())
        return join(notices, progress=progress)

    monkeypatch.setattr(services, "post_batch_pdf", overtaken)

    assert post_batch_build(batch.pk) is False

    batch.refresh_from_db()
    assert batch.finished_at is None and not batch.file


def test_a_build_that_cannot_read_a_notice_lets_the_retry_claim_it(
    waiting, post_people, django_capture_on_commit_callbacks
):
    import os

    notice = waiting()
    with django_capture_on_commit_callbacks(execute=False):
        batch = post_batch_start(actor=post_people["caseworker"])
    os.remove(notice.file.path)

    with pytest.raises(OSError):  # the task retries with back-off
        post_batch_build(batch.pk)

    batch.refresh_from_db()
    assert (batch.started_at, batch.claim, batch.finished_at) == (None, None, None)
