"""Shaping one line of text: bidi runs -> font runs -> HarfBuzz glyphs."""
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb

from .bidi_levels import embedding_levels, paragraph_level, visual_order
from .fonts import get_chain, is_ignorable, needs_glyph

_LINE_BREAKS = re.compile("[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]")
# Other C0/C1 controls (NUL included), lone surrogates and the two BMP noncharacters.
_UNDRAWABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text):
    """The text as it will be drawn: line breaks and tabs become spaces, other
    control characters are dropped. Nothing else is interpreted (no markup)."""
    if isinstance(text, (bytes, bytearray)):
        raise TypeError("text must be str, not bytes")
    text = str(text)
    return _UNDRAWABLE.sub("", _LINE_BREAKS.sub(" ", text))


@dataclass(frozen=True, slots=True)
class Run:
    """Glyphs of one font and one direction, in visual (left-to-right) order.

    Horizontal units are 1/1000 em, so a run serves every font size.
    """

    face: object          # FontFace
    text: str             # the run's logical text
    rtl: bool
    spans: tuple          # (first glyph, end glyph, /ActualText or None), see _spans
    gids: tuple           # HarfBuzz glyph ids
    keys: str             # one character per glyph: what reportlab draws it by
    clusters: tuple       # index in Line.text of each glyph's first character
    x: tuple              # glyph origin (offset included) from the run start
    dy: tuple             # vertical glyph offsets
    tj: tuple             # TJ adjustment (str, "" if none) before each glyph
    tail: str             # TJ adjustment after the last glyph
    advance: float


@dataclass(frozen=True, slots=True)
class Line:
    """A shaped line at one font size. Runs are in visual order, left to right."""

    text: str             # logical text after clean_text()
    size: float
    bold: bool
    rtl: bool             # paragraph direction
    runs: tuple
    width: float          # points

    def glyphs(self):
        """(face, glyph id, x, y, cluster) for every glyph; x, y in points from the
        line's left end on the baseline, cluster indexes self.text."""
        scale = self.size / 1000
        run_x = 0.0
        for run in self.runs:
            for gid, x, dy, cluster in zip(run.gids, run.x, run.dy, run.clusters):
                yield run.face, gid, (run_x + x) * scale, dy * scale, cluster
            run_x += run.advance


def layout_line(text, size, bold=False, direction=None):
    """Shape `text` as one line at `size` points.

    direction: "ltr", "rtl" or None to take it from the first strong character.
    Returns a Line; its width is exact (glyph advances, kerning included).
    """
    if not size > 0:
        raise ValueError(f"size must be positive, not {size!r}")
    text = clean_text(text)
    runs, advance, rtl = _shape(text, bool(bold), direction)
    return Line(text, size, bool(bold), rtl, runs, advance * size / 1000)


def missing_glyphs(text, bold=False):
    """Characters of `text` that no font of the chain covers, in order, each once.
    Whitespace, controls and invisible format characters are not reported."""
    chain = get_chain()
    missing = []
    for ch in clean_text(text):
        if ch not in missing and needs_glyph(ch) and chain.face_for(ord(ch), bold) is None:
            missing.append(ch)
    return missing


@lru_cache(maxsize=8192)
def _shape(text, bold, direction):
    chain = get_chain()
    base = paragraph_level(text, direction)
    levels = embedding_levels(text, base)
    items = _itemize(text, levels, chain, bold)
    shaped = [_shape_run(text, start, end, level, face) for start, end, level, face in items]
    runs = tuple(shaped[i] for i in visual_order([item[2] for item in items]))
    return runs, sum(run.advance for run in runs), bool(base)


def _itemize(text, levels, chain, bold):
    """Split into maximal (level, face) runs: [(start, end, level, face)]."""
    faces = []
    current = None
    for ch in text:
        cp = ord(ch)
        kind = unicodedata.category(ch)[0]
        if current is not None and (kind == "M" or is_ignorable(cp)):
            face = current  # combining marks and joiners stay with their base
        elif current is not None and kind != "L" and cp in current.coverage:
            face = current  # spaces, punctuation, digits stay in the current font
        else:
            face = chain.face_for(cp, bold) or current or chain.faces(bold)[0]
        faces.append(face)
        current = face
    # Leading neutrals ("(", "«", digits) take the font of the first letter if it has them.
    first_letter = next((i for i, ch in enumerate(text) if unicodedata.category(ch)[0] == "L"), None)
    if first_letter:
        face = faces[first_letter]
        for i in range(first_letter):
            if ord(text[i]) in face.coverage or is_ignorable(ord(text[i])):
                faces[i] = face

    items = []
    for i, (face, level) in enumerate(zip(faces, levels)):
        if items and items[-1][2] == level and items[-1][3] is face:
            items[-1][1] = i + 1
        else:
            items.append([i, i + 1, level, face])
    return items


