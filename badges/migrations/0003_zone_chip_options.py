"""Templates saved before the layout options had one schema carry options on zone_chips boxes that
the renderer never drew (min_size, max_lines) and now refuses: drop them, so those templates print."""
from django.db import migrations

DROPPED = {"zone_chips": ("min_size", "max_lines")}


def drop_unknown_options(apps, schema_editor):
    BadgeTemplate = apps.get_model("badges", "BadgeTemplate")
    for template in BadgeTemplate.objects.only("pk", "front_layout", "back_layout").iterator():
        changed = []
        for name in ("front_layout", "back_layout"):
            layout = getattr(template, name)
            if not isinstance(layout, list):
                continue
            for box in layout:
                if isinstance(box, dict):
                    for key in DROPPED.get(box.get("field"), ()):
                        if key in box:
                            del box[key]
                            if name not in changed:
                                changed.append(name)
        if changed:
            template.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("badges", "0002_verbose_names")]

    operations = [migrations.RunPython(drop_unknown_options, migrations.RunPython.noop)]
