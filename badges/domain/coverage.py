"""Before printing: which guests' badges cannot print as they are: text that no font can draw (it
would print as empty boxes), a name too long for its box (it would print cut)."""
from events.models import Guest, GuestStatus

from .content import NAME_DOES_NOT_FIT, guest_texts, missing_characters
from .prepared import PreparedTemplate


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
        texts = guest_texts(guest)
        for problem in missing_characters(texts, fields):
            problems.append({"guest_id": guest.pk, "guest": guest.full_name, **problem})
        for problem in prepared.names_that_do_not_fit(texts):
            problems.append({"guest_id": guest.pk, "guest": guest.full_name, "reason": NAME_DOES_NOT_FIT, **problem})
    return {"template": template.pk, "checked": checked, "fields": sorted(fields), "problems": problems}
