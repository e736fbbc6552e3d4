"""Demo data for the China–Central Asia forum: heads of delegation, staff, hotels and stays,
vehicles and two days of itinerary (1–2 November 2023) with the guests' arrivals — including a few
deliberate clashes for the conflict view (the Kazakh head's bilateral overlaps the opening
ceremony and leaves 5 minutes to reach the plenary; the Kazakh airport car has too few seats).

Idempotent: staff, vehicles, hotels and stays are keyed by name/plate/guest, and the itinerary
is written only if the event has none yet."""
import datetime
import zoneinfo

from django.db import transaction

from events.demo import read_guest_rows
from events.models import Event, Guest, GuestCategory, ProgrammeSession, Venue

from .domain import delegations as delegation_ops
from .domain import logistics, membership
from .domain.items import cancel_item, save_item
from .models import Delegation, Hotel, HotelStay, ItineraryItem, Staff, Vehicle

SLUG = "china-central-asia-forum-2023"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
AIRPORT = {"location_text": "厦门高崎国际机场 Xiamen Gaoqi International Airport", "location_address": "Gaoqi, Huli District, Xiamen"}

# Arrival flights of the guest list: origin, its zone and the flight time.
FLIGHTS = {
    "KC891": ("Almaty", "阿拉木图", "Алматы", "Asia/Almaty", datetime.timedelta(hours=5, minutes=10)),
    "CZ6008": ("Bishkek", "比什凯克", "Бишкек", "Asia/Bishkek", datetime.timedelta(hours=5, minutes=35)),
    "SZ7213": ("Dushanbe", "杜尚别", "Душанбе", "Asia/Dushanbe", datetime.timedelta(hours=5, minutes=50)),
    "T5695": ("Ashgabat", "阿什哈巴德", "Ашхабад", "Asia/Ashgabat", datetime.timedelta(hours=6, minutes=40)),
    "HY557": ("Tashkent", "塔什干", "Ташкент", "Asia/Tashkent", datetime.timedelta(hours=5, minutes=45)),
}

STAFF = [
    # (full name, Chinese name, role, phone, e-mail, languages)
    ("Chen Jing", "陈静", Staff.Role.LIAISON, "+86 138 0592 1101", "chen.jing@fao.xm.example.cn", "Chinese, Russian"),
    ("Wang Lei", "王磊", Staff.Role.LIAISON, "+86 138 0592 1102", "wang.lei@fao.xm.example.cn", "Chinese, Russian, English"),
    ("Zhao Min", "赵敏", Staff.Role.LIAISON, "+86 138 0592 1103", "zhao.min@fao.xm.example.cn", "Chinese, Russian"),
    ("Liu Yang", "刘洋", Staff.Role.LIAISON, "+86 138 0592 1104", "liu.yang@fao.xm.example.cn", "Chinese, Russian, Turkmen"),
    ("Li Na", "李娜", Staff.Role.INTERPRETER, "+86 139 5921 2201", "li.na@fao.xm.example.cn", "Chinese, Russian"),
    ("Zhou Wei", "周伟", Staff.Role.INTERPRETER, "+86 139 5921 2202", "zhou.wei@fao.xm.example.cn", "Chinese, Russian, Kyrgyz"),
    ("Ma Lin", "马琳", Staff.Role.INTERPRETER, "+86 139 5921 2203", "ma.lin@fao.xm.example.cn", "Chinese, Russian, Tajik"),
    ("Guo Hui", "郭辉", Staff.Role.INTERPRETER, "+86 139 5921 2204", "guo.hui@fao.xm.example.cn", "Chinese, Russian, Turkmen"),
    ("Huang Gang", "黄刚", Staff.Role.DRIVER, "+86 137 5920 3301", "", "Chinese"),
    ("Xu Ming", "徐明", Staff.Role.DRIVER, "+86 137 5920 3302", "", "Chinese"),
    ("Lin Feng", "林峰", Staff.Role.DRIVER, "+86 137 5920 3303", "", "Chinese"),
    ("Cai Jun", "蔡军", Staff.Role.DRIVER, "+86 137 5920 3304", "", "Chinese"),
]
VEHICLES = [
    # (plate, seats, description, driver)
    ("闽D·A8801", 3, "Hongqi H9 sedan", "Huang Gang"),
    ("闽D·B6602", 6, "Buick GL8 van", "Xu Ming"),
    ("闽D·C3303", 6, "Buick GL8 van", "Lin Feng"),
    ("闽D·K2204", 33, "Yutong coach", "Cai Jun"),
]
# Delegation (by country) → liaison officer, interpreter (staff names; a guest-staff by e-mail).
ASSIGNMENTS = {
    "KZ": ("Chen Jing", "guest:dauren.serikbayev@example.kz"),
    "KG": ("Wang Lei", "Zhou Wei"),
    "TJ": ("Zhao Min", "Ma Lin"),
    "TM": ("Liu Yang", "Guo Hui"),
    "UZ": ("guest:otabek.karimov@example.uz", "Li Na"),
}
HOTELS = [
    ({"en": "Xiamen International Conference Hotel", "zh-hans": "厦门国际会议酒店", "ru": "Отель «Сямэньский международный конгресс»"},
     "2 Huizhan North Road, Siming District, Xiamen", "+86 592 595 9999", "24.489500", "118.183100"),
    ({"en": "Seaside Garden Hotel", "zh-hans": "海景花园酒店", "ru": "Отель «Сисайд Гарден»"},
     "66 Huandao Road, Siming District, Xiamen", "+86 592 208 8888", "24.441000", "118.110500"),
]


