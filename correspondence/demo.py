"""Demo correspondence for the first demo event: its own wording of the programme update, drafts of
the approval message for one delegation (never sent by the demo) and an invitation letter for one
guest. Idempotent: an event that already has messages is left alone."""
from django.db import transaction

from events.models import Event, Guest

from .domain.letters import issue_letter
from .domain.outbox import create_messages
from .domain.templates import save_template
from .models import Message, MessageTemplate

DEMO_EVENT_SLUG = "china-central-asia-forum-2023"
PROGRAMME_UPDATE = {
    "zh-hans": {"subject": "{event.name}：日程更新", "body": "尊敬的{guest.full_name}：\n\n{delegation.name}的日程已更新，请查看日历。\n{feed_link}"},
    "en": {"subject": "{event.name}: programme update", "body": "Dear {guest.full_name},\n\nThe programme of the "
                                                                "{delegation.name} has changed; your calendar shows it.\n{feed_link}"},
    "ru": {"subject": "{event.name}: изменения в программе", "body": "Уважаемый(ая) {guest.full_name}!\n\nПрограмма "
                                                                     "({delegation.name}) изменилась.\n{feed_link}"},
}


@transaction.atomic
def seed():
    event = Event.objects.filter(slug=DEMO_EVENT_SLUG).first()
    if event is None or Message.objects.filter(event=event).exists():
        return
    if not MessageTemplate.objects.filter(event=event, kind="programme_update").exists():
        save_template(event=event, kind="programme_update", texts=PROGRAMME_UPDATE)
    guest = Guest.objects.filter(event=event).exclude(email="").exclude(delegation=None).order_by("id").first()
    if guest is None:
        return
    create_messages(event=event, kind="approval", selection={"delegation": guest.delegation_id})
    issue_letter(Guest.objects.select_related("event", "delegation").get(pk=guest.pk), "invitation")
