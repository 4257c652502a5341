import hashlib

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _key(items) -> str:
    """As `notices.services.post_batch_content_key`: the sorted (notice, reprint) pairs."""
    text = ",".join(
        f"{n}.{r}" if r else str(n) for n, r in sorted(items, key=lambda i: (i[0], i[1] or 0))
    )
    return hashlib.sha256(text.encode()).hexdigest()


def hold_once(apps, schema_editor):
    """Copy each batch's notices to the new table. The first batch to take a notice holds it;
    later copies keep their rows, not held. A copy of the same notices on the same day (the
    audit found them) keys on its own number, since it cannot share the day's key."""
    from django.utils import timezone

    PostBatch = apps.get_model("notices", "PostBatch")
    PostBatchNotice = apps.get_model("notices", "PostBatchNotice")
    Old = PostBatch._meta.get_field("old_notices").remote_field.through
    members: dict[int, list[int]] = {}
    for batch_id, notice_id in Old.objects.values_list("postbatch_id", "notice_id"):
        members.setdefault(batch_id, []).append(notice_id)
    held: set[int] = set()
    keys: set[tuple] = set()
    for batch in PostBatch.objects.order_by("pk"):
        notices = sorted(members.get(batch.pk, []))
        batch.day = timezone.localdate(batch.created_at)
        batch.queued_at = batch.created_at
        batch.content_key = _key([(n, None) for n in notices])
        if not batch.failed_reason:
            if (batch.day, batch.content_key) in keys:
                batch.content_key = hashlib.sha256(f"copy {batch.pk}".encode()).hexdigest()
            keys.add((batch.day, batch.content_key))
        if batch.finished_at is not None:
            batch.started_at = batch.alive_at = batch.finished_at
        batch.save(update_fields=["day", "queued_at", "content_key", "started_at", "alive_at"])
        rows = []
        for notice_id in notices:
            holds = not batch.failed_reason and notice_id not in held
            if holds:
                held.add(notice_id)
            rows.append(PostBatchNotice(batch_id=batch.pk, notice_id=notice_id, held=holds))
        PostBatchNotice.objects.bulk_create(rows)


def unhold(apps, schema_editor):
    PostBatch = apps.get_model("notices", "PostBatch")
    PostBatchNotice = apps.get_model("notices", "PostBatchNotice")
    Old = PostBatch._meta.get_field("old_notices").remote_field.through
    Old.objects.bulk_create(
        Old(postbatch_id=batch_id, notice_id=notice_id)
        for batch_id, notice_id in PostBatchNotice.objects.values_list("batch_id", "notice_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0002_post_batches"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("postbatch", "notices", "old_notices"),
        migrations.AddField(
            model_name="postbatch",
            name="day",
            field=models.DateField(
                default=django.utils.timezone.localdate, help_text="The day it was prepared for."
            ),
        ),
        migrations.AddField(
            model_name="postbatch",
            name="content_key",
            field=models.CharField(
                default="",
                help_text="SHA-256 of the notices it holds (and the reprints among them), in order.",
                max_length=64,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="postbatch",
            name="queued_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                help_text="When its task was last sent to the workers.",
            ),
        ),
        migrations.AddField(
            model_name="postbatch",
            name="claim",
            field=models.UUIDField(blank=True, help_text="The worker building it now.", null=True),
        ),
        migrations.AddField(
            model_name="postbatch",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="postbatch",
            name="alive_at",
            field=models.DateTimeField(
                blank=True, help_text="The building worker's last report of progress.", null=True
            ),
        ),
        migrations.CreateModel(
            name="PostReprint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reason", models.TextField()),
                ("requested_at", models.DateTimeField(auto_now_add=True)),
                (
                    "notice",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reprints",
                        to="notices.notice",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-requested_at", "-pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("reason", ""), _negated=True),
                        name="post_reprint_has_reason",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PostBatchNotice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("held", models.BooleanField(default=True)),
                (
                    "batch",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rows",
                        to="notices.postbatch",
                    ),
                ),
                (
                    "notice",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="post_batch_rows",
                        to="notices.notice",
                    ),
                ),
                (
                    "reprint",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="rows",
                        to="notices.postreprint",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("batch", "notice"), name="post_batch_notice_once"
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("held", True), ("reprint__isnull", True)),
                        fields=("notice",),
                        name="notice_held_by_one_post_batch",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("held", True)),
                        fields=("reprint",),
                        name="reprint_held_by_one_post_batch",
                    ),
                ],
            },
        ),
        migrations.RunPython(hold_once, unhold, elidable=False),
        migrations.RemoveField(model_name="postbatch", name="old_notices"),
        migrations.AddField(
            model_name="postbatch",
            name="notices",
            field=models.ManyToManyField(
                related_name="post_batches",
                through="notices.PostBatchNotice",
                to="notices.notice",
            ),
        ),
        migrations.AddConstraint(
            model_name="postbatch",
            constraint=models.UniqueConstraint(
                condition=models.Q(("failed_reason", "")),
                fields=("day", "content_key"),
                name="post_batch_once_a_day_per_notices",
            ),
        ),
    ]