def _at(day, hour, minute=0):
    return datetime.datetime(2023, 11, day, hour, minute, tzinfo=SHANGHAI)


@transaction.atomic
def seed():
    _seed_guest_delegations()
    event = Event.objects.filter(slug=SLUG).first()
    if event is None:
        return
    staff = _seed_staff(event)
    vehicles = _seed_vehicles(event, staff)
    delegations = _seed_delegations(event, staff)
    _seed_hotels(event)
    if not ItineraryItem.objects.filter(event=event).exists():
        _seed_itinerary(event, staff, vehicles, delegations)


def _seed_guest_delegations():
    """Every demo guest without a delegation joins the one the bundled guest list names."""
    events = {event.slug: event for event in Event.objects.all()}
    heads_first = sorted(read_guest_rows(), key=lambda row: row["category"] != GuestCategory.HEAD_OF_DELEGATION)
    for row in heads_first:
        event = events.get(row["event"])
        if event is None:
            continue
        delegation = Delegation.objects.filter(event=event, name=row["delegation"]).first() or (
            delegation_ops.create_delegation(event, {"name": row["delegation"], "country": row["country"]}))
        guest = Guest.objects.filter(event=event, email=row["email"], delegation=None).first()
        if guest is not None:
            is_head = guest.category == GuestCategory.HEAD_OF_DELEGATION and membership.current_head(delegation) is None
            membership.add_member(delegation, guest, make_head=is_head)


def _seed_staff(event):
    staff = {}
    for full_name, chinese_name, role, phone, email, languages in STAFF:
        staff[full_name], _ = Staff.objects.get_or_create(
            event=event, full_name=full_name,
            defaults={"chinese_name": chinese_name, "role": role, "phone": phone, "email": email, "languages": languages},
        )
    # Guests who work for their own delegation: the Uzbek embassy attaché and the Kazakh interpreter.
    for guest in Guest.objects.filter(event=event, category__in=[GuestCategory.LIAISON, GuestCategory.INTERPRETER]):
        role = Staff.Role.LIAISON if guest.category == GuestCategory.LIAISON else Staff.Role.INTERPRETER
        staff[f"guest:{guest.email}"], _ = Staff.objects.get_or_create(
            event=event, guest=guest,
            defaults={"full_name": guest.full_name, "chinese_name": guest.chinese_name, "role": role,
                      "email": guest.email, "languages": "Russian, Chinese"},
        )
    return staff


