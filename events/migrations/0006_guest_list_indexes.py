from django.db import migrations, models

TRIGRAM_INDEX = "guest_search_text_trgm_idx"


def create_trigram_index(apps, schema_editor):
    """`?search=` is a LIKE '%word%' on search_text: on PostgreSQL a pg_trgm GIN index serves it."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON events_guest USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0005_countries_guest_language"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="guest",
            index=models.Index(fields=["event", "family_name", "given_name", "id"], name="guest_event_name_idx"),
        ),
        migrations.AddIndex(
            model_name="guest",
            index=models.Index(fields=["event", "created_at", "id"], name="guest_event_created_idx"),
        ),
        migrations.AddIndex(
            model_name="guest",
            index=models.Index(fields=["event", "updated_at", "id"], name="guest_event_updated_idx"),
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index, elidable=False),
    ]
