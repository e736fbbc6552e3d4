"""The desk page in a real browser: Debian's Chromium driven by Playwright, against live_server."""
import datetime
import io
import os
import shutil
import tempfile

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from badges.domain.issuing import revoke_badge
from tests import factories
from tests.checkin.conftest import code_of, make_badge, make_checkpoint, make_zone
from tests.helpers.browser import CHROMIUM_ARGS, chromium_path, close_orm_connections, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("LIAISON_SCREENSHOT_DIR")


def portrait_jpeg() -> bytes:
    image = Image.new("RGB", (300, 400), "#d9e4ef")
    draw = ImageDraw.Draw(image)
    draw.ellipse((90, 70, 210, 200), fill="#e2b68f")  # head
    draw.rectangle((60, 230, 240, 400), fill="#2d4d6e")  # shoulders
    draw.ellipse((118, 120, 132, 134), fill="#222")
    draw.ellipse((168, 120, 182, 134), fill="#222")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="liaison-chromium-")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium_path(), headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1024, "height": 768}, locale="zh-CN",
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            yield page
            _let_the_desk_settle(page)
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)
            close_orm_connections()


def scan(page, code):
    """What a keyboard-wedge scanner does: types the code and presses Enter."""
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def _let_the_desk_settle(page):
    """A desk page syncs the keys as soon as it opens. The live server answers in its own thread, on
    the same SQLite database: a request still running when the next test starts locks its tables."""
    if page.is_closed() or page.query_selector("#scan-input") is None:
        return
    wait_until(page, "Object.keys(localStorage).some(function (key) { return key.indexOf('liaison-desk-keys:') === 0; })",
               timeout_ms=15_000)
    page.wait_for_timeout(200)


@pytest.fixture
def desk(live_server, event):
    now = timezone.now()
    plenary = make_zone(event, "PLENARY", {"en": "Plenary hall", "zh-hans": "全体会议厅"}, "single")
    plenary.colour = "#1565C0"
    plenary.save()
    gate = make_checkpoint(event, [plenary], name={"en": "North gate", "zh-hans": "北门"})
    badge = make_badge(
        event, [plenary], family_name="NURLANULY", given_name="Aidos", native_name="Айдос Нұрланұлы",
        chinese_name="艾多斯·努尔兰内", honorific="H.E.", category="minister",
    )
    badge.valid_from, badge.valid_until = now - datetime.timedelta(days=1), now + datetime.timedelta(days=1)
    badge.save()
    guest = badge.guest
    guest.photo.save("aidos.jpg", ContentFile(portrait_jpeg()), save=True)
    factories.make_member(event, "checkin", user=factories.make_user("gate-guard"))
    # Signed here, before any page opens: the desk's first key sync must not be the one to create the
    # event's signing key while a test reads it (SQLite locks the table across the live server's thread).
    return {"url": live_server.url, "event": event, "gate": gate, "badge": badge, "code": code_of(badge)}


def login(page, base_url):
    page.goto(base_url + "/desk/")
    assert "/desk/login/" in page.url
    page.fill("#id_username", "gate-guard")
    page.fill("#id_password", "pw-gate-guard")
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/desk/")


def test_guard_logs_in_picks_gate_scans_and_sees_the_result_and_photo(browser_page, desk):
    page, base = browser_page, desk["url"]
    console = []
    page.on("console", lambda message: console.append(message.text))
    assert "script-src 'self'" in page.goto(base + "/desk/login/").headers["content-security-policy"]
    login(page, base)
    page.click(f"text={desk['event'].name['zh-hans']}")
    page.click(f"[data-checkpoint='{desk['gate'].pk}']")
    page.wait_for_selector("#scan-input")
    _let_the_desk_settle(page)
    assert page.evaluate("document.activeElement.id") == "scan-input"

    # A keyboard-wedge scanner: the code's characters, then Enter.
    scan(page, desk["code"])
    page.wait_for_selector("#result[data-result='ok']")
    assert page.inner_text("#verdict-zh") == "通过"
    assert "OK" in page.inner_text("#verdict-en")
    assert page.inner_text("#name-latin") == "H.E. Aidos NURLANULY"
    assert page.inner_text("#name-native") == "Айдос Нұрланұлы"
    assert page.inner_text("#name-chinese") == "艾多斯·努尔兰内"
    assert "部长 Minister" in page.inner_text("#meta") and "哈萨克斯坦 Kazakhstan" in page.inner_text("#meta")
    wait_until(page, "document.getElementById('photo').complete && document.getElementById('photo').naturalWidth > 0")
    assert page.evaluate("document.getElementById('photo').naturalWidth") == 300
    green = page.evaluate("getComputedStyle(document.getElementById('result')).backgroundColor")
    assert green == "rgb(27, 127, 59)"
    # Ready for the next badge at once: input cleared and focused.
    assert page.input_value("#scan-input") == ""
    assert page.evaluate("document.activeElement.id") == "scan-input"
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, "desk-ok.png"), full_page=True)

    # Same badge again at a single-entry zone: amber "already inside".
    scan(page, desk["code"])
    page.wait_for_selector("#result[data-result='already_inside']")
    assert page.inner_text("#verdict-zh") == "已在场内"
    amber = page.evaluate("getComputedStyle(document.getElementById('result')).backgroundColor")
    assert amber == "rgb(199, 119, 0)"

    # Garbage: red, no guest shown.
    scan(page, "hello=WORLD<script>")
    page.wait_for_selector("#result[data-result='invalid']")
    assert page.is_hidden("#person")
    assert page.evaluate("document.querySelectorAll('#history li').length") == 3

    # Revoked: red, with the photo so the guard can keep the badge.
    revoke_badge(desk["badge"], reason="lost")
    scan(page, desk["code"])
    page.wait_for_selector("#result[data-result='revoked']")
    assert page.inner_text("#verdict-zh") == "证件已注销"
    red = page.evaluate("getComputedStyle(document.getElementById('result')).backgroundColor")
    assert red == "rgb(198, 40, 40)"
    assert page.inner_text("#name-chinese") == "艾多斯·努尔兰内"
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, "desk-revoked.png"), full_page=True)
    # The page runs within its Content-Security-Policy: nothing it needs was refused.
    assert not [text for text in console if "Content Security Policy" in text], console


