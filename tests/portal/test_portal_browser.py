"""A focal point's whole visit in a real browser (Debian's Chromium driven by Playwright, against
live_server), on a phone-sized screen, in English and in Arabic: the invitation delivered to a real
SMTP server, the link opened (nothing used) and confirmed, three nominations with photos, a fourth
refused by the quota, a withdrawal that frees the place, and the deadline that makes the portal
read-only. Screenshots go to var/screenshots/portal-<language>-<step>.png."""
import datetime
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw

from delegations.models import ItineraryItem
from events.models import Guest, GuestStatus
from portal.domain.focal_points import create_focal_point, write_to
from portal.models import DelegationPortal, SignInLink
from tests import factories
from tests.factories import SHANGHAI_ZONE
from tests.helpers.browser import chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
NOMINEES = [("KARIMOVA", "Leila", "ليلى كريموفا", "F", "delegate"), ("HADDAD", "Omar", "عمر حداد", "M", "adviser"),
            ("NASSER", "Rami", "رامي ناصر", "M", "media")]


def portrait(path: Path, shade: str) -> Path:
    image = Image.new("RGB", (600, 800), shade)
    draw = ImageDraw.Draw(image)
    draw.ellipse((200, 150, 400, 390), fill="#e2b68f")
    draw.rectangle((150, 420, 450, 800), fill="#2b3f5c")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def phone(monkeypatch):
    with chromium_page(monkeypatch, viewport={"width": 412, "height": 915}, device_scale_factor=1, is_mobile=True,
                       has_touch=True, timezone_id="Asia/Shanghai") as page:
        yield page


def shot(page, language, step):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"portal-{language}-{step}.png"), full_page=True)


def world(live_server, language):
    event = factories.EventFactory(name={"en": "Forum of Cities", "zh-hans": "城市论坛", "ar": "منتدى المدن", "fr": "Forum des villes"})
    delegation = factories.DelegationFactory(event=event, name="Delegation of Jordan", country="JO", quota=3)
    start = datetime.datetime(2023, 11, 1, 9, 30, tzinfo=SHANGHAI_ZONE)
    factories.ItineraryItemFactory(event=event, delegation=delegation, kind=ItineraryItem.Kind.MEETING,
                                   title={"en": "Opening session", "ar": "الجلسة الافتتاحية"}, start=start,
                                   end=start + datetime.timedelta(hours=1), location_text="Hall A",
                                   status=ItineraryItem.Status.CONFIRMED)
    point = create_focal_point(delegation, {"name": "Rania Saleh", "email": "focal@embassy.example", "language": language},
                               base_url=live_server.url)
    write_to(point, subject="Hotel rooms", body="Rooms are held at the Riverside Hotel from 31 October.")
    return event, delegation, point


def link_from(smtp_server):
    deadline = timezone.now() + datetime.timedelta(seconds=20)
    while timezone.now() < deadline:
        for mail in smtp_server.received():
            if mail["To"].addresses[0].addr_spec == "focal@embassy.example":
                body = mail.get_body(("plain",)).get_content()
                return mail, re.search(r"http://\S+/portal/sign-in/[A-Za-z0-9_-]{43}/", body).group(0)
    raise AssertionError("no invitation arrived")


def nominate(page, base, tmp_path, index, family, given, native, gender, category):
    page.goto(f"{base}/portal/members/new/")
    page.fill("#id_family_name", family)
    page.fill("#id_given_name", given)
    page.fill("#id_native_name", native)
    page.fill("#id_position", "Counsellor")
    page.select_option("#id_category", category)
    page.select_option("#id_gender", gender)
    page.fill("#id_date_of_birth", "1980-0%d-1%d" % (index + 1, index))
    page.fill("#id_passport_number", f"JO12345{index}")
    page.fill("#id_passport_expiry", "2031-01-31")
    page.set_input_files("#id_photo", str(portrait(tmp_path / f"photo{index}.jpg", ["#d9e4ef", "#efe3d9", "#e3efd9"][index])))
    page.wait_for_selector("#photo-preview[src^='blob:']")
    page.fill("#id_arrival_flight", "RJ180")
    page.fill("#id_departure_flight", "RJ181")
    page.fill("#id_email", f"{family.lower()}@example.jo")
    return page


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_focal_point_nominates_the_delegation(phone, live_server, smtp_server, tmp_path, language):
    event, delegation, point = world(live_server, language)
    mail, link = link_from(smtp_server)
    assert mail["Content-Language"] == language
    page, base = phone, live_server.url

    page.goto(link)  # what a mail scanner does too: nothing is used
    assert SignInLink.objects.get().used_at is None
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    shot(page, language, "1-confirm")
    page.click("#sign-in")
    page.wait_for_url(f"{base}/portal/")
    assert "Delegation of Jordan" in page.inner_text("main")
    shot(page, language, "2-home")

    for index, nominee in enumerate(NOMINEES):
        nominate(page, base, tmp_path, index, *nominee)
        if index == 0:
            shot(page, language, "3-form-with-preview")
        page.click("#save")
        page.wait_for_url(f"{base}/portal/")
    guests = Guest.objects.filter(delegation=delegation)
    assert guests.count() == 3 and all(g.photo and g.status == GuestStatus.REGISTERED for g in guests)
    assert "••••3450" in page.inner_text("main")
    shot(page, language, "4-three-members")

    page.goto(f"{base}/portal/members/new/")  # a fourth: the quota is 3
    assert page.get_attribute("#refusal", "data-code") == "quota_exceeded"
    shot(page, language, "5-over-quota")

    nasser = guests.get(family_name="NASSER")
    page.goto(f"{base}/portal/")
    page.click(f"#member-{nasser.pk} a.withdraw")
    page.click("#confirm-withdraw")
    page.wait_for_url(f"{base}/portal/")
    assert Guest.objects.filter(delegation=delegation).count() == 2
    assert Guest.objects.get(pk=nasser.pk).status == GuestStatus.CANCELLED
    shot(page, language, "6-after-withdrawal")

    DelegationPortal.objects.create(delegation=delegation, nomination_deadline=timezone.now() - datetime.timedelta(minutes=1))
    page.goto(f"{base}/portal/")
    assert page.is_visible("#read-only") and not page.is_visible("#nominate")
    shot(page, language, "7-deadline-read-only")
    page.goto(f"{base}/portal/members/new/")
    assert page.get_attribute("#refusal", "data-code") == "deadline_passed"
    shot(page, language, "8-deadline-refusal")
    if language == "ar":
        assert "انقضى الموعد النهائي" in page.inner_text("main")

    page.goto(link)  # the link was used: it says how to get a new one
    assert "reply" in page.inner_text("main") or "ردّوا" in page.inner_text("main")
    shot(page, language, "9-used-link")
