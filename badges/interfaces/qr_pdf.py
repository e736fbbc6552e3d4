"""QR symbols on a PDF canvas: dark modules as rectangles; what every badge code shares (finder,
timing and alignment patterns, format information) drawn once as a form."""
import re
from functools import lru_cache

from badges.domain.qrmatrix import SIZE as QR_SIZE
from badges.domain.qrmatrix import covers_shared, is_badge_shaped, qr_rows, shared_rows

from .pdf_ops import fill_op
from .pdf_ops import fmt as _f

QUIET_ZONE = 4  # modules of white around a QR symbol
_RUNS = re.compile("1+")


def draw_qr(canvas, use_form, text, box):
    """The code `text` as a square QR symbol centred in `box` (badge coordinates); `use_form(name, draw)`
    places a form, defining it the first time."""
    rows = qr_rows(text)
    side = min(box.w, box.h)
    module = side / (len(rows) + 2 * QUIET_ZONE)
    x = box.x + (box.w - side) / 2
    y = box.y + (box.h - side) / 2
    code = canvas._code
    code.append(f"q 1 g {_f(x)} {_f(y)} {_f(side)} {_f(side)} re f")
    code.append(f"{fill_op(box.element['colour'])} {module:.4f} 0 0 {module:.4f} "
                f"{_f(x + QUIET_ZONE * module)} {_f(y + QUIET_ZONE * module)} cm")
    if is_badge_shaped(text) and covers_shared(values := [int(row, 2) for row in rows]):
        shared = shared_rows()
        use_form("qr-fixed", lambda: canvas._code.append(_rectangles_41(shared)))
        code.append(_rectangles_41([value & ~fixed for value, fixed in zip(values, shared)]))
    else:
        code.append(qr_rectangles(rows))
    code.append("Q")


def qr_rectangles(rows) -> str:
    """Dark modules ("1" in each row string) as rectangles in module units, origin at the symbol's
    bottom-left corner: one rectangle per horizontal run of dark modules."""
    if len(rows) == QR_SIZE:
        return _rectangles_41([int(row, 2) for row in rows])
    height = len(rows)
    rects = []
    for index, row in enumerate(rows):
        y = height - 1 - index
        rects.extend(f"{a} {y} {b - a} 1 re" for a, b in (match.span() for match in _RUNS.finditer(row)))
    return " ".join(rects) + " f" if rects else ""


_CHUNK = 7  # a 41-module row is read as six 7-bit chunks (the last one padded with a light module)


@lru_cache(maxsize=1)
def _chunk_table():
    """[row][chunk][7-bit value] -> the rectangles of the runs inside that chunk of that row.
    Runs that cross a chunk boundary become two rectangles: a few more bytes, 6× less Python."""
    table = []
    for row in range(QR_SIZE):
        y = QR_SIZE - 1 - row
        chunks = []
        for chunk in range(6):
            values = []
            for value in range(128):
                ops = []
                for match in _RUNS.finditer(format(value, "07b")):
                    start, end = match.span()
                    x = chunk * _CHUNK + start
                    end = min(chunk * _CHUNK + end, QR_SIZE)
                    if x < end:
                        ops.append(f"{x} {y} {end - x} 1 re")
                values.append(" ".join(ops))
            chunks.append(values)
        table.append(chunks)
    return table


def _rectangles_41(rows: list[int]) -> str:
    """qr_rectangles() of a 41-module symbol given as one integer per row (bit 40 = column 0)."""
    table = _chunk_table()
    parts = []
    for row, value in zip(table, rows):
        v = value << 1  # 42 bits
        parts.extend((row[0][v >> 35 & 127], row[1][v >> 28 & 127], row[2][v >> 21 & 127],
                      row[3][v >> 14 & 127], row[4][v >> 7 & 127], row[5][v & 127]))
    ops = " ".join(filter(None, parts))
    return ops + " f" if ops else ""

