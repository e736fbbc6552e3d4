"""core.typesetting: every script renders, shapes, orders, fits and stays extractable.

No Django, no database: the PDFs are checked with poppler's pdftotext and
pdffonts (poppler-utils, required in CI) and rendered with PDFium.
"""
import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from concurrent.futures import ThreadPoolExecutor

import pytest
from reportlab.lib.pagesizes import A4

from core.typesetting import (
    clean_text,
    draw_line,
    fit_text,
    get_chain,
    layout_line,
    missing_glyphs,
    new_canvas,
)
from core.typesetting.layout import _shape

SAMPLES = {
    "Kazakh": "Айдос Нұрланұлы",
    "Kazakh letters": "Әлихан Ғабит Қасым Ңң Өмір Ұлан Үміт Һһ Іліяс",
    "Kyrgyz": "Сооронбай Жээнбеков",
    "Tajik": "Эмомалӣ Раҳмон Ҷӯрабек Ҳҳ Ӯӯ",
    "Mongolian Cyrillic": "Ухнаагийн Хүрэлсүх Өлзийбаяр",
    "Vietnamese": "Nguyễn Thị Minh Khai",
    "Vietnamese 2": "Phạm Minh Chính Trần Đại Quang",
    "Greek": "Κυριάκος Μητσοτάκης",
    "Arabic": "محمد بن راشد",
    "Arabic country": "الإمارات العربية المتحدة",
    "Persian": "محمدرضا شجریان",
    "Hebrew": "דוד בן-גוריון",
    "Devanagari": "नरेन्द्र मोदी",
    "Tamil": "மு. கருணாநிதி",
    "Thai": "ทักษิณ ชินวัตร",
    "Khmer": "ហ៊ុន សែន",
    "Ethiopic": "ዐቢይ አሕመድ",
    "Georgian": "ირაკლი ღარიბაშვილი",
    "Armenian": "Նիկոլ Փաշինյան",
    "Chinese": "習近平 / 习近平",
    "Japanese": "岸田 文雄 きしだ ふみお",
    "Korean": "윤석열",
    "CJK Extension A": "刘䶮",
    "CJK Extension B": "𠮷野家",
}

REQUIRE_TOOLS = os.environ.get("LIAISON_REQUIRE_SERVICES") == "1" or os.environ.get("CI") == "true"


def _tool(name):
    path = shutil.which(name)
    if path is None:
        if REQUIRE_TOOLS:
            pytest.fail(f"{name} (poppler-utils) is required in CI")
        pytest.skip(f"needs {name} (poppler-utils)")
    return path


