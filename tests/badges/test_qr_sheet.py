"""QR codes on a printed sheet decode and verify; badge codes keep their fixed symbol."""
import io
import os
import random

import pypdfium2
import pytest
import segno
import zxingcpp

from badges.domain import qr, qrmatrix
from badges.domain.issuing import issue_badges, reprint_badge, revoke_badge
from badges.domain.prepared import Box, PreparedTemplate
from badges.domain.printing import badges_for_printing, render_badges
from badges.domain.validity import Revoked, Superseded, verify_badge_code
from badges.interfaces.qr_pdf import draw_qr, qr_rectangles
from tests import factories
from tests.badges.test_qr_and_state import DURING

pytestmark = pytest.mark.django_db


def random_code():
    return qr.PREFIX + qr.b45encode(os.urandom(qr.PAYLOAD_LENGTH))


GOLDEN_TEXT = ("LB1:" + qrmatrix.ALPHANUMERIC * 3)[:135]
# The symbol of GOLDEN_TEXT as the hand-written encoder drew it until zxing-cpp replaced it (it agreed
# with segno on function patterns, format information and data codewords): badges print as before.
GOLDEN_ROWS = [
    "11111110010100011101010001111011101111111",
    "10000010000001010101010101101011101000001",
    "10111010100011010110011011011101001011101",
    "10111010100001000000010100111000101011101",
    "10111010100101011111001111000000101011101",
    "10000010100100110110001001011000001000001",
    "11111110101010101010101010101010101111111",
    "00000000110110110110100111000100000000000",
    "10111110011111001001100101010000001111100",
    "00001001001010110010011100110111000000111",
    "11110111010100110111001001011101010101100",
    "11011000111000000100010011111011000101100",
    "01110111000100001010110111110110010010001",
    "01011000101101001010001000010111101101100",
    "00111011100011010110111110010111010010111",
    "01000101100001111100011100110100011101011",
    "01110010111000010000111111100100001011101",
    "11100101100001001001100010110100011110111",
    "10101010001001100010101100000000100011101",
    "00001000110101101000100110110111101011110",
    "10000010011000100010111110010101001001010",
    "11100000010010011101010111111000110000001",
    "01011111111101000110010100011001110110111",
    "00101000111001110001111110010111011100101",
    "10011111000000010101111100101101001110010",
    "11011100010101100100100010110011001100001",
    "00100110011110100101001101100110100100001",
    "10011000110100111101100111100110000000111",
    "10101111010010101100011101110001011101110",
    "10100000101001001000111010001111100000111",
    "10100110100011001101011001011101011001000",
    "10001101111111000001111010011111110001101",
    "10000110110110011111100010110100111111010",
    "00000000101110000100010001010011100010101",
    "11111110000100111100010001110111101011000",
    "10000010111000001111011001011100100010010",
    "10111010101101111001110010101110111111110",
    "10111010101000000110111111000001011011110",
    "10111010111000001111001000011101001010000",
    "10000010001101010001010001101111100000111",
    "11111110111100000001111111110111111010110",
]


def test_a_badge_code_is_version_6_m_with_mask_2_as_before():
    assert qrmatrix.qr_rows(GOLDEN_TEXT) == GOLDEN_ROWS


@pytest.mark.parametrize("seed", range(10))
def test_every_badge_code_is_41_modules_and_decodes_to_itself(seed):
    text = qr.PREFIX + qr.b45encode(random.Random(seed).randbytes(qr.PAYLOAD_LENGTH))
    assert qrmatrix.is_badge_shaped(text)
    rows = qrmatrix.qr_rows(text)
    assert len(rows) == 41 and {len(row) for row in rows} == {41}
    assert qrmatrix.covers_shared([int(row, 2) for row in rows])
    assert decode_rows(rows) == text


def test_the_shared_modules_are_the_function_patterns_and_fixed_data():
    shared = ["".join(str(v >> (40 - c) & 1) for c in range(41)) for v in qrmatrix.shared_rows()]
    finder = ["1111111", "1000001", "1011101", "1011101", "1011101", "1000001", "1111111"]
    for r, pattern in enumerate(finder):
        assert shared[r][:7] == pattern and shared[r][-7:] == pattern and shared[34 + r][:7] == pattern
    assert shared[6][8:33] == "1010101010101010101010101"  # timing pattern's dark modules
    assert shared[33][8] == "1"  # the dark module
    # Anything else shared is data that badge codes have alike (mode, length, padding), never EC:
    rng = random.Random(41)
    codes = [qrmatrix.qr_rows(qr.PREFIX + qr.b45encode(rng.randbytes(qr.PAYLOAD_LENGTH))) for _ in range(40)]
    assert all(qrmatrix.covers_shared([int(row, 2) for row in rows]) for rows in codes)


