"""Letters: the PDF's text from the record, the QR code that verifies (and stops verifying when the
letter is revoked, or altered), the public page without passport data."""
import json

import pytest
import zxingcpp
from pypdfium2 import PdfDocument

from audit.models import AuditEntry
from correspondence.domain import letter_codes
from correspondence.domain.letters import issue_letter, letter_code
from correspondence.models import Letter
from tests import factories
from tests.correspondence.world import forum_guest
from tests.helpers.pdf import extract_text

pytestmark = pytest.mark.django_db


def qr_in(pdf: bytes) -> str:
    image = PdfDocument(pdf)[0].render(scale=3).to_pil()
    (found,) = zxingcpp.read_barcodes(image)
    return found.text


def test_visa_letter_from_the_record_in_chinese_and_russian_with_a_qr_that_verifies(as_role, event, client):
    guest = forum_guest(event, "VOLKOVA", arrival_time="2023-10-30T10:00+08:00", position="Programme Director")
    protocol = as_role("protocol")
    created = protocol.post(f"/api/v1/events/{event.slug}/letters/", {"guest": guest.pk, "kind": "visa"}, format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["reference"] == f"VL-2023-{body['id']:06d}" and body["languages"] == ["zh-hans", "ru"]
    assert (body["initials"], body["nationality"], body["visit_start"], body["visit_end"]) == ("I.V.", "RU", "2023-10-30", "2023-11-03")
    pdf = protocol.get(f"/api/v1/events/{event.slug}/letters/{body['id']}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    text = extract_text(pdf.content)
    for expected in ("邀请函(签证用)", "Приглашение для оформления визы", "Irina VOLKOVA", "Ирина Волкова", guest.passport_number,
                     guest.date_of_birth.isoformat(), "Российская Федерация", "俄罗斯", "测试论坛", "Тестовый форум", body["reference"]):
        assert expected in text, expected

    target = qr_in(pdf.content)
    assert target == body["verify_url"] and target.startswith("http")
    page = client.get(target.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Genuine letter, valid (not revoked)." in html and body["reference"] in html and "I.V." in html
    assert "2023-10-30 – 2023-11-03" in html
    for secret in (guest.passport_number, guest.date_of_birth.isoformat(), "VOLKOVA", "Irina"):
        assert secret not in html

    revoked = protocol.post(f"/api/v1/events/{event.slug}/letters/{body['id']}/revoke/", {"reason": "passport replaced"}, format="json")
    assert revoked.json()["revoked"] is True
    html = client.get(page.request["PATH_INFO"]).content.decode()
    assert "This letter was revoked and is no longer valid." in html and "Genuine letter, valid" not in html
    assert protocol.post(f"/api/v1/events/{event.slug}/letters/{body['id']}/revoke/").status_code == 409


def test_altered_or_foreign_codes_do_not_verify(event, other_event, client):
    letter = issue_letter(forum_guest(event, "DLAMINI"), "invitation")
    code = letter_code(letter)
    assert client.get(f"/verify/letter/{code}").status_code == 200
    raw = bytearray(letter_codes.base64.urlsafe_b64decode(code + "=="))
    raw[5] ^= 1  # another letter id, same signature
    forged = letter_codes.base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
    for bad in (forged, code[:-2] + ("AA" if code[-2:] != "AA" else "BB"), "x" * 300, "not-a-code"):
        response = client.get(f"/verify/letter/{bad}")
        assert response.status_code == 404 and "Not a genuine letter" in response.content.decode()
    # Signed with another event's key: not genuine either.
    other = issue_letter(forum_guest(other_event, "TAN"), "invitation")
    assert letter_codes.verify(letter_code(other), other_event) == other.pk
    with pytest.raises(letter_codes.InvalidLetterCode):
        letter_codes.verify(letter_code(other), event)


def test_invitation_letter_in_arabic_and_chinese(event):
    guest = forum_guest(event, "ABDELRAHMAN")
    letter = issue_letter(guest, "invitation")
    from correspondence.domain.letters import open_letter

    text = extract_text(open_letter(letter))
    assert letter.languages == ["zh-hans", "ar"]
    assert "رسالة دعوة" in text and "邀请函" in text and "محمد عبد الرحمن" in text and "Mohamed ABDELRAHMAN" in text
    assert guest.passport_number not in text  # only visa letters print passport data


def test_a_visa_letter_needs_passport_data_and_each_one_is_recorded(as_role, event):
    protocol = as_role("protocol")
    guest = factories.make_guest(event, passport_number="", email="x@example.org")
    response = protocol.post(f"/api/v1/events/{event.slug}/letters/", {"guest": guest.pk, "kind": "visa"}, format="json")
    assert response.status_code == 400 and "passport_number" in response.json()["guest"][0]
    letter = issue_letter(forum_guest(event, "TAN"), "visa")
    assert Letter.objects.count() == 1
    (entry,) = AuditEntry.objects.filter(action="letter.generated")
    assert (entry.object_label, entry.guest_id, entry.event_id) == (letter.reference, letter.guest_id, event.pk)
    assert letter.reference.startswith("VL-2023-")
    assert "MY2970623" not in json.dumps(list(AuditEntry.objects.values()), default=str)


def test_the_verify_page_speaks_chinese(event, client):
    letter = issue_letter(forum_guest(event, "TAN"), "invitation")
    html = client.get(f"/verify/letter/{letter_code(letter)}", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "真实信函，有效（未撤销）。" in html and "马来西亚" in html
