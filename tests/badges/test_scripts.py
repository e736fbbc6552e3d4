"""Every script prints as real text: shaped, in the right order, and extractable."""
import io
import unicodedata

import pytest

from badges.domain.geometry import MM
from badges.domain.issuing import issue_badges
from badges.domain.prepared import Box, PreparedTemplate, fit_in_box
from badges.domain.printing import badges_for_printing, render_badges
from tests import factories
from tests.helpers.pdf import extract_text, normalize

pytestmark = pytest.mark.django_db

# (script, Latin family name, given name, native name, Chinese name)
NAMES = [
    ("Latin + Vietnamese", "NGUYEN", "Thi Minh Khai", "Nguyễn Thị Minh Khai", "阮氏明开"),
    ("Kazakh Cyrillic", "ZHAKSYBEKOVA", "Aigerim", "Әйгерім Жақсыбекова", "艾格丽姆·扎克瑟别科娃"),
    ("Kyrgyz Cyrillic", "USONBAEV", "Emil", "Эмиль Үсөнбаев", "埃米尔·乌瑟恩巴耶夫"),
    ("Tajik Cyrillic", "JURAEV", "Shuhrat", "Шуҳрат Ҷӯраев", "舒赫拉特·朱拉耶夫"),
    ("Mongolian Cyrillic", "OLZIISAIKHAN", "Batbayar", "Батбаяр Өлзийсайхан", "巴特巴雅尔"),
    ("Russian", "SOKOLOV", "Dmitry", "Дмитрий Соколов", "德米特里·索科洛夫"),
    ("Greek", "PAPADOPOULOS", "Georgios", "Γεώργιος Παπαδόπουλος", "乔治·帕帕佐普洛斯"),
    ("Chinese simplified", "ZHANG", "Weiming", "张伟明", "张伟明"),
    ("Chinese traditional", "CHAN", "Tai Man", "陳大文", "陈大文"),
    ("Japanese", "TAKAHASHI", "Yui", "高橋 ゆい", "高桥结衣"),
    ("Japanese katakana", "SATO", "Ken", "サトウ ケン", "佐藤健"),
    ("Korean", "KIM", "Minjun", "김민준", "金敏俊"),
    ("Arabic", "ABDELRAHMAN", "Mohamed", "محمد عبد الرحمن", "穆罕默德·阿卜杜勒拉赫曼"),
    ("Arabic long", "AL NAHYAN", "Khalid", "الإمارات العربية المتحدة", "哈立德"),
    ("Persian", "REZAEI", "Kamran", "کامران رضایی", "卡姆兰·礼萨伊"),
    ("Hebrew", "LEVI", "David", "דוד לוי", "大卫·列维"),
    ("Devanagari", "SHARMA", "Priya", "प्रिया शर्मा", "普丽娅·夏尔马"),
    ("Tamil", "SUBRAMANIAM", "Selvi", "செல்வி சுப்பிரமணியம்", "塞尔维"),
    ("Thai", "JAIDEE", "Somchai", "สมชาย ใจดี", "宋猜·再迪"),
    ("Khmer", "SOK", "Sophea", "សុខ សុភា", "索·索菲亚"),
    ("Ethiopic", "BEKELE", "Abebe", "አበበ በቀለ", "阿贝贝·贝克勒"),
    ("Georgian", "BERIDZE", "Giorgi", "გიორგი ბერიძე", "吉奥尔吉·贝里泽"),
    ("Armenian", "PETROSYAN", "Aram", "Արամ Պետրոսյան", "阿拉姆·彼得罗相"),
]


def render(event, template, guests):
    issued = issue_badges(event, guests)
    out = io.BytesIO()
    report = render_badges(PreparedTemplate(template, event), badges_for_printing(event, [issued[g.pk].pk for g in guests]), out)
    return out.getvalue(), report


@pytest.mark.parametrize("script, family, given, native, chinese", NAMES, ids=[n[0] for n in NAMES])
def test_every_script_prints_as_extractable_text(event, zones, template, script, family, given, native, chinese):
    guest = factories.make_guest(event, family_name=family, given_name=given, native_name=native, chinese_name=chinese)
    pdf, report = render(event, template, [guest])
    assert report.problems == [] and len(report.printed) == 1
    text = extract_text(pdf)
    assert normalize(native) in text, (script, text)
    assert normalize(f"{given} {family}") in text
    if "".join(chinese.split()) != "".join(native.split()):
        assert normalize(chinese) in text
    assert b"Helvetica" not in pdf  # every font is embedded; no base-14 fallback


def test_all_scripts_on_one_sheet(event, zones, template):
    guests = [factories.make_guest(event, family_name=f, given_name=g, native_name=n, chinese_name=c)
              for _, f, g, n, c in NAMES]
    pdf, report = render(event, template, guests)
    assert report.problems == [] and len(report.printed) == len(NAMES)
    text = extract_text(pdf)
    for script, _, _, native, _ in NAMES:
        assert normalize(native) in text, script


