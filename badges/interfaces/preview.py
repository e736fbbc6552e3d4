"""One badge on its own page, as PDF or PNG (for checking a template or a guest before printing)."""
import copy
import io

from badges.domain.content import build_content
from badges.domain.prepared import PreparedTemplate
from badges.domain.printing import badges_for_printing

from .sheet_pdf import SheetRenderer

MIN_DPI, MAX_DPI = 72, 600


def preview_pdf(badge, template) -> bytes:
    """Raises content.BadgeProblem when the badge cannot be printed (missing glyphs, bad photo)."""
    single = copy.copy(template)
    single.sheet_layout = "single"
    prepared = PreparedTemplate(single, badge.event)
    [loaded] = badges_for_printing(badge.event, [badge.pk])
    content = build_content(prepared, loaded)
    out = io.BytesIO()
    renderer = SheetRenderer(prepared, out, title=f"Badge {badge.pk} v{loaded.version}")
    renderer.add(content)
    renderer.finish()
    return out.getvalue()


def pdf_page_png(pdf: bytes, dpi=200, page_index=0) -> bytes:
    import pypdfium2

    dpi = max(MIN_DPI, min(MAX_DPI, int(dpi)))
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[page_index]
        try:
            image = page.render(scale=dpi / 72).to_pil()
        finally:
            page.close()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(dpi, dpi))
    return out.getvalue()
