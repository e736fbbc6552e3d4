"""factory_boy factories for every object the tests build: `GuestFactory(event=event, language="ru")`.
Defaults are realistic (multilingual names, a Kazakh delegate with a passport the model encrypts);
objects that a domain operation makes (badges, feed tokens, API tokens) are made through it. The
`make_*` functions are the short forms the test modules call."""
import datetime
import zoneinfo

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.domain import tokens
from badges.domain.issuing import issue_badge
from badges.domain.templates import default_template_values
from badges.models import AccessZone, Badge, BadgeBatch, BadgeTemplate
from checkin.models import Checkpoint, Scan, ZonePolicy, ZonePresence
from delegations.models import Delegation, Hotel, HotelStay, ItineraryItem, Staff, Vehicle
from events.models import Event, EventMembership, Guest, GuestStatus, ProgrammeSession, Venue
from feeds.domain.tokens import create_feed
from feeds.models import FeedToken

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
SHANGHAI_ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")


class Factory(DjangoModelFactory):
    """Sequences start at 1, as the numbers in names and e-mail addresses read."""

    class Meta:
        abstract = True

    @classmethod
    def _setup_next_sequence(cls):
        return 1


def sets_many(field):
    """A post-generation declaration: `SomeFactory(field=[…])` sets that many-to-many relation of the created row."""
    def set_them(obj, create, values, **kwargs):
        if create and values:
            getattr(obj, field).set(values)
    return factory.PostGeneration(set_them)


class UserFactory(Factory):
    class Meta:
        model = "auth.User"

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.LazyAttribute(lambda user: "pw-" + user.username)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class._default_manager.create_user(*args, **kwargs)


