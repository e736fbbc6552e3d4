"""The day board in a real browser (Debian's Chromium driven by Playwright, against live_server) on the
demo's first forum day: the lanes, the blocks and the red clash where the data puts them (measured on
the page), the switch to vehicles, the language switch, the refresh that keeps the scroll position.
Screenshots in Chinese and English go to the test's tmp folder (and LIAISON_SCREENSHOT_DIR if set)."""
import datetime
import os
import shutil

import pytest
from django.core.management import call_command

from delegations.demo import SLUG
from delegations.domain.conflicts import event_conflicts
from delegations.domain.precedence import precedence_order
from delegations.models import Delegation, ItineraryItem, Vehicle
from events.models import Event
from tests import factories
from tests.helpers.browser import chromium_page, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DAY = datetime.date(2023, 11, 1)
SCREENSHOTS = os.environ.get("LIAISON_SCREENSHOT_DIR")


@pytest.fixture
def browser_page(monkeypatch):
    with chromium_page(monkeypatch, viewport={"width": 1600, "height": 1000}, locale="zh-CN",
                       timezone_id="Asia/Shanghai") as page:
        yield page


@pytest.fixture
def demo(live_server):
    call_command("seed_demo", verbosity=0)
    event = Event.objects.get(slug=SLUG)
    factories.make_member(event, "protocol", username="chen.jing")
    return {"url": live_server.url, "event": event}


def save(page, tmp_path, name):
    path = tmp_path / f"office-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    for folder in filter(None, [SCREENSHOTS]):
        os.makedirs(folder, exist_ok=True)
        shutil.copy(path, os.path.join(folder, path.name))
    return path


def login(page, base, next_url):
    page.goto(f"{base}/office/login/?next={next_url}")
    page.fill("#id_username", "chen.jing")
    page.fill("#id_password", "pw-chen.jing")
    page.click("button.primary")
    try:
        page.wait_for_url(base + next_url, timeout=20_000)
    except Exception:
        print("URL", page.url, page.inner_text("main"))
        raise


def geometry(page, selector):
    """Where an element sits within its lane's track, in percent of the track's width."""
    return page.evaluate("""(selector) => {
        const element = document.querySelector(selector);
        const track = element.closest('.track').getBoundingClientRect();
        const box = element.getBoundingClientRect();
        return {left: (box.left - track.left) * 100 / track.width, width: box.width * 100 / track.width,
                top: box.top - track.top, lane: element.closest('.lane').dataset.lane,
                outline: getComputedStyle(element).outlineColor, outlineStyle: getComputedStyle(element).outlineStyle,
                decoration: getComputedStyle(element).textDecorationLine, title: element.title};
    }""", selector)


def expected_place(item, window_start, hours):
    return ((item.start - window_start).total_seconds() / 36 / hours,
            (item.end - item.start).total_seconds() / 36 / hours)


