from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("events", "0006_guest_list_indexes")]

    operations = [
        migrations.AddField(
            model_name="guest",
            name="external_ref",
            field=models.CharField(
                blank=True, db_index=True, max_length=100, verbose_name="external reference",
                help_text="The guest's id in the sender's list (spreadsheet imports match rows by it).",
            ),
        ),
    ]
