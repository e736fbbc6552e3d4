"""Text in every writing system on a reportlab canvas, for badges and booklets.

    from core.typesetting import new_canvas, layout_line, draw_line, fit_text

    c = new_canvas(buffer, pagesize=A6)
    draw_line(c, layout_line("محمد بن راشد", 18, bold=True), 150, 300, align="center")

Text is drawn literally (never parsed as markup), shaped with HarfBuzz, ordered
with the Unicode bidi algorithm, drawn from embedded font subsets, and stays
extractable (each run carries its logical text as /ActualText).
"""
from .draw import draw_line, new_canvas
from .fit import Fit, fit_text
from .fonts import FontChain, FontFace, get_chain
from .layout import Line, Run, clean_text, layout_line, missing_glyphs

__all__ = [
    "Fit", "FontChain", "FontFace", "Line", "Run", "clean_text", "draw_line",
    "fit_text", "get_chain", "layout_line", "missing_glyphs", "new_canvas",
]
