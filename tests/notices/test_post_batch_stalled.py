"""A post batch the workers never started says so, instead of preparing for ever."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notices.models import PostBatch

pytestmark = pytest.mark.django_db


def batch_page(client, batch) -> str:
    return client.get(reverse("notices:post_batch", args=[batch.pk])).content.decode()


def test_a_batch_not_started_after_two_minutes_has_stalled(client, btpa_active, caseworker):
    batch = PostBatch.objects.create(total=3, content_key="a" * 64, created_by=caseworker)
    client.force_login(caseworker)
    assert "Preparing today's post: 0 of 3" in batch_page(client, batch)

    PostBatch.objects.filter(pk=batch.pk).update(queued_at=timezone.now() - timedelta(minutes=3))

    page = batch_page(client, batch)
    assert "Today's post has not started" in page
    assert "hx-trigger" not in page  # it stops polling


def test_a_batch_the_broker_refused_has_stalled_at_once(
    client, btpa_active, caseworker, broker_down
):
    from contactpolicy.dispatch import send_now

    assert not send_now("notices.build_post_batch", 0)
    batch = PostBatch.objects.create(total=1, content_key="a" * 64, created_by=caseworker)
    client.force_login(caseworker)

    assert "Today's post has not started" in batch_page(client, batch)


def test_a_batch_under_way_has_not_stalled(caseworker):
    batch = PostBatch.objects.create(
        total=3,
        content_key="a" * 64,
        created_by=caseworker,
        done=1,
        started_at=timezone.now(),
        alive_at=timezone.now(),
    )

    assert not batch.has_stalled(timezone.now() + timedelta(minutes=4))
