"""Badge sizes and where badges sit on a printed sheet (in points)."""
from dataclasses import dataclass

from django.core.exceptions import ValidationError

MM = 72 / 25.4  # points per millimetre

# Sizes in millimetres, (width, height) in portrait orientation.
SIZES_MM = {
    "id1": (53.98, 85.60),
    "a6": (105.0, 148.0),
    "4x3in": (76.2, 101.6),
}
MIN_SIZE_MM = 20
MAX_SIZE_MM = 297


def badge_size_mm(size, orientation, width_mm=None, height_mm=None) -> tuple[float, float]:
    """(width, height) of the trimmed badge in millimetres."""
    if size == "custom":
        if width_mm is None or height_mm is None:
            raise ValidationError({"width_mm": "A custom size needs width_mm and height_mm."})
        width, height = float(width_mm), float(height_mm)
        for name, value in (("width_mm", width), ("height_mm", height)):
            if not MIN_SIZE_MM <= value <= MAX_SIZE_MM:
                raise ValidationError({name: f"Must be between {MIN_SIZE_MM} and {MAX_SIZE_MM} mm."})
        return width, height
    if size not in SIZES_MM:
        raise ValidationError({"size": f"Unknown size {str(size)[:20]!r}; use one of {', '.join([*SIZES_MM, 'custom'])}."})
    short, long = SIZES_MM[size]
    return (long, short) if orientation == "landscape" else (short, long)



A4_MM = (210.0, 297.0)
SHEET_MARGIN_MM = 5.0


@dataclass(frozen=True)
class SheetGeometry:
    page_width: float  # points
    page_height: float
    badge_width: float
    badge_height: float
    bleed: float
    slots: tuple  # ((x, y) of each badge's bottom-left trim corner, in points, in reading order)
    columns: int
    rows: int
    single: bool

    def mirrored_x(self, x):
        """The x of the same slot on the back of the sheet (long-edge duplex flips left and right)."""
        return self.page_width - x - self.badge_width


def sheet_geometry(width_mm, height_mm, *, layout="a4_nup", gutter_mm=0.0, bleed_mm=0.0) -> SheetGeometry:
    gutter_mm, bleed_mm = float(gutter_mm), float(bleed_mm)
    if layout == "single":
        page_w, page_h = (width_mm + 2 * bleed_mm) * MM, (height_mm + 2 * bleed_mm) * MM
        return SheetGeometry(page_w, page_h, width_mm * MM, height_mm * MM, bleed_mm * MM,
                             ((bleed_mm * MM, bleed_mm * MM),), 1, 1, True)
    if gutter_mm < 2 * bleed_mm - 1e-6:
        raise ValidationError({"gutter_mm": "The gutter must be at least twice the bleed, or bleeds overlap."})
    best = None
    for page in (A4_MM, A4_MM[::-1]):
        usable_w = page[0] - 2 * SHEET_MARGIN_MM
        usable_h = page[1] - 2 * SHEET_MARGIN_MM
        columns = int((usable_w + gutter_mm + 1e-6) // (width_mm + gutter_mm))
        rows = int((usable_h + gutter_mm + 1e-6) // (height_mm + gutter_mm))
        if columns >= 1 and rows >= 1 and (best is None or columns * rows > best[1] * best[2]):
            best = (page, columns, rows)
    if best is None:
        raise ValidationError({"size": "The badge does not fit on an A4 sheet; use one badge per page."})
    page, columns, rows = best
    grid_w = columns * width_mm + (columns - 1) * gutter_mm
    grid_h = rows * height_mm + (rows - 1) * gutter_mm
    left = (page[0] - grid_w) / 2
    top = (page[1] - grid_h) / 2
    slots = []
    for row in range(rows):
        for column in range(columns):
            x = left + column * (width_mm + gutter_mm)
            y_top = top + row * (height_mm + gutter_mm)
            slots.append((x * MM, (page[1] - y_top - height_mm) * MM))
    return SheetGeometry(page[0] * MM, page[1] * MM, width_mm * MM, height_mm * MM, bleed_mm * MM,
                         tuple(slots), columns, rows, False)