def test_markup_in_names_prints_literally(event, zones, template):
    guest = factories.make_guest(event, family_name="O'NEIL & <b>Bold</b>", given_name="Seán",
                                 native_name="", chinese_name="", position="<script>alert(1)</script> & Co")
    pdf, report = render(event, template, [guest])
    text = extract_text(pdf)
    assert "Seán O'NEIL & <b>Bold</b>" in text
    assert "<script>alert(1)</script> & Co" in text


def test_long_names_shrink_then_wrap_and_never_overflow(event, zones, template):
    prepared = PreparedTemplate(template, event)
    name_box = next(box for box in prepared.front if box.field == "name")
    short, medium, long = "Ken SATO", "Nurul Aisyah binti Ismail BAHARUDDIN", " ".join(["Wolfeschlegelsteinhausen"] * 8)
    lines, size, _ = fit_in_box(short, name_box)
    assert len(lines) == 1 and size == name_box.element["size"]
    lines, size, _ = fit_in_box(medium, name_box)
    assert len(lines) == 2 and size >= 0.75 * name_box.element["size"] - 0.01  # wrapped before shrinking far
    for text in (short, medium, long, "𠮷" * 200, "محمد " * 60):
        lines, size, _ = fit_in_box(text, name_box)
        assert all(line.width <= name_box.w + 0.01 for line in lines)
        assert ((len(lines) - 1) * 1.2 + 1.15) * size <= name_box.h + 0.01
    guest = factories.make_guest(event, family_name="BAHARUDDIN", given_name="Nurul Aisyah binti Ismail",
                                 native_name="Nurul Aisyah binti Ismail Baharuddin bin Abdullah", chinese_name="")
    pdf, report = render(event, template, [guest])
    assert "Nurul Aisyah binti Ismail BAHARUDDIN" in extract_text(pdf)


def test_a_box_too_small_for_any_text_still_keeps_it_inside():
    box = Box({"field": "position", "size": 9, "min_size": 4, "max_lines": 2, "bold": False}, "position", 0, 0,
              12 * MM, 2 * MM)
    lines, size, _ = fit_in_box("Deputy Minister of Foreign Affairs of the Republic", box)
    assert all(line.width <= box.w + 0.01 for line in lines)
    assert ((len(lines) - 1) * 1.2 + 1.15) * size <= box.h + 0.01


def test_uncovered_characters_are_reported_never_printed(event, zones, template):
    egyptian = "\U00013000"  # no badge font covers Egyptian hieroglyphs
    bad = factories.make_guest(event, family_name="GOOD", native_name=f"Ra {egyptian}")
    good = factories.make_guest(event, family_name="FINE")
    pdf, report = render(event, template, [bad, good])
    assert len(report.printed) == 1
    [problem] = report.problems
    assert problem["guest_id"] == bad.pk and "U+13000" in problem["problem"] and "native_name" in problem["problem"]
    assert "FINE" in extract_text(pdf) and "GOOD" not in extract_text(pdf)


def test_nfc_and_nfd_names_both_print(event, zones, template):
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Minh Khai")
    guest = factories.make_guest(event, family_name="NGUYEN", native_name=nfd, chinese_name="")
    pdf, report = render(event, template, [guest])
    assert report.problems == []
    assert normalize("Nguyễn Thị Minh Khai") in extract_text(pdf)


def test_nasty_text_never_breaks_a_sheet(event, zones, template):
    nasty = [
        dict(family_name="YOSHIDA", given_name="Taro", native_name="𠮷田 太郎", chinese_name="吉田太郎"),
        dict(family_name="AL MANSOURI", given_name="Ahmed", native_name="Ahmed أحمد (UAE) ١٢٣", chinese_name=""),
        dict(family_name="OVERRIDE", given_name="Evil", native_name="\u202eevil\u202c name", chinese_name="",
             position="tab\there\nnewline\x07bell"),
        dict(family_name="MARKS", given_name="Lone", native_name="\u0301\u0301abc", chinese_name=""),
        dict(family_name="W" * 200, given_name="X" * 200, native_name="Щ" * 300, chinese_name="龍" * 200,
             position="P" * 300, organization="O" * 300),
    ]
    guests = [factories.make_guest(event, **values) for values in nasty]
    emoji = factories.make_guest(event, family_name="SMILE", native_name="Happy 👍")
    pdf, report = render(event, template, [*guests, emoji])
    giant = guests[-1]  # a 400-character name: reported, never printed cut (its long position may be cut)
    assert len(report.printed) == len(nasty) - 1
    assert [(p["guest_id"], p["reason"]) for p in report.problems] == [
        (giant.pk, "name_does_not_fit"), (emoji.pk, "missing_glyphs")]
    assert "U+1F44D" in report.problems[1]["problem"]
    text = extract_text(pdf)
    assert "𠮷田 太郎" in text
    assert "tab here newline" in text  # line breaks and tabs become spaces; the bell is dropped
    assert normalize("أحمد") in text
