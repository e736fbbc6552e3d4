"""Keys of rest_framework.authtoken (plain text in authtoken_token) become hashed API tokens, so
installed clients keep working; then that table is dropped, and with it every plain-text key.
(rest_framework.authtoken is no longer installed: on a new database the table never existed.)"""
import hashlib

from django.db import migrations

LEGACY_TABLE = "authtoken_token"


def hash_legacy_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if LEGACY_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {LEGACY_TABLE}")
        legacy = cursor.fetchall()
    ApiToken.objects.bulk_create([
        ApiToken(user_id=user_id, name="migrated", prefix=key[:12],
                 digest=hashlib.sha256(key.encode("ascii")).hexdigest(), expires_at=None)
        for key, user_id, created in legacy
    ])
    schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(LEGACY_TABLE)}")
    # Forget its migrations too: were the app installed again, they would create the table anew.
    schema_editor.execute("DELETE FROM django_migrations WHERE app = %s", ["authtoken"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_auth_api_tokens")]

    operations = [migrations.RunPython(hash_legacy_tokens, migrations.RunPython.noop)]
