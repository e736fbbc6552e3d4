"""The font fallback chain: committed TrueType files, registered with reportlab once.

Each face is loaded twice from the same bytes: by reportlab (embedding and
subsetting in the PDF) and by HarfBuzz (shaping). Glyph ids are the same in both.
"""
import threading
import unicodedata
from pathlib import Path

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"

# Fallback order: the first face that covers a character draws it.
# (family, regular file, bold file or None when the family has no bold).
CHAIN = (
    ("Sans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),  # Latin, Greek, Cyrillic
    ("Arabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    ("Hebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    ("Devanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    ("Tamil", "NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf"),
    ("Thai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"),
    ("Khmer", "NotoSansKhmer-Regular.ttf", "NotoSansKhmer-Bold.ttf"),
    ("Ethiopic", "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"),
    ("Georgian", "NotoSansGeorgian-Regular.ttf", "NotoSansGeorgian-Bold.ttf"),
    ("Armenian", "NotoSansArmenian-Regular.ttf", "NotoSansArmenian-Bold.ttf"),
    ("CJK", "WenQuanYiMicroHei.ttf", None),  # Han, kana, Hangul
    ("CJKExtA", "LiaisonHanExtA.ttf", None),  # Hanazono Mincho subsets
    ("CJKExtB", "LiaisonHanExtB.ttf", None),
)

# reportlab name of the face new_canvas() makes the canvas's initial font.
BASE_FONT_NAME = "Liaison-Sans"


def _spare_codepoints(cmap):
    """BMP code points the font does not map: private use first, then the rest.

    reportlab subsets and embeds by character, so every glyph we draw needs a
    character "key" of its own. Shaped glyphs (Arabic joining forms, Indic
    conjuncts, ligatures) have no character in the cmap: they get a spare one.
    The real text is carried by /ActualText, so the key only needs to be unique.
    (reportlab writes ToUnicode entries as 4 hex digits, so keys stay in the BMP.)
    """
    for cp in (*range(0xE000, 0xF900), *range(0x100, 0xD800), *range(0xF900, 0xFFFE)):
        if cp not in cmap:
            yield cp


class FontFace:
    """One TrueType face: reportlab font, HarfBuzz font, cmap coverage, glyph keys."""

    def __init__(self, family, filename, bold):
        self.family = family
        self.bold = bold
        self.path = FONT_DIR / filename
        self.name = f"Liaison-{family}" + ("-Bold" if bold else "")
        data = self.path.read_bytes()
        self.ttf = TTFont(self.name, str(self.path))
        hb_face = hb.Face(hb.Blob(data))
        self.hb_font = hb.Font(hb_face)  # scale defaults to units per em
        self.upem = hb_face.upem
        self.coverage = frozenset(cp for cp in hb_face.unicodes if cp not in (0xFFFF,))
        self._keys = {0: "\x00"}  # glyph id -> key character; .notdef is code 0
        self._spare = _spare_codepoints(self.ttf.face.charToGlyph)
        self._lock = threading.Lock()

    def __repr__(self):
        return f"<FontFace {self.name}>"

    def key(self, gid):
        """The character reportlab draws glyph `gid` with (see _spare_codepoints)."""
        key = self._keys.get(gid)
        if key is None:
            with self._lock:
                key = self._keys.get(gid)
                if key is None:
                    key = self._keys[gid] = self._new_key(gid)
        return key

    def _new_key(self, gid):
        face = self.ttf.face
        # The glyph's own character where it has one, so that even readers that
        # ignore /ActualText extract plain Latin, Cyrillic, CJK correctly.
        nominal = [c for c in face.glyphToChar.get(gid, ())
                   if 0x20 <= c < 0xFFFE and c != 0xA0 and face.charToGlyph.get(c) == gid
                   and not 0xD800 <= c < 0xE000]
        if nominal:
            return chr(min(nominal))
        cp = next(self._spare)  # StopIteration would need >60000 shaped glyphs in one face
        face.charToGlyph[cp] = gid
        face.glyphToChar.setdefault(gid, []).append(cp)
        face.charWidths[cp] = face.hmetrics[gid][0] * 1000 / self.upem
        return chr(cp)

    def pdf_width(self, key):
        """Glyph width in 1/1000 em as reportlab writes it in the PDF /Widths array."""
        face = self.ttf.face
        return face.charWidths.get(ord(key), face.defaultWidth)


class FontChain:
    """The regular and bold fallback chains. Use get_chain() for the shared one."""

    def __init__(self):
        self.regular = []
        self.bold = []
        for family, regular_file, bold_file in CHAIN:
            regular = FontFace(family, regular_file, bold=False)
            bold = FontFace(family, bold_file, bold=True) if bold_file else regular
            self.regular.append(regular)
            self.bold.append(bold)
        for face in {f.name: f for f in self.regular + self.bold}.values():
            pdfmetrics.registerFont(face.ttf)
        self._font_for = {False: {}, True: {}}

    def faces(self, bold=False):
        return self.bold if bold else self.regular

    def face_for(self, cp, bold=False):
        """First face of the chain that covers code point `cp`, or None."""
        cache = self._font_for[bold]
        try:
            return cache[cp]
        except KeyError:
            pass
        face = next((f for f in self.faces(bold) if cp in f.coverage), None)
        cache[cp] = face
        return face


_chain = None
_chain_lock = threading.Lock()


def get_chain():
    """The shared FontChain, loaded and registered with reportlab on first use."""
    global _chain
    if _chain is None:
        with _chain_lock:
            if _chain is None:
                _chain = FontChain()
    return _chain


# Characters that are invisible by definition (Unicode Default_Ignorable_Code_Point):
# no font needs to cover them; HarfBuzz hides them.
_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)


_IGNORABLE = frozenset(cp for lo, hi in _IGNORABLE_RANGES for cp in range(lo, hi + 1))


def is_ignorable(cp):
    return cp in _IGNORABLE


def needs_glyph(ch):
    """False for whitespace, controls and invisible format characters."""
    if ch.isspace():
        return False
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zs", "Zl", "Zp"):
        return False
    return not is_ignorable(ord(ch))
