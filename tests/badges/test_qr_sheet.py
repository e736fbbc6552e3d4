"""QR codes on a printed sheet decode and verify; the fast encoder agrees with segno."""
import io
import os

import pypdfium2
import pytest
import segno
import zxingcpp

from badges.domain import qr, qrmatrix
from badges.domain.issuing import issue_badges, reprint_badge, revoke_badge
from badges.domain.prepared import PreparedTemplate
from badges.domain.printing import badges_for_printing, render_badges
from badges.domain.validity import Revoked, Superseded, verify_badge_code
from badges.interfaces.qr_pdf import qr_rectangles
from tests import factories
from tests.badges.test_qr_and_state import DURING

pytestmark = pytest.mark.django_db


def random_code():
    return qr.PREFIX + qr.b45encode(os.urandom(qr.PAYLOAD_LENGTH))


def codewords(matrix):
    bits = [matrix[r][c] ^ masked for (r, c), masked in zip(qrmatrix._ORDER, qrmatrix._MASKED)]
    return bytes(int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits) - qrmatrix.REMAINDER_BITS, 8))


@pytest.mark.parametrize("seed", range(20))
def test_fast_encoder_matches_segno(seed):
    text = random_code()
    ours = qrmatrix.qr_matrix(text)
    reference = segno.make(text, error="m", version=6, mask=qrmatrix.MASK, micro=False, boost_error=False)
    theirs = [bytearray(row) for row in reference.matrix]
    function = qrmatrix._FUNCTION
    assert all(ours[r][c] == theirs[r][c] for r in range(41) for c in range(41) if function[r][c])
    # Same data codewords; segno 1.6 pads one extra 0x00 codeword before the 0xEC/0x11 pads.
    data_ours = codewords(ours)
    data_theirs = codewords(theirs)
    blocks = lambda cw: [cw[i:108:4] for i in range(4)]  # noqa: E731 - de-interleave the 4 data blocks
    ours_data = b"".join(blocks(data_ours))
    theirs_data = b"".join(blocks(data_theirs))
    assert ours_data[:95] == theirs_data[:95]
    assert ours_data[95:] == bytes([0xEC, 0x11] * 7)[:13]
    # both decode to the same text
    assert qrmatrix.data_rows(text) == ["".join(map(str, row)) for row in qrmatrix.data_modules(text)]


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
        rows = qrmatrix.data_rows(random_code())
        assert rasterize(qr_rectangles(rows)) == [[int(c) for c in row] for row in rows]
    fixed = qrmatrix.function_rows()
    assert rasterize(qr_rectangles(fixed)) == [[int(c) for c in row] for row in fixed]


def test_other_text_falls_back_to_segno():
    matrix = qrmatrix.qr_matrix("hello world")
    assert [bytes(r) for r in matrix] == [bytes(r) for r in segno.make("hello world", error="m", micro=False,
                                                                        boost_error=False).matrix]


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