def normalize(text):
    """NFKC, without bidi embedding marks (pdftotext wraps RTL lines in them), spaces collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return " ".join(text.split())


def pdftotext(pdf_bytes):
    """Text of each page, normalized."""
    out = subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", "-", "-"], input=pdf_bytes,
                         capture_output=True, check=True)
    return [normalize(page) for page in out.stdout.decode("utf-8").split("\f")[:-1]]


def render_pdf(texts, size=16, per_page=1):
    """Each text twice, regular then bold below it; `per_page` texts a page.

    One name a page, like a badge: poppler puts right-to-left text back in
    logical order by guessing the page's main direction, and gets a hyphen
    between Hebrew words wrong on a page of mostly Latin text (as for any PDF).
    """
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, A4)
    for i, text in enumerate(texts):
        if i and i % per_page == 0:
            canvas.showPage()
        y = 800 - 3.2 * size * (i % per_page)
        draw_line(canvas, layout_line(text, size), 40, y)
        draw_line(canvas, layout_line(text, size, bold=True), 40, y - 1.6 * size)
    canvas.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def samples_pdf():
    return render_pdf(SAMPLES.values())


@pytest.fixture(scope="module")
def samples_text(samples_pdf):
    return dict(zip(SAMPLES, pdftotext(samples_pdf)))


@pytest.mark.parametrize("script", SAMPLES)
def test_name_is_extractable(script, samples_text):
    name = normalize(SAMPLES[script])
    # Drawn twice (regular and bold): both come back, nothing else on the page.
    assert samples_text[script] == f"{name} {name}"


@pytest.mark.parametrize("script", SAMPLES)
def test_name_is_extractable_with_pdfium(script, samples_pdf):
    """PDFium's text layer (the PDF helper's fallback without poppler) reads the names too,
    except supplementary-plane characters, which it drops from /ActualText."""
    pypdfium2 = pytest.importorskip("pypdfium2")
    page = pypdfium2.PdfDocument(samples_pdf)[list(SAMPLES).index(script)]
    name = normalize(SAMPLES[script])
    if any(ord(ch) > 0xFFFF for ch in name):
        name = "".join(ch for ch in name if ord(ch) <= 0xFFFF)
    assert normalize(page.get_textpage().get_text_range()) == f"{name} {name}"


def test_many_names_on_one_page_are_extractable():
    names = [name for name in SAMPLES.values() if "-" not in name]
    (page,) = pdftotext(render_pdf(names, per_page=len(names), size=10))
    for name in names:
        assert page.count(normalize(name)) == 2, name


@pytest.mark.parametrize("script", SAMPLES)
def test_every_sample_is_covered_and_drawn_without_tofu(script):
    text = SAMPLES[script]
    assert missing_glyphs(text) == []
    assert missing_glyphs(text, bold=True) == []
    for bold in (False, True):
        line = layout_line(text, 12, bold=bold)
        assert all(gid != 0 for _, gid, _, _, _ in line.glyphs()), (script, bold)
        assert line.width > 0


def test_missing_glyphs_reports_uncovered_characters_once():
    assert missing_glyphs("Anna \U0001F9FF \ue000 \U0001F9FF") == ["\U0001F9FF", "\ue000"]
    # Whitespace, controls and invisible format characters are not "missing".
    assert missing_glyphs("A\u00a0B\u3000C\tD\x00E\u200dF\u200fG\ufe0f") == []


def test_arabic_is_shaped_joined_and_right_to_left():
    text = "محمد"
    line = layout_line(text, 20)
    assert line.rtl
    glyphs = list(line.glyphs())
    face = glyphs[0][0]
    assert face.family == "Arabic"
    nominal = [face.hb_font.get_nominal_glyph(ord(ch)) for ch in text]
    shaped_in_logical_order = [gid for _, gid, _, _, _ in sorted(glyphs, key=lambda g: g[4])]
    assert len(shaped_in_logical_order) == len(nominal)
    # Joining forms (initial, medial, final) instead of the isolated letters of the cmap.
    assert sum(s != n for s, n in zip(shaped_in_logical_order, nominal)) >= 3
    # The first logical letter is drawn rightmost, the last leftmost.
    by_x = sorted(glyphs, key=lambda g: g[2])
    assert by_x[-1][4] == 0
    assert by_x[0][4] == len(text) - 1


def test_lam_alef_ligature_and_marks_extract_in_logical_order():
    texts = ["السلام", "مُحَمَّد", "שָׁלוֹם", "می‌خواهم", "عبد الله", "ﷲ"]
    for text, page in zip(texts, pdftotext(render_pdf(texts))):
        assert page == f"{normalize(text)} {normalize(text)}"


def test_bidi_mixed_line_orders_runs_visually():
    line = layout_line("Dubai دبي 2025", 12)
    assert not line.rtl
    assert [run.face.family for run in line.runs][0] == "Sans"
    assert line.runs[0].text == "Dubai "
    arabic = next(run for run in line.runs if run.rtl)
    digits = next(run for run in line.runs if run.text == "2025")
    # In the right-to-left part "دبي 2025" the Arabic word is right of the digits.
    assert line.runs.index(arabic) > line.runs.index(digits)
    assert layout_line("محمد (Mohammed)", 12).rtl
    assert not layout_line("محمد", 12, direction="ltr").rtl


def test_markup_and_pdf_syntax_print_literally():
    texts = ["O'Neil & <b>Bold</b>", r"Smith (Jr.) \ <i>x</i> &amp; %PDF"]
    for text, page in zip(texts, pdftotext(render_pdf(texts))):
        assert page == f"{text} {text}"


def test_control_characters_are_dropped_safely():
    assert clean_text("A\x00B\x07C\nD\tE\u2028F\ud800G") == "ABC D E FG"
    line = layout_line("Anna\x00\x1b[31m Bell\r\n", 12)
    assert line.text == "Anna[31m Bell  "
    assert all(gid != 0 for _, gid, _, _, _ in line.glyphs())
    assert layout_line("\x00\x01", 12).width == 0
    with pytest.raises(TypeError):
        layout_line(b"bytes", 12)
    with pytest.raises(ValueError):
        layout_line("x", 0)
    assert pdftotext(render_pdf(["Null\x00Byte"])) == ["NullByte NullByte"]


def test_fit_text_shrinks_then_wraps_then_truncates():
    box = dict(max_width=200, max_size=24, min_size=10)

    short = fit_text("Ana Li", **box)
    assert (short.size, len(short.lines), short.truncated) == (24, 1, False)

    medium = fit_text("Maria Fernández García de la Vega", **box)
    assert 10 <= medium.size < 24 and len(medium.lines) == 1 and not medium.truncated
    assert medium.lines[0].width == pytest.approx(200, abs=0.5)

    wrapped = fit_text("Sheikh Mohammed bin Rashid Al Maktoum Vice President", **box)
    assert len(wrapped.lines) == 2 and not wrapped.truncated and wrapped.size >= 10
    assert " ".join(line.text for line in wrapped.lines) == "Sheikh Mohammed bin Rashid Al Maktoum Vice President"

    cjk = fit_text("岸田文雄内閣総理大臣兼外務大臣臨時代理岸田文雄内閣総理大臣", **box)
    assert len(cjk.lines) == 2 and not cjk.truncated  # CJK breaks between characters

    long_name = " ".join(["Wolfeschlegelsteinhausenbergerdorff", "Hubert", "Blaine"] * 16)[:300]
    assert len(long_name) == 300
    for text in (long_name, "A" * 300, "محمد " * 60, "習近平" * 100):
        fit = fit_text(text, **box)
        assert fit.truncated and fit.size == 10 and 1 <= len(fit.lines) <= 2
        assert fit.lines[-1].text.endswith("…")
        for line in fit.lines:
            assert line.width <= 200 + 1e-6 and line.size == fit.size


@pytest.mark.parametrize("max_lines", [1, 2, 3])
def test_fit_text_never_overflows(max_lines):
    names = list(SAMPLES.values()) + ["x" * 50, "Jean-Pierre " * 12, ""]
    for width in (40, 90, 150):
        for name in names:
            fit = fit_text(name, width, 20, 6, max_lines=max_lines)
            assert len(fit.lines) <= max_lines
            assert all(line.width <= width + 1e-6 for line in fit.lines), (name, width)
            if not fit.truncated:
                assert "".join(line.text for line in fit.lines).replace(" ", "") == \
                    " ".join(name.split()).replace(" ", "")


def test_pdf_fonts_are_all_embedded_subsets_and_no_helvetica(samples_pdf):
    blank = io.BytesIO()
    canvas = new_canvas(blank, A4)
    canvas.drawString(100, 100, "plain reportlab text")
    canvas.save()
    for pdf in (samples_pdf, blank.getvalue()):
        out = subprocess.run([_tool("pdffonts"), "-"], input=pdf, capture_output=True, check=True)
        rows = out.stdout.decode().splitlines()[2:]
        assert rows
        for row in rows:
            assert "Helvetica" not in row
            name, rest = row.split(None, 1)
            assert re.match(r"^[A-Z]{6}\+", name), row  # subset tag
            emb, sub, uni = rest.split()[-5:-2]
            assert (emb, sub, uni) == ("yes", "yes", "yes"), row


@pytest.mark.parametrize("align, factor", [("left", 0), ("center", 0.5), ("right", 1)])
def test_alignment(align, factor):
    canvas = new_canvas(io.BytesIO(), A4)
    line = layout_line("Κυριάκος", 20)
    draw_line(canvas, line, 300, 500, align=align)
    x, y = map(float, re.search(r"1 0 0 1 (\S+) (\S+) Tm", canvas._code[-1]).groups())
    assert x == pytest.approx(300 - factor * line.width, abs=0.001) and y == 500
    with pytest.raises(ValueError):
        draw_line(canvas, line, 0, 0, align="justify")


def test_canvas_text_after_draw_line_is_unaffected():
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, A4)
    canvas.setFont("Liaison-Sans", 12)
    draw_line(canvas, layout_line("ហ៊ុន សែន", 30), 100, 700)
    canvas.drawString(100, 600, "Plain drawString after")
    canvas.save()
    assert pdftotext(buffer.getvalue()) == ["ហ៊ុន សែន Plain drawString after"]


def test_layout_is_thread_safe():
    names = [f"{name} {i}" for i in range(20) for name in SAMPLES.values()]
    _shape.cache_clear()
    with ThreadPoolExecutor(4) as pool:
        parallel = list(pool.map(lambda n: layout_line(n, 10).runs, names))
    _shape.cache_clear()
    assert parallel == [layout_line(n, 10).runs for n in names]


def test_fonts_are_static_truetype():
    for face in get_chain().regular + get_chain().bold:
        data = face.path.read_bytes()
        assert data[:4] == b"\x00\x01\x00\x00", face.path  # TrueType outlines, not CFF
        assert b"fvar" not in data[:1024], face.path  # not a variable font


def test_imports_without_django_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = ("import sys, core.typesetting as t; t.layout_line('x', 9); "
            "assert 'django' not in sys.modules, 'django imported'")
    subprocess.run([sys.executable, "-c", code], env=env, check=True,
                   cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def test_sample_sheet_png():
    """All scripts on one page, regular left and bold right: /tmp/typesetting_sample.png."""
    pypdfium2 = pytest.importorskip("pypdfium2")
    texts = [*SAMPLES.values(), "مُحَمَّد", "Dubai دبي 2025", "O'Neil & <b>Bold</b>"]
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, A4)
    for i, text in enumerate(texts):
        y = 810 - 28.5 * i
        for bold, x, align in ((False, 30, "left"), (True, 565, "right")):
            (line,) = fit_text(text, 255, 15, 6, max_lines=1, bold=bold).lines
            draw_line(canvas, line, x, y, align=align)
    canvas.save()
    image = pypdfium2.PdfDocument(buffer.getvalue())[0].render(scale=1.5).to_pil()
    image.save("/tmp/typesetting_sample.png")
    assert image.convert("L").getextrema()[0] < 100  # something dark was drawn