def test_a_right_to_left_name_is_laid_out_right_to_left(browser_page, desk):
    page, base = browser_page, desk["url"]
    badge = make_badge(desk["event"], list(desk["gate"].zones.all()), family_name="ABDULRAHMAN", given_name="Mohamed",
                       native_name="محمد عبد الرحمن", chinese_name="穆罕默德", category="minister")
    login(page, base)
    code = code_of(badge)
    page.goto(f"{base}/desk/{desk['event'].slug}/{desk['gate'].pk}/")
    page.wait_for_selector("#scan-input")
    _let_the_desk_settle(page)
    scan(page, code)
    page.wait_for_selector("#person:not([hidden])")
    assert page.inner_text("#name-native") == "محمد عبد الرحمن"
    assert page.evaluate("getComputedStyle(document.getElementById('name-native')).direction") == "rtl"
    assert page.evaluate("getComputedStyle(document.getElementById('name-latin')).direction") == "ltr"
    assert page.evaluate("document.querySelector('#history li bdi').textContent") == "Mohamed ABDULRAHMAN"


def test_desk_fits_a_portrait_tablet(browser_page, desk):
    page, base = browser_page, desk["url"]
    page.set_viewport_size({"width": 600, "height": 960})
    login(page, base)
    page.goto(f"{base}/desk/{desk['event'].slug}/{desk['gate'].pk}/")
    _let_the_desk_settle(page)
    scan(page, desk["code"])
    page.wait_for_selector("#result[data-result='ok']")
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 600
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, "desk-tablet.png"), full_page=True)


def test_when_the_network_fails_the_desk_checks_codes_itself_and_uploads_later(browser_page, desk):
    from checkin.models import Scan

    page, base, event = browser_page, desk["url"], desk["event"]
    lost = make_badge(event, list(desk["badge"].zones.all()), family_name="LOST")
    lost_code = code_of(lost)
    revoke_badge(lost, reason="reported lost")
    good_code = desk["code"]
    login(page, base)
    page.goto(f"{base}/desk/{event.slug}/{desk['gate'].pk}/")
    wait_until(page, f"JSON.parse(localStorage.getItem('liaison-desk-keys:{event.slug}') || 'null')")

    page.route("**/checkin/scan/", lambda route: route.abort("internetdisconnected"))
    for code, expected, zh in [(good_code, "ok", "通过"), (good_code, "already_inside", "已在场内"),
                               (lost_code, "revoked", "证件已注销"), ("LB1:GARBAGE", "invalid", "无效二维码")]:
        scan(page, code)
        page.wait_for_selector(f"#result[data-result='{expected}'][data-offline='true']")
        assert page.inner_text("#verdict-zh") == zh
        assert page.input_value("#scan-input") == "" and page.evaluate("document.activeElement.id") == "scan-input"
        if expected == "ok":
            assert f"badge #{desk['badge'].pk}" in page.inner_text("#verdict-detail")
    assert "4" in page.inner_text("#net-status")
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, "desk-offline.png"), full_page=True)
    assert not Scan.objects.exists()

    page.unroute("**/checkin/scan/")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("#net-status.online")
    scans = list(Scan.objects.order_by("scanned_at"))
    assert [(s.result, s.offline) for s in scans] == [
        ("ok", True), ("already_inside", True), ("revoked", True), ("invalid", True)]
    assert [s.response.get("flags") for s in scans] == [[], [], [], []]


def test_the_desk_judges_every_shared_offline_vector_as_the_server_does(browser_page, live_server):
    """tests/checkin/vectors/offline_verdicts.json through desk-offline.js (the same file the
    server's tests run through badges.domain.validity and the offline upload)."""
    from tests.checkin.test_offline_vectors import VECTORS

    page = browser_page
    page.goto(live_server.url + "/desk/login/")
    page.add_script_tag(url=live_server.url + "/static/checkin/desk-offline.js")
    now = datetime.datetime.fromisoformat(VECTORS["at"]).timestamp()
    judged = page.evaluate("""async ([file, now]) => {
        const judged = [];
        for (const vector of file.vectors) {
            const inside = JSON.parse(JSON.stringify(file.inside));
            const verdict = await window.LiaisonOffline.verdict(file.keys, inside, vector.code, vector.direction,
                                                                vector.checkpoint, now);
            judged.push([vector.name, verdict && verdict.result]);
        }
        return judged;
    }""", [VECTORS, now])
    assert judged == [[vector["name"], vector["verdict"]] for vector in VECTORS["vectors"]]