def test_demo_day_board_in_chinese_and_english(browser_page, demo, tmp_path):
    page, base, event = browser_page, demo["url"], demo["event"]
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    url = f"/office/{event.slug}/day/{DAY.isoformat()}/"
    login(page, base, url)
    assert page.inner_text("#lanes-delegations") == "代表团"  # the browser asks for Chinese

    # Lanes: one per delegation, in protocol order.
    delegations = precedence_order(event, Delegation.objects.filter(event=event)).delegations
    lanes = page.eval_on_selector_all(".lane[data-lane]", "lanes => lanes.map(l => l.dataset.lane)")
    assert lanes == [f"delegation-{d.pk}" for d in delegations]

    # The window: the earliest item of the day starts at 01:05 (the Ashgabat flight), so 01:00 to 24:00.
    tz = event.tzinfo
    window_start = datetime.datetime(2023, 11, 1, 1, tzinfo=tz)
    assert page.get_attribute("#timeline", "data-window-start") == window_start.isoformat()
    hours = 23

    # Every block of the Kazakh lane sits where its times put it.
    kz = next(d for d in delegations if d.country == "KZ")
    bilateral = ItineraryItem.objects.get(event=event, kind="bilateral", guests=kz.head)
    for item in ItineraryItem.objects.filter(event=event, delegation=kz, start__date__lte=DAY, end__date__gte=DAY):
        if item.start.astimezone(tz).date() != DAY:
            continue
        place = geometry(page, f"#lane-delegation-{kz.pk} .block[data-entry='item-{item.pk}']")
        left, width = expected_place(item, window_start, hours)
        assert place["left"] == pytest.approx(left, abs=0.1) and place["width"] == pytest.approx(width, abs=0.1), item

    # The clashes are the conflict check's: those blocks, and only those, are outlined red.
    day_start = datetime.datetime(2023, 11, 1, tzinfo=tz)
    day_items = set(ItineraryItem.objects.filter(event=event, start__lt=day_start + datetime.timedelta(days=1),
                                                 end__gt=day_start).values_list("pk", flat=True))
    clashes = [c for c in event_conflicts(event) if day_items.intersection(c.items)]
    expected = {f"item-{pk}" for c in clashes for pk in c.items} | {f"session-{pk}" for c in clashes for pk in c.sessions}
    outlined = set(page.eval_on_selector_all(".block.clash", "blocks => blocks.map(b => b.dataset.entry)"))
    assert outlined == expected and f"item-{bilateral.pk}" in outlined
    # Only in the Kazakh lane: the opening ceremony every delegation attends clashes for the Kazakh head only.
    assert set(page.eval_on_selector_all(".block.clash", "blocks => blocks.map(b => b.closest('.lane').dataset.lane)")) == {
        f"delegation-{kz.pk}"}
    place = geometry(page, f".block[data-entry='item-{bilateral.pk}']")
    left, width = expected_place(bilateral, window_start, hours)
    assert place["left"] == pytest.approx(left, abs=0.1) and place["width"] == pytest.approx(width, abs=0.1)
    assert place["lane"] == f"delegation-{kz.pk}"
    assert place["outline"] == "rgb(208, 0, 0)" and place["outlineStyle"] == "solid"
    # The reason on hover, its label and its sentence in the page's language.
    assert "时间冲突: Aidos NURLANULY同时被安排在“开幕式”" in place["title"] and "overlap" not in place["title"]
    assert page.locator("#clashes li").count() == len(clashes)
    cancelled = ItineraryItem.objects.get(event=event, status="cancelled", start__date=DAY)
    assert geometry(page, f".block[data-entry='item-{cancelled.pk}']")["decoration"] == "line-through"

    # Clicking a clash in the side list highlights its blocks.
    page.click("#clashes li[data-clash='1']")
    highlighted = page.eval_on_selector_all(".block.highlight", "blocks => blocks.map(b => b.dataset.entry)")
    assert sorted(highlighted) == sorted(
        [f"item-{pk}" for pk in clashes[0].items] + [f"session-{pk}" for pk in clashes[0].sessions])
    save(page, tmp_path, "day-zh")

    # The refresh keeps the scroll position.
    page.evaluate("document.getElementById('timeline-scroll').scrollLeft = 400")
    page.evaluate("window.officeBoard.refresh()")
    wait_until(page, "document.getElementById('board').dataset.refreshes === '1'")
    assert page.evaluate("document.getElementById('timeline-scroll').scrollLeft") == 400

    # English, then the vehicle lanes.
    page.click("#lang-en")
    page.wait_for_selector("#lanes-delegations:has-text('Delegations')")
    assert "Double booking" in page.inner_text("#clashes")
    save(page, tmp_path, "day-en")
    page.click("#lanes-vehicles")
    page.wait_for_url(f"{base}{url}?lanes=vehicles")
    vehicles = list(Vehicle.objects.filter(event=event).order_by("plate", "id"))
    lanes = page.eval_on_selector_all(".lane[data-lane]", "lanes => lanes.map(l => l.dataset.lane)")
    assert lanes == [f"vehicle-{v.pk}" for v in vehicles]
    coach = next(v for v in vehicles if v.capacity == 33)
    coach_items = page.eval_on_selector_all(f"#lane-vehicle-{coach.pk} .block", "blocks => blocks.map(b => b.dataset.entry)")
    assert coach_items == [f"item-{pk}" for pk in ItineraryItem.objects.filter(
        event=event, vehicle=coach, start__gte=day_start, start__lt=day_start + datetime.timedelta(days=1)).values_list("pk", flat=True)]
    save(page, tmp_path, "vehicles-en")

    # The dashboard, in English.
    page.goto(f"{base}/office/{event.slug}/")
    assert page.locator("#guests-by-status").count() == 1
    save(page, tmp_path, "dashboard-en")
    assert errors == []