def _seed_vehicles(event, staff):
    vehicles = {}
    for plate, capacity, description, driver in VEHICLES:
        vehicles[plate], _ = Vehicle.objects.get_or_create(
            event=event, plate=plate, defaults={"capacity": capacity, "description": description, "driver": staff[driver]}
        )
    return vehicles


def _seed_delegations(event, staff):
    delegations = {}
    sessions = list(ProgrammeSession.objects.filter(event=event))
    for delegation in Delegation.objects.filter(event=event):
        delegations[delegation.country] = delegation
        head = Guest.objects.filter(delegation=delegation, category=GuestCategory.HEAD_OF_DELEGATION).first()
        if head is not None and membership.current_head(delegation) is None:
            membership.set_head(delegation, head)
        liaison, interpreter = ASSIGNMENTS.get(delegation.country, (None, None))
        changed = []
        for field, name in (("liaison_officer", liaison), ("interpreter", interpreter)):
            if name in staff and getattr(delegation, f"{field}_id") is None:
                setattr(delegation, field, staff[name])
                changed.append(field)
        if not delegation.language:
            delegation.language = "ru"
            changed.append("language")
        if delegation.quota is None:
            delegation.quota = 6
            changed.append("quota")
        if not delegation.public_notes and delegation.country == "KZ":
            delegation.public_notes = "Halal and gluten-free meals are arranged for every lunch and dinner."
            delegation.internal_notes = "Head prefers the Hongqi; security officer travels in the same car."
            changed += ["public_notes", "internal_notes"]
        if not delegation.sessions.exists():
            changed.append("sessions")
        if changed:
            delegation_ops.update_delegation(
                delegation, {name: sessions if name == "sessions" else getattr(delegation, name) for name in changed})
    return delegations


def _seed_hotels(event):
    hotels = []
    for name, address, phone, latitude, longitude in HOTELS:
        hotel = Hotel.objects.filter(event=event, name__en=name["en"]).first() or Hotel.objects.create(
            event=event, name=name, address=address, phone=phone, latitude=latitude, longitude=longitude
        )
        hotels.append(hotel)
    room = 1201
    for guest in Guest.objects.filter(event=event, delegation__isnull=False).order_by("delegation__name", "id"):
        if HotelStay.objects.filter(guest=guest).exists():
            continue
        hotel = hotels[0] if guest.category in (GuestCategory.HEAD_OF_DELEGATION, GuestCategory.DELEGATE) else hotels[1]
        check_in = (guest.arrival_time or _at(1, 12)).astimezone(SHANGHAI).date()
        check_out = (guest.departure_time or _at(3, 12)).astimezone(SHANGHAI).date()
        if check_out <= check_in:
            check_out = check_in + datetime.timedelta(days=1)
        logistics.create_record(HotelStay, {"hotel": hotel, "guest": guest, "room_number": str(room),
                                            "check_in": check_in, "check_out": check_out})
        room += 1
    # The Kazakh interpreter and security officer share a room.
    dauren = HotelStay.objects.filter(guest__event=event, guest__email="dauren.serikbayev@example.kz").first()
    nurzhan = Guest.objects.filter(event=event, email="nurzhan.orazov@example.kz").first()
    if dauren and nurzhan and not dauren.shared_with.exists():
        dauren.shared_with.add(nurzhan)
        HotelStay.objects.filter(guest=nurzhan).update(room_number=dauren.room_number)


def _item(event, title, start, end, **values):
    guests = values.pop("guests", None)
    values = {"title": title, "start": start, "end": end, "start_timezone": "Asia/Shanghai",
              "end_timezone": "Asia/Shanghai", "status": ItineraryItem.Status.CONFIRMED, **values}
    ItineraryItem(event=event, **values).full_clean(exclude=["guests"])
    return save_item(event, values, guests=guests or None)