class EventFactory(Factory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    name = factory.LazyFunction(lambda: {"en": "Test Forum", "zh-hans": "测试论坛", "ru": "Тестовый форум"})
    timezone = "Asia/Shanghai"
    start_date = datetime.date(2023, 10, 31)
    end_date = datetime.date(2023, 11, 3)
    status = Event.Status.PUBLISHED


class MembershipFactory(Factory):
    """A user with a role in an event."""

    class Meta:
        model = EventMembership

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    role = "viewer"


class VenueFactory(Factory):
    class Meta:
        model = Venue

    event = factory.SubFactory(EventFactory)
    name = factory.LazyFunction(lambda: {"en": "Conference Centre", "zh-hans": "会议中心"})
    timezone = "Asia/Shanghai"
    latitude = "24.488100"
    longitude = "118.180000"
    address = "1 Huizhan Road"


class SessionFactory(Factory):
    """A session of the event's programme."""

    class Meta:
        model = ProgrammeSession

    event = factory.SubFactory(EventFactory)
    title = factory.LazyFunction(lambda: {"en": "Opening ceremony", "zh-hans": "开幕式", "ru": "Церемония открытия"})
    start = datetime.datetime(2023, 11, 1, 9, 30, tzinfo=SHANGHAI)
    end = datetime.datetime(2023, 11, 1, 10, 30, tzinfo=SHANGHAI)
    kind = "ceremony"


class GuestFactory(Factory):
    """An approved delegate from Kazakhstan; the model encrypts the passport number and date of birth."""

    class Meta:
        model = Guest

    event = factory.SubFactory(EventFactory)
    country = "KZ"
    category = "delegate"
    family_name = factory.Sequence(lambda n: f"NURLANULY{n}")
    given_name = "Aidos"
    native_name = "Айдос Нұрланұлы"
    chinese_name = "艾多斯·努尔兰内"
    language = "kk"
    email = factory.Sequence(lambda n: f"guest{n}@example.kz")
    passport_number = factory.Sequence(lambda n: f"KZ{7424363 + n}")
    passport_expiry = datetime.date(2033, 7, 11)
    date_of_birth = datetime.date(1994, 10, 11)
    gender = "M"
    status = GuestStatus.APPROVED


class DelegationFactory(Factory):
    class Meta:
        model = Delegation

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Delegation {n}")
    country = "KZ"


class StaffFactory(Factory):
    """A liaison officer (role=Staff.Role.DRIVER, INTERPRETER, … for the others)."""

    class Meta:
        model = Staff

    event = factory.SubFactory(EventFactory)
    full_name = factory.Sequence(lambda n: f"Staff {n}")
    chinese_name = "陈静"
    role = Staff.Role.LIAISON
    phone = "+86 138 0000 0000"


class VehicleFactory(Factory):
    class Meta:
        model = Vehicle

    event = factory.SubFactory(EventFactory)
    plate = factory.Sequence(lambda n: f"闽D·{n:05d}")
    capacity = 6


class HotelFactory(Factory):
    class Meta:
        model = Hotel

    event = factory.SubFactory(EventFactory)
    name = factory.LazyFunction(lambda: {"en": "Seaside Hotel", "zh-hans": "海景酒店"})
    address = "66 Huandao Road"


class HotelStayFactory(Factory):
    class Meta:
        model = HotelStay

    hotel = factory.SubFactory(HotelFactory)
    guest = factory.SubFactory(GuestFactory, event=factory.SelfAttribute("..hotel.event"))
    room_number = "1201"
    check_in = datetime.date(2023, 10, 31)
    check_out = datetime.date(2023, 11, 3)


class ItineraryItemFactory(Factory):
    """A confirmed one-hour meeting on 1 November at 09:00 in Shanghai; `guests=[…]` sets who attends."""

    class Meta:
        model = ItineraryItem
        skip_postgeneration_save = True  # a second save would count as a change (the item's SEQUENCE)

    event = factory.SubFactory(EventFactory)
    kind = ItineraryItem.Kind.MEETING
    title = factory.LazyFunction(lambda: {"en": "Meeting", "zh-hans": "会见", "ru": "Встреча"})
    start = datetime.datetime(2023, 11, 1, 9, 0, tzinfo=SHANGHAI_ZONE)
    end = factory.LazyAttribute(lambda item: item.start + datetime.timedelta(hours=1))
    start_timezone = "Asia/Shanghai"
    end_timezone = "Asia/Shanghai"
    status = ItineraryItem.Status.CONFIRMED
    guests = sets_many("guests")


class AccessZoneFactory(Factory):
    """A zone named after its code; the model gives it the event's next free QR bit."""

    class Meta:
        model = AccessZone

    event = factory.SubFactory(EventFactory)
    code = factory.Sequence(lambda n: f"ZONE{n}")
    name = factory.LazyAttribute(lambda zone: {"en": zone.code.title(), "zh-hans": zone.code})


class ZonePolicyFactory(Factory):
    """How often a badge may enter a zone (checkin.models.Reentry)."""

    class Meta:
        model = ZonePolicy

    zone = factory.SubFactory(AccessZoneFactory)


class CheckpointFactory(Factory):
    """An open entry gate; `zones=[…]` sets the zones it admits to."""

    class Meta:
        model = Checkpoint
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    name = factory.LazyFunction(lambda: {"en": "Gate A", "zh-hans": "A门"})
    direction = "entry"
    zones = sets_many("zones")


class BadgeFactory(Factory):
    """The guest's badge, issued by badges.domain.issuing (version 1), valid from a day ago to a day ahead."""

    class Meta:
        model = Badge

    guest = factory.SubFactory(GuestFactory)
    zones = None
    valid_from = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    valid_until = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))

    @classmethod
    def _create(cls, model_class, guest, **kwargs):
        badge, _ = issue_badge(guest, **kwargs)
        return badge


