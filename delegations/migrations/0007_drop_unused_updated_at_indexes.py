"""Drop the (event, updated_at) indexes of delegations, staff and vehicles: feed freshness counts a
calendar version now (feeds.CalendarVersion), and no query filters or sorts these tables by
updated_at (EXPLAIN of the API lists and of every feed scope on PostgreSQL used the event_id
indexes instead). The itinerary items' index stays: the item list's ?ordering=updated_at uses it."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('delegations', '0006_updated_at_for_feeds'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='delegation',
            name='delegations_event_i_7107c5_idx',
        ),
        migrations.RemoveIndex(
            model_name='staff',
            name='delegations_event_i_76a40e_idx',
        ),
        migrations.RemoveIndex(
            model_name='vehicle',
            name='delegations_event_i_5b5970_idx',
        ),
    ]