def _number(value):
    """A TJ adjustment: 2 decimals, "" for zero."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "" if text in ("0", "-0") else text


def _shape_run(text, start, end, level, face):
    rtl = bool(level % 2)
    buf = hb.Buffer()
    buf.add_str(text, start, end - start)  # the rest of the line is context (joining)
    buf.direction = "rtl" if rtl else "ltr"
    buf.guess_segment_properties()
    hb.shape(face.hb_font, buf)

    scale = 1000 / face.upem
    glyphs = []  # (gid, cluster, x, dy, advance) in 1/1000 em, x = origin + offset
    pen = 0.0
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions):
        advance = pos.x_advance * scale
        glyphs.append((info.codepoint, info.cluster, pen + pos.x_offset * scale,
                       pos.y_offset * scale, advance))
        pen += advance
    clusters = _clusters(glyphs)
    if rtl:
        # Within a cluster, draw the spacing glyphs before the marks (see _spans).
        glyphs = [g for first, end_ in clusters
                  for g in sorted(glyphs[first:end_], key=lambda g: g[4] == 0)]

    keys, tj = [], []
    position = 0.0  # the PDF text position after the previous glyph
    for gid, _, x, _, _ in glyphs:
        key = face.key(gid)
        keys.append(key)
        tj.append(_number(position - x))  # TJ numbers move left by n/1000 em
        position = x + face.pdf_width(key)
    return Run(
        face=face, text=text[start:end], rtl=rtl,
        spans=_spans(text, start, end, rtl, glyphs, clusters, keys),
        gids=tuple(g[0] for g in glyphs), keys="".join(keys),
        clusters=tuple(g[1] for g in glyphs), x=tuple(g[2] for g in glyphs),
        dy=tuple(g[3] for g in glyphs), tj=tuple(tj), tail=_number(position - pen),
        advance=pen,
    )


def _clusters(glyphs):
    """(first, end) glyph index ranges of equal HarfBuzz cluster values."""
    ranges = []
    for i, glyph in enumerate(glyphs):
        if ranges and glyphs[ranges[-1][0]][1] == glyph[1]:
            ranges[-1][1] = i + 1
        else:
            ranges.append([i, i + 1])
    return ranges


def _spans(text, start, end, rtl, glyphs, clusters, keys):
    """(first glyph, end glyph, text or None) ranges for /ActualText marked content.

    None: the glyphs' own characters (their keys, which the ToUnicode map
    gives back) already equal the text up to NFKC, so every extractor reads
    them right without help; Latin, Cyrillic, CJK and most Arabic letters
    (their joining forms are presentation-form characters) need no span.
    Otherwise: poppler (pdftotext) takes a span's box from its first glyph's
    origin to its last glyph's end, spreads the span's characters over it left
    to right, and reads a right-to-left line from right to left. So:
    - a left-to-right run is one span; trailing marks go in a span of their own;
    - a right-to-left run gets one span per cluster (a letter, a ligature), its
      characters reversed like the glyphs they stand for, its marks (no advance,
      raised or shifted) in a following span with empty text.
    """
    if not glyphs:
        return ()
    if not rtl:
        # (PDFium misplaces marks it reads from ToUnicode: runs with any get a span.)
        if all(g[4] for g in glyphs) and _nfkc("".join(keys)) == _nfkc(text[start:end]):
            return ((0, len(glyphs), None),)
        spacing = len(glyphs)
        while spacing > 1 and glyphs[spacing - 1][4] == 0:
            spacing -= 1
        spans = [(0, spacing, text[start:end])]
        if spacing < len(glyphs):
            spans.append((spacing, len(glyphs), ""))
        return tuple(spans)
    spans = []
    cluster_end = end  # clusters decrease from left to right in RTL
    for first, end_ in clusters:
        cluster_text = text[glyphs[first][1]:cluster_end]
        cluster_end = glyphs[first][1]
        spacing = first + sum(1 for g in glyphs[first:end_] if g[4] != 0)
        if end_ - first == 1 and _nfkc(keys[first]) == _nfkc(cluster_text):
            spans.append((first, end_, None))
        elif first < spacing < end_:
            spans += [(first, spacing, cluster_text[::-1]), (spacing, end_, "")]
        else:
            spans.append((first, end_, cluster_text[::-1]))
    return tuple(spans)


def _nfkc(text):
    return unicodedata.normalize("NFKC", text)