class BadgeTemplateFactory(Factory):
    """A valid template: the built-in layouts (badges.domain.templates) for an ID-1 landscape badge."""

    class Meta:
        model = BadgeTemplate

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Template {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return super()._create(model_class, *args, **{**default_template_values(), **kwargs})


class BadgeBatchFactory(Factory):
    """A queued batch of badges for `guest_ids` (no task runs: tasks enqueue it)."""

    class Meta:
        model = BadgeBatch

    template = factory.SubFactory(BadgeTemplateFactory)
    event = factory.SelfAttribute("template.event")
    guest_ids = factory.LazyFunction(list)
    total = factory.LazyAttribute(lambda batch: len(batch.guest_ids))


class FeedTokenFactory(Factory):
    """A calendar feed made by feeds.domain.tokens (its secret: feeds.domain.tokens.secret_of)."""

    class Meta:
        model = FeedToken

    event = factory.SubFactory(EventFactory)
    scope = "programme"
    language = "en"
    target = None

    @classmethod
    def _create(cls, model_class, **kwargs):
        return create_feed(**kwargs)


def make_user(username=None, **kwargs):
    return UserFactory(**({"username": username} if username else {}), **kwargs)


def make_event(slug=None, **kwargs):
    return EventFactory(**({"slug": slug} if slug else {}), **kwargs)


def make_member(event, role, user=None, **kwargs):
    """A user (made with `kwargs` unless given) with `role` in `event`."""
    return MembershipFactory(event=event, role=role, user=user or UserFactory(**kwargs)).user


def make_venue(event, **kwargs):
    return VenueFactory(event=event, **kwargs)


def make_session(event, **kwargs):
    return SessionFactory(event=event, **kwargs)


def make_guest(event, **kwargs):
    return GuestFactory(event=event, **kwargs)


def token_for(user):
    """A new API token's key (the database keeps only its digest)."""
    return tokens.create_token(user)[1]


class ScanFactory(Factory):
    """A recorded scan at a gate (as checkin.domain.scanning writes it); give `checkpoint` and, for a
    known badge, `badge` and `guest`."""

    class Meta:
        model = Scan

    checkpoint = factory.SubFactory(CheckpointFactory)
    event = factory.SelfAttribute("checkpoint.event")
    nonce = factory.Sequence(lambda n: f"scan-{n}")
    direction = "entry"
    result = "ok"
    code_digest = factory.Sequence(lambda n: f"{n:064x}")
    scanned_at = factory.LazyFunction(timezone.now)


class ZonePresenceFactory(Factory):
    """A guest inside a zone after one entry."""

    class Meta:
        model = ZonePresence

    zone = factory.SubFactory(AccessZoneFactory)
    event = factory.SelfAttribute("zone.event")
    guest = factory.SubFactory(GuestFactory, event=factory.SelfAttribute("..zone.event"))
    inside = True
    entries = 1


class BareBadgeTemplateFactory(Factory):
    """A template with nothing but the model's defaults (no built-in layout): for broken or old rows."""

    class Meta:
        model = BadgeTemplate

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Bare template {n}")
# --- correspondence (issue 14) --------------------------------------------------------------------
class MessageTemplateFactory(Factory):
    """An event's own wording of a kind of message (made through the validating domain operation)."""

    class Meta:
        model = "correspondence.MessageTemplate"

    event = factory.SubFactory(EventFactory)
    kind = "invitation"
    texts = factory.LazyFunction(lambda: {"en": {"subject": "Welcome to {event.name}", "body": "Dear {guest.full_name},\nsee you."}})

    @classmethod
    def _create(cls, model_class, **kwargs):
        from correspondence.domain.templates import save_template

        return save_template(**kwargs)
# --- spreadsheets ---------------------------------------------------------------------------------
class GuestImportFactory(Factory):
    """A checked import with no rows (its file already gone), as the list of imports shows one."""

    class Meta:
        model = "spreadsheets.GuestImport"

    event = factory.SubFactory(EventFactory)
    original_name = "guests.xlsx"
    file_kind = "xlsx"
    status = "ready"
    counts = factory.LazyFunction(lambda: {"create": 0, "update": 0, "unchanged": 0, "error": 0})
