from django.db import connection, models, transaction


class ReferenceSequence(models.Model):
    """The last number issued for a reference prefix in a year (CON-2026-000123).

    Numbers are drawn under a row lock, so two people saving at once never share one.
    """

    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="one_sequence_per_prefix_year")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


NEXT_NUMBER = (
    "INSERT INTO {table} (prefix, year, last) VALUES (%s, %s, 1) "
    "ON CONFLICT (prefix, year) DO UPDATE SET last = {table}.last + 1 "
    "RETURNING last"
)


def next_reference(prefix: str, year: int) -> str:
    """The next reference for the prefix and year, in one atomic statement.

    An upsert that returns the new number (PostgreSQL, and SQLite since 3.35): the row is
    locked by the update itself, so two people saving at once get different numbers.
    """
    table = connection.ops.quote_name(ReferenceSequence._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(NEXT_NUMBER.format(table=table), [prefix, year])
        (number,) = cursor.fetchone()
    return f"{prefix}-{year}-{number:06d}"
