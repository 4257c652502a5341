"""Ten people preparing today's post at the same moment make one batch, and ten workers
given the same batch build it once, on a real PostgreSQL server (SQLite serialises every
writer, so it proves nothing here; these tests skip there).

The first request is held inside its transaction after taking its notices, so the others
really overlap: their INSERTs wait on its unique keys and then find the batch it made.

Run with: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pytest <this file>
"""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from notices import services, tasks
from notices.models import PostBatch, PostBatchNotice
from notices.services import notice_draft_for_contact, notice_issue, post_batch_start
from tests.cases.factories import ContactFactory
from tests.notices.factories import addressed_customer, staff
from tests.services import require_postgresql

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]

PEOPLE = 10
HOLD = 0.3  # seconds the first request keeps its transaction open after taking its notices


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people(btpa_active):
    require_postgresql()
    return staff()


def issued(people, count: int):
    for _ in range(count):
        contact = ContactFactory(customer=addressed_customer())
        draft = notice_draft_for_contact(contact=contact, actor=people["caseworker"])
        notice_issue(notice=draft, actor=people["caseworker"])


def run_together(call, times: int) -> tuple[list, list]:
    """Run `call` in `times` threads released at once, each on its own connection."""
    barrier = threading.Barrier(times)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except Exception as error:  # the test reports what a thread raised
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a thread is still waiting: a deadlock?"
    return results, errors


@pytest.fixture
def held(monkeypatch):
    real = PostBatchNotice.objects.bulk_create

    def slowed(*args, **kwargs):
        made = real(*args, **kwargs)
        time.sleep(HOLD)  # inside the request's transaction, its batch not yet committed
        return made

    monkeypatch.setattr(services.PostBatchNotice.objects, "bulk_create", slowed)


@pytest.fixture
def builds(monkeypatch):
    """What each run of the task answered (True: it built the batch)."""
    answers: list[bool] = []
    real = tasks.post_batch_build

    def counted(batch_id):
        answers.append(real(batch_id))
        return answers[-1]

    monkeypatch.setattr(tasks, "post_batch_build", counted)
    return answers


def test_ten_people_preparing_todays_post_at_once_make_one_batch(people, held, builds):
    issued(people, 3)

    batches, errors = run_together(lambda: post_batch_start(actor=people["caseworker"]), PEOPLE)

    assert errors == []
    assert len({batch.pk for batch in batches}) == 1
    batch = PostBatch.objects.get()
    assert batch.is_ready and batch.total == 3
    assert builds == [True]  # one task sent, one build
    assert PostBatchNotice.objects.filter(held=True).count() == 3


def test_ten_people_at_once_resume_a_stalled_batch_once_and_never_copy_it(
    people, builds, monkeypatch
):
    issued(people, 2)
    with monkeypatch.context() as lost:
        lost.setattr(services, "send_after_commit", lambda *args: None)
        stalled = post_batch_start(actor=people["caseworker"])
    # Its worker took it an hour ago and died part way through.
    long_ago = timezone.now() - timedelta(hours=1)
    PostBatch.objects.filter(pk=stalled.pk).update(
        queued_at=long_ago, started_at=long_ago, alive_at=long_ago, done=1
    )

    batches, errors = run_together(lambda: post_batch_start(actor=people["caseworker"]), PEOPLE)

    assert errors == []
    assert {batch.pk for batch in batches} == {stalled.pk}
    assert PostBatch.objects.count() == 1
    assert builds == [True]  # sent to the workers again once, and built by them
    stalled.refresh_from_db()
    assert stalled.is_ready


def test_a_batch_never_started_is_resumed_not_copied(people, builds, monkeypatch):
    issued(people, 1)
    with monkeypatch.context() as lost:
        lost.setattr(services, "send_after_commit", lambda *args: None)
        stalled = post_batch_start(actor=people["caseworker"])
    PostBatch.objects.filter(pk=stalled.pk).update(queued_at=timezone.now() - timedelta(hours=1))

    batches, errors = run_together(lambda: post_batch_start(actor=people["caseworker"]), PEOPLE)

    assert errors == []
    assert {batch.pk for batch in batches} == {stalled.pk}
    assert builds == [True]
    assert PostBatch.objects.count() == 1


def test_ten_workers_given_the_same_batch_build_it_once(people, monkeypatch):
    issued(people, 2)
    monkeypatch.setattr(services, "send_after_commit", lambda *args: None)  # no task yet
    batch = post_batch_start(actor=people["caseworker"])

    answers, errors = run_together(lambda: services.post_batch_build(batch.pk), PEOPLE)

    assert errors == []
    assert sorted(answers) == [False] * (PEOPLE - 1) + [True]
    batch.refresh_from_db()
    assert batch.is_ready
