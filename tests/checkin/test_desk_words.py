"""The desk page's words: rendered by the server through gettext, none written into its scripts."""
import json
import pathlib
import re

import pytest
from django.test import Client

from checkin.domain.messages import DESK_FLAGS, DESK_WORDS, MESSAGES, PAGE_WORDS, desk_words
from checkin.templatetags.desk import both
from tests.checkin.test_checkpoints_and_desk import browser_for

STATIC = pathlib.Path(__file__).resolve().parents[2] / "checkin" / "static" / "checkin"
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def test_every_desk_word_has_its_chinese_beside_its_english():
    words = desk_words()
    assert set(words["results"]) == set(MESSAGES) and set(words["flags"]) == set(DESK_FLAGS)
    assert set(words["words"]) == set(DESK_WORDS)
    for table in words.values():
        for key, (chinese, english) in table.items():
            assert CHINESE.search(chinese) and not CHINESE.search(english), key
    assert words["results"]["superseded"] == ["旧证件（已重新制证）", "Old badge — replaced by a reprint"]
    assert words["words"]["offline_queued"] == ["离线：%(count)s 条扫描待上传", "Offline: %(count)s scan(s) waiting to upload"]
    assert words["flags"]["exit_recorded"] == ["已登记离场", "exit recorded"]


@pytest.mark.django_db
def test_the_scan_page_carries_the_words_as_a_json_data_block(event, gate):
    html = browser_for(event, "checkin").get(f"/desk/{event.slug}/{gate.pk}/").content.decode()
    block = re.search(r'<script id="desk-words" type="application/json">(.*?)</script>', html, re.S)
    assert block and json.loads(block.group(1)) == desk_words()
    scripts = re.findall(r'<script src="/static/checkin/([\w-]+\.js)"></script>', html)
    assert scripts == ["desk-offline.js", "desk-page.js", "desk-keys.js", "desk-queue.js", "desk.js"]


def test_no_script_of_the_desk_writes_words_of_its_own_or_grows_past_400_lines():
    for script in STATIC.glob("*.js"):
        source = script.read_text(encoding="utf-8")
        assert not CHINESE.search(source), script.name
        assert source.count("\n") <= 400, script.name


def test_the_desk_pages_write_no_word_of_their_own():
    for template in (STATIC.parents[1] / "templates" / "checkin").glob("*.html"):
        assert not CHINESE.search(template.read_text(encoding="utf-8")), template.name


@pytest.mark.django_db
def test_the_desk_pages_show_their_words_from_the_catalog_in_chinese_beside_english(event, gate):
    login = Client().get("/desk/login/").content.decode()
    assert "<title>登录 · Log in — 安检签到 Check-in desk</title>" in login
    assert '<label for="id_username"><span lang="zh-Hans">用户名</span> <span lang="en">Username</span></label>' in login
    wrong = Client().post("/desk/login/", {"username": "nobody", "password": "nope"}).content.decode()
    assert '<span lang="zh-Hans">用户名或密码不正确。</span> <span lang="en">Wrong username or password.</span>' in wrong
    client = browser_for(event, "checkin")
    assert '<span lang="zh-Hans">选择安检口</span> <span lang="en">Choose the gate</span>' in client.get(
        f"/desk/{event.slug}/").content.decode()
    page = client.get(f"/desk/{event.slug}/{gate.pk}/").content.decode()
    for expected in ('<span lang="zh-Hans">退出</span> <span lang="en">Log out</span>',
                     '<span lang="zh-Hans">换安检口</span> <span lang="en">Change gate</span>',
                     'id="verdict-zh">等待扫描</div>', 'id="verdict-en">Ready to scan</div>',
                     '<span lang="zh-Hans">最近扫描</span> <span lang="en">Recent scans</span>',
                     '<span lang="zh-Hans">⚠ 服务器判定与本机不同</span>'):
        assert expected in page, expected


def test_the_lockout_words_count_minutes_in_both_languages():
    assert both("try_again_in", minutes=1) == (
        '<span lang="zh-Hans">请1分钟后再试。</span> <span lang="en">Try again in 1 minute.</span>')
    assert both("try_again_in", minutes=15) == (
        '<span lang="zh-Hans">请15分钟后再试。</span> <span lang="en">Try again in 15 minutes.</span>')
    assert PAGE_WORDS.keys() >= {"log_in", "log_out", "ready", "online"}
