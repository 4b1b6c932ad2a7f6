"""Fewer indexes on events: every index costs each imported row (docs/events.md, Speed).

Dropped: the single-column indexes of ``theme`` (covered by events_theme_begin) and ``source``
(covered by the unique constraint on source and external id), and PostgreSQL's ``_like``
pattern indexes of theme, buurt, person and address keys (no query uses LIKE on them). Buurt,
person and address keep a plain index, now declared in ``Meta.indexes``.

The database part drops the indexes by name (Django's names are the same on every backend)
instead of altering the fields, which on SQLite would copy the whole table five times.
"""

import django.db.models.deletion
from django.db import migrations, models

# Django's names for the db_index indexes of these columns of events_event.
OLD_INDEXES = {
    "events_event_theme_a041e780": "theme",
    "events_event_buurt_code_8e263e68": "buurt_code",
    "events_event_person_key_79c6e0b3": "person_key",
    "events_event_address_key_c722dc40": "address_key",
    "events_event_source_id_8865a32a": "source_id",
}
LIKE_INDEXES = [f"{name}_like" for name in list(OLD_INDEXES)[:4]]  # PostgreSQL only


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0002_import_hashes_and_files"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="event",
                    name="address_key",
                    field=models.CharField(
                        blank=True, max_length=64, verbose_name="address pseudonym"
                    ),
                ),
                migrations.AlterField(
                    model_name="event",
                    name="buurt_code",
                    field=models.CharField(blank=True, max_length=16),
                ),
                migrations.AlterField(
                    model_name="event",
                    name="person_key",
                    field=models.CharField(
                        blank=True, max_length=64, verbose_name="person pseudonym"
                    ),
                ),
                migrations.AlterField(
                    model_name="event",
                    name="source",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events",
                        to="events.eventsource",
                    ),
                ),
                migrations.AlterField(
                    model_name="event",
                    name="theme",
                    field=models.CharField(max_length=40, verbose_name="theme"),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=[f"DROP INDEX IF EXISTS {name}" for name in [*OLD_INDEXES, *LIKE_INDEXES]],
                    # Back without the _like indexes, which nothing needs.
                    reverse_sql=[
                        f"CREATE INDEX {name} ON events_event ({column})"
                        for name, column in OLD_INDEXES.items()
                    ],
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["buurt_code"], name="events_buurt"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["person_key"], name="events_person"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["address_key"], name="events_address"),
        ),
    ]