def test_a_code_that_lacks_a_shared_module_is_drawn_whole_and_decodes():
    # An all-zero payload is a long run of digits, which zxing-cpp encodes in numeric mode: another
    # valid version 6-M symbol, whose data modules differ from the usual ones.
    text = qr.PREFIX + qr.b45encode(bytes(qr.PAYLOAD_LENGTH))
    rows = qrmatrix.qr_rows(text)
    assert len(rows) == 41 and not qrmatrix.covers_shared([int(row, 2) for row in rows])
    assert rasterize(qr_rectangles(rows)) == [[int(c) for c in row] for row in rows]
    assert decode_rows(rows) == text

    class Canvas:
        _code = []

    draw_qr(Canvas, lambda name, draw: pytest.fail("the shared form must not be used"), text,
            Box({"colour": "#000000"}, "qr", 0, 0, 100, 100))
    assert qr_rectangles(rows) in Canvas._code


def test_other_text_gets_the_smallest_symbol_and_decodes():
    for text in ("hello world", "https://liaison.example.org/letters/verify/AB12-CD34", "Ünïcode 𠮷 محمد"):
        rows = qrmatrix.qr_rows(text)
        assert len(rows) == segno.make(text, error="m", micro=False, boost_error=False).symbol_size(border=0)[0]
        assert decode_rows(rows) == text


def decode_rows(rows, scale=4):
    """zxing-cpp's reader on the symbol painted with a 4-module quiet zone."""
    from PIL import Image

    size = len(rows) + 8
    image = Image.new("L", (size, size), 255)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell == "1":
                image.putpixel((c + 4, r + 4), 0)
    results = zxingcpp.read_barcodes(image.resize((size * scale, size * scale), Image.NEAREST))
    assert len(results) == 1
    return results[0].text


def rasterize(rows_ops, size=41):
    """Paint the rectangles of qr_rectangles() back into a module grid."""
    grid = [[0] * size for _ in range(size)]
    tokens = rows_ops.split()
    assert tokens[-1] == "f"
    for i in range(0, len(tokens) - 1, 5):
        x, y, w, h, op = tokens[i:i + 5]
        assert op == "re"
        for yy in range(int(y), int(y) + int(h)):
            for xx in range(int(x), int(x) + int(w)):
                assert grid[size - 1 - yy][xx] == 0, "rectangles overlap"
                grid[size - 1 - yy][xx] = 1
    return grid


def test_rectangles_cover_exactly_the_dark_modules():
    for _ in range(10):
        rows = qrmatrix.qr_rows(random_code())
        assert rasterize(qr_rectangles(rows)) == [[int(c) for c in row] for row in rows]
    rows = qrmatrix.qr_rows("hello world")
    assert rasterize(qr_rectangles(rows), size=21) == [[int(c) for c in row] for row in rows]


def decode_sheet(pdf, dpi=200):
    texts = []
    document = pypdfium2.PdfDocument(pdf)
    for page in document:
        image = page.render(scale=dpi / 72).to_pil()
        texts += [result.text for result in zxingcpp.read_barcodes(image) if result.format == zxingcpp.BarcodeFormat.QRCode]
        page.close()
    document.close()
    return texts


def test_every_code_on_a_sheet_decodes_and_verifies(event, zones, template):
    guests = [factories.make_guest(event, category=category) for category in
              ["minister", "delegate", "media", "staff", "security", "delegate", "adviser", "interpreter", "media",
               "head_of_delegation", "delegate", "observer"]]
    issued = issue_badges(event, guests)
    out = io.BytesIO()
    report = render_badges(PreparedTemplate(template, event), badges_for_printing(event, [issued[g.pk].pk for g in guests]), out)
    assert len(report.printed) == 12 and report.pages == 2  # 10 per A4 sheet
    texts = decode_sheet(out.getvalue())
    assert len(texts) == 12
    key = qr.public_key_for(event)
    seen = set()
    for text in texts:
        payload = qr.verify_payload(text, key)
        badge, _ = verify_badge_code(event, text, now=DURING)
        assert badge.pk == payload.badge_id
        expected_bits = tuple(sorted(z.bit for z in badge.zones.all()))
        assert payload.zone_bits == expected_bits
        seen.add(badge.guest_id)
    assert seen == {g.pk for g in guests}


def test_reprinted_and_revoked_codes_from_a_sheet_fail(event, zones, template):
    guests = [factories.make_guest(event) for _ in range(3)]
    issued = issue_badges(event, guests)
    out = io.BytesIO()
    render_badges(PreparedTemplate(template, event), badges_for_printing(event, [issued[g.pk].pk for g in guests]), out)
    by_badge = {qr.read_unverified(text).badge_id: text for text in decode_sheet(out.getvalue())}
    first, second, third = (issued[g.pk] for g in guests)
    reprint_badge(first)
    revoke_badge(second, reason="stolen")
    with pytest.raises(Superseded):
        verify_badge_code(event, by_badge[first.pk], now=DURING)
    with pytest.raises(Revoked):
        verify_badge_code(event, by_badge[second.pk], now=DURING)
    assert verify_badge_code(event, by_badge[third.pk], now=DURING)[0].pk == third.pk
    tampered = by_badge[third.pk][:-1] + ("0" if by_badge[third.pk][-1] != "0" else "1")
    with pytest.raises((qr.BadSignature, qr.Garbled)):
        verify_badge_code(event, tampered, now=DURING)
