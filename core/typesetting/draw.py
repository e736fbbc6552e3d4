"""Drawing shaped lines on a reportlab canvas, and a canvas with no unembedded font."""
from reportlab.pdfgen.canvas import Canvas

from .fonts import BASE_FONT_NAME, get_chain

_ALIGN = {"left": 0.0, "center": 0.5, "right": 1.0}


def new_canvas(path_or_buffer, pagesize, **kw):
    """A reportlab Canvas whose initial font is our embedded sans face.

    A plain Canvas starts with Helvetica, which reportlab then writes into the
    PDF unembedded. Fonts of this module are always embedded as subsets.
    """
    get_chain()  # registers the fonts
    kw.setdefault("initialFontName", BASE_FONT_NAME)
    return Canvas(path_or_buffer, pagesize=pagesize, **kw)


def _fmt(value):
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _hex_utf16(text):
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def draw_line(canvas, line, x, y, align="left"):
    """Draw `line` (from layout_line) with its baseline at y.

    x is the left end, the centre or the right end of the line for align
    "left", "center" or "right". Uses the canvas's current fill colour.
    Glyphs are wrapped in marked-content spans whose /ActualText is the text
    they stand for (see layout._spans), so copy and pdftotext give back the
    original characters even where shaping merged, split or reordered them.
    """
    try:
        x -= line.width * _ALIGN[align]
    except KeyError:
        raise ValueError(f"align must be 'left', 'center' or 'right', not {align!r}") from None
    if not line.runs:
        return
    doc = canvas._doc
    size = _fmt(line.size)
    flip = "1" if canvas.bottomup else "-1"
    # q/Q: the font and text state we set must not leak into later canvas text.
    ops = [f"q BT 0 Tc 0 Tw 100 Tz 0 Tr 0 Ts 1 0 0 {flip} {_fmt(x)} {_fmt(y)} Tm"]
    state = {"font": None, "rise": 0.0}
    for run in line.runs:
        ttf = run.face.ttf
        codes = []  # (PDF font resource, byte) for every glyph
        for subset, data in ttf.splitString(run.keys, doc):
            font = ttf.getSubsetInternalName(subset, doc)
            codes.extend((font, code) for code in data)
        for first, end, text in run.spans:
            if text is not None:
                ops.append(f"/Span <</ActualText {_hex_utf16(text)}>> BDC")
            _show_glyphs(ops, run, codes, first, end, size, line.size, state)
            if text is not None:
                ops.append("EMC")
    ops.append("ET Q")
    canvas._code.append("\n".join(ops))


def _show_glyphs(ops, run, codes, first, end, size, points, state):
    """Append TJ operators for glyphs first..end-1 of `run` to `ops`."""
    parts = []  # the pending TJ array
    for glyph in range(first, end):
        font, code = codes[glyph]
        rise = run.dy[glyph]
        if font != state["font"] or rise != state["rise"]:
            if parts:
                ops.append(f"[{' '.join(parts)}] TJ")
                parts = []
            if font != state["font"]:
                ops.append(f"{font} {size} Tf")
                state["font"] = font
            if rise != state["rise"]:
                ops.append(f"{_fmt(rise * points / 1000)} Ts")
                state["rise"] = rise
        if run.tj[glyph]:
            parts.append(run.tj[glyph])
        parts.append(f"<{code:02X}>")
    if end == len(codes) and run.tail:
        parts.append(run.tail)
    if parts:
        ops.append(f"[{' '.join(parts)}] TJ")