def _seed_itinerary(event, staff, vehicles, delegations):
    hall = Venue.objects.filter(event=event, name__en="International Conference Centre").first()
    guesthouse = Venue.objects.filter(event=event, name__en="State Guesthouse, Banquet Hall").first()
    hotel = Hotel.objects.filter(event=event).order_by("id").first()
    hotel_place = {"location_text": hotel.name["zh-hans"] + " " + hotel.name["en"], "location_address": hotel.address}
    van_for = {"KZ": "闽D·A8801", "KG": "闽D·B6602", "TJ": "闽D·C3303", "TM": "闽D·B6602", "UZ": "闽D·C3303"}

    # Arrivals (31 October – 1 November), one per delegation and flight, each followed by the transfer to the hotel.
    for country, delegation in sorted(delegations.items()):
        first = Guest.objects.filter(delegation=delegation).exclude(arrival_flight="").order_by("arrival_time").first()
        if first is None or first.arrival_flight not in FLIGHTS:
            continue
        city_en, city_zh, city_ru, zone, duration = FLIGHTS[first.arrival_flight]
        landing = first.arrival_time
        _item(
            event, {"en": f"Arrival, flight {first.arrival_flight} from {city_en}",
                    "zh-hans": f"抵达厦门（{first.arrival_flight}航班，自{city_zh}）",
                    "ru": f"Прибытие рейсом {first.arrival_flight} из г. {city_ru}"},
            landing - duration, landing, start_timezone=zone, kind=ItineraryItem.Kind.ARRIVAL, delegation=delegation,
            flight_number=first.arrival_flight, terminal="T3", liaison_officer=delegation.liaison_officer, **AIRPORT,
            description={"en": "Met at the aircraft door; VIP lounge of Terminal 3.", "zh-hans": "机舱门口迎接，3号航站楼贵宾室。",
                         "ru": "Встреча у трапа самолёта; VIP-зал терминала 3."},
        )
        vehicle = vehicles[van_for[country]]
        if landing < _at(1, 0):
            title, place = {"en": "Transfer to the hotel", "zh-hans": "前往酒店", "ru": "Трансфер в гостиницу"}, hotel_place
        else:  # landing on the morning of the opening: straight to the conference centre
            title = {"en": "Transfer to the International Conference Centre", "zh-hans": "前往国际会议中心",
                     "ru": "Трансфер в Международный конференц-центр"}
            place = {"venue": hall}
        _item(
            event, title, landing + datetime.timedelta(minutes=40), landing + datetime.timedelta(minutes=75),
            kind=ItineraryItem.Kind.TRANSFER, delegation=delegation, vehicle=vehicle, driver=vehicle.driver,
            liaison_officer=delegation.liaison_officer, **place,
        )

    everyone = list(Guest.objects.filter(event=event, delegation__in=delegations.values()))
    coach = vehicles["闽D·K2204"]
    li_na, zhou_wei = staff["Li Na"], staff["Zhou Wei"]

    # 1 November. The sessions (opening, plenary, banquet) come from the delegations' programme.
    _item(event, {"en": "Coach to the International Conference Centre", "zh-hans": "乘大巴前往国际会议中心",
                  "ru": "Переезд в Международный конференц-центр"},
          _at(1, 8, 50), _at(1, 9, 15), kind=ItineraryItem.Kind.TRANSFER, vehicle=coach, driver=coach.driver,
          guests=[g for g in everyone if g.arrival_time is None or g.arrival_time < _at(1, 0)], **hotel_place)
    kz = delegations.get("KZ")
    if kz is not None and kz.head_id:
        # Deliberate clash: the bilateral overlaps the opening ceremony and leaves 5 minutes to reach the plenary.
        _item(event, {"en": "Bilateral meeting with the Vice Minister of Commerce", "zh-hans": "与商务部副部长双边会见",
                      "ru": "Двусторонняя встреча с заместителем министра коммерции"},
              _at(1, 10, 0), _at(1, 10, 40), kind=ItineraryItem.Kind.BILATERAL, guests=[kz.head],
              location_text="国宾馆5号楼 State Guesthouse, Villa 5", location_address="88 Guesthouse Road",
              interpreter=kz.interpreter, liaison_officer=kz.liaison_officer)
    _item(event, {"en": "Working lunch hosted by the Mayor of Xiamen", "zh-hans": "厦门市市长主持工作午宴",
                  "ru": "Рабочий обед от имени мэра Сямэня"},
          _at(1, 12, 45), _at(1, 14, 0), kind=ItineraryItem.Kind.BANQUET, venue=hall,
          guests=[g for g in everyone if g.category == GuestCategory.HEAD_OF_DELEGATION], interpreter=li_na)
    for country in ("KG", "TJ"):
        delegation = delegations.get(country)
        if delegation is None:
            continue
        _item(event, {"en": "Site visit: Xiamen Free Trade Zone", "zh-hans": "参观厦门自由贸易试验区",
                      "ru": "Посещение свободной торговой зоны Сямэня"},
              _at(1, 14, 45), _at(1, 17, 0), kind=ItineraryItem.Kind.SITE_VISIT, delegation=delegation,
              location_text="厦门自贸片区 Xiamen Free Trade Zone", location_address="Xiangyu Road, Huli District",
              vehicle=vehicles["闽D·B6602" if country == "KG" else "闽D·C3303"],
              liaison_officer=delegation.liaison_officer, interpreter=delegation.interpreter)
    cancelled = _item(event, {"en": "Tea with the Vice Mayor", "zh-hans": "与副市长茶叙", "ru": "Чай с заместителем мэра"},
                      _at(1, 17, 15), _at(1, 17, 45), kind=ItineraryItem.Kind.MEETING, venue=guesthouse,
                      guests=[g for g in everyone if g.category == GuestCategory.HEAD_OF_DELEGATION])
    cancel_item(cancelled)

    # 2 November.
    _item(event, {"en": "Visit to the Port of Xiamen container terminal", "zh-hans": "参观厦门港集装箱码头",
                  "ru": "Посещение контейнерного терминала порта Сямэнь"},
          _at(2, 9, 0), _at(2, 11, 30), kind=ItineraryItem.Kind.SITE_VISIT, vehicle=coach, driver=coach.driver,
          guests=[g for g in everyone if g.category != GuestCategory.MEDIA],
          location_text="厦门港海天码头 Haitian Container Terminal", location_address="Haitian Road, Huli District",
          interpreter=zhou_wei)
    for country, delegation in sorted(delegations.items()):
        if delegation.head_id:
            _item(event, {"en": f"Bilateral meeting with the Vice Mayor ({delegation.name})",
                          "zh-hans": "与副市长双边会见", "ru": "Двусторонняя встреча с заместителем мэра"},
                  _at(2, 14, 0) + datetime.timedelta(minutes=45 * len([c for c in delegations if c < country])),
                  _at(2, 14, 40) + datetime.timedelta(minutes=45 * len([c for c in delegations if c < country])),
                  kind=ItineraryItem.Kind.BILATERAL, delegation=delegation, venue=hall,
                  liaison_officer=delegation.liaison_officer, interpreter=delegation.interpreter)
    _item(event, {"en": "Free time", "zh-hans": "自由活动", "ru": "Свободное время"},
          _at(2, 18, 15), _at(2, 19, 0), kind=ItineraryItem.Kind.FREE_TIME, status=ItineraryItem.Status.TENTATIVE,
          guests=everyone, **hotel_place)
    _item(event, {"en": "Cultural evening: Gaojia opera", "zh-hans": "文化之夜：高甲戏", "ru": "Культурная программа: опера гаоцзя"},
          _at(2, 19, 30), _at(2, 21, 0), kind=ItineraryItem.Kind.OTHER, vehicle=coach, driver=coach.driver,
          guests=everyone, location_text="厦门闽南大戏院 Minnan Grand Theatre", location_address="1 Yunding Middle Road",
          description={"en": "Traditional opera of southern Fujian; dress code: smart casual.", "zh-hans": "闽南传统戏曲；着装：商务休闲。",
                       "ru": "Традиционная опера южной Фуцзяни; форма одежды: деловой повседневный стиль."})
