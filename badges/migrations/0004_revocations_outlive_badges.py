import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def revoke_badges_of_refused_guests(apps, schema_editor):
    """Badges of guests rejected or cancelled before rejecting and cancelling revoked them: put them
    on the revocation list now, so that offline desks refuse them too."""
    Badge = apps.get_model("badges", "Badge")
    RevocationEntry = apps.get_model("badges", "RevocationEntry")
    now = timezone.now()
    for badge in Badge.objects.filter(status="active", guest__status__in=["rejected", "cancelled"]).select_related("guest"):
        reason = f"Guest {badge.guest.status}"
        Badge.objects.filter(pk=badge.pk).update(status="revoked", revoked_at=now, revoked_reason=reason, updated_at=now)
        RevocationEntry.objects.create(event_id=badge.event_id, badge_id=badge.pk, version=badge.version,
                                       kind="revoked", reason=reason, created_at=now)


class Migration(migrations.Migration):

    dependencies = [
        ('badges', '0003_zone_chip_options'),
        ('events', '0004_guest_photos_private'),
    ]

    operations = [
        migrations.AlterField(
            model_name='revocationentry',
            name='badge',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='revocations', to='badges.badge', verbose_name='badge'),
        ),
        migrations.RunPython(revoke_badges_of_refused_guests, migrations.RunPython.noop),
    ]
