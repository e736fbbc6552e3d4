"""Demo gates for the China–Central Asia forum: one entry gate per access zone and a main exit.

Runs after badges.demo (INSTALLED_APPS order); does nothing unless the forum and its zones exist.
Idempotent: gates are keyed by their English name, policies by zone."""
from django.db import transaction

from badges.models import AccessZone
from core.multilingual import localized
from events.models import Event

from .models import Checkpoint, CheckpointDirection, Reentry, ZonePolicy

FORUM = "china-central-asia-forum-2023"
# Halls where a badge may not be passed back out to someone else: one entry until an exit is scanned.
SINGLE_ENTRY_CODES = {"PLENARY", "BANQUET", "CEREMONY", "OPENING"}


@transaction.atomic
def seed():
    forum = Event.objects.filter(slug=FORUM).first()
    if forum is None:
        return []
    zones = list(AccessZone.objects.filter(event=forum).order_by("bit"))
    if not zones:
        return []
    gates = []
    for zone in zones:
        if zone.code == "ALL":
            name = {"en": "Main entrance", "zh-hans": "主入口", "ru": "Главный вход"}
        else:
            name = {"en": f"{localized(zone.name, 'en') or zone.code} gate",
                    "zh-hans": f"{localized(zone.name, 'zh-hans') or zone.code}入口",
                    "ru": f"Вход: {localized(zone.name, 'ru') or zone.code}"}
        gates.append(_gate(forum, name, CheckpointDirection.ENTRY, [zone]))
        if zone.code in SINGLE_ENTRY_CODES:
            ZonePolicy.objects.get_or_create(zone=zone, defaults={"reentry": Reentry.SINGLE})
    gates.append(_gate(forum, {"en": "Main exit", "zh-hans": "主出口", "ru": "Главный выход"}, CheckpointDirection.EXIT,
                       zones))
    return gates


def _gate(event, name, direction, zones):
    gate = Checkpoint.objects.filter(event=event, name__en=name["en"]).first()
    if gate is None:
        gate = Checkpoint.objects.create(event=event, name=name, direction=direction)
        gate.zones.set(zones)
    return gate
