import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('delegations', '0006_updated_at_for_feeds'),
        ('events', '0007_guest_external_ref'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='GuestImport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('original_name', models.CharField(blank=True, max_length=255, verbose_name='file name')),
                ('file_name', models.CharField(blank=True, editable=False, max_length=200)),
                ('file_size', models.PositiveBigIntegerField(default=0, verbose_name='size')),
                ('file_kind', models.CharField(blank=True, max_length=8, verbose_name='format')),
                ('encoding', models.CharField(blank=True, help_text='Of a CSV file: detected, or as given with the upload.', max_length=32, verbose_name='encoding')),
                ('encoding_override', models.CharField(blank=True, editable=False, max_length=32)),
                ('language', models.CharField(blank=True, help_text="The uploader's: the language the problems are described in.", max_length=16, verbose_name='language')),
                ('mapping', models.JSONField(blank=True, default=list, verbose_name='column mapping')),
                ('mapping_override', models.JSONField(blank=True, default=dict, editable=False)),
                ('header_row', models.PositiveIntegerField(blank=True, null=True, verbose_name='header row')),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Checking'), ('ready', 'Ready to commit'), ('failed', 'Cannot be imported'), ('committed', 'Committed'), ('expired', 'Expired')], default='queued', max_length=10, verbose_name='status')),
                ('total_rows', models.PositiveIntegerField(default=0, verbose_name='rows')),
                ('processed_rows', models.PositiveIntegerField(default=0, verbose_name='rows checked')),
                ('counts', models.JSONField(blank=True, default=dict, verbose_name='outcome')),
                ('problems', models.JSONField(blank=True, default=list, verbose_name='problems')),
                ('warnings', models.JSONField(blank=True, default=list, verbose_name='warnings')),
                ('rows', models.JSONField(blank=True, default=list, verbose_name='rows')),
                ('plan_digest', models.CharField(blank=True, editable=False, max_length=64)),
                ('error', models.TextField(blank=True, verbose_name='error')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded')),
                ('checked_at', models.DateTimeField(blank=True, null=True, verbose_name='checked')),
                ('committed_at', models.DateTimeField(blank=True, null=True, verbose_name='committed')),
                ('committed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='committed by')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                ('delegation', models.ForeignKey(blank=True, help_text='New guests join this delegation.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='delegations.delegation', verbose_name='delegation')),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='guest_imports', to='events.event', verbose_name='event')),
            ],
            options={
                'verbose_name': 'guest import',
                'verbose_name_plural': 'guest imports',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['event', 'created_at'], name='spreadsheet_event_i_f14c95_idx'), models.Index(fields=['status', 'created_at'], name='spreadsheet_status_a6ddc0_idx')],
            },
        ),
    ]
