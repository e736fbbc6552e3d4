"""The desk page's words: rendered by the server through gettext, none written into its scripts."""
import json
import pathlib
import re

import pytest

from checkin.domain.messages import DESK_FLAGS, DESK_WORDS, MESSAGES, desk_words
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
