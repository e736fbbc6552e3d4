"""Before printing: which guests have text that no font can draw (it would print as empty boxes)."""
from events.models import Guest, GuestStatus

from .content import guest_texts, missing_characters
from .render import PreparedTemplate


def coverage_report(event, template) -> dict:
    prepared = PreparedTemplate(template, event)
    fields = prepared.text_fields()
    guests = Guest.objects.filter(event=event, status=GuestStatus.APPROVED).select_related("delegation").order_by(
        "family_name", "given_name", "id"
    )
    problems = []
    checked = 0
    for guest in guests:
        checked += 1
        for problem in missing_characters(guest_texts(guest), fields):
            problems.append({"guest_id": guest.pk, "guest": guest.full_name, **problem})
    return {"template": template.pk, "checked": checked, "fields": sorted(fields), "problems": problems}
