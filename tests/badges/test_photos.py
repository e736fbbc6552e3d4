import io
import re

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from badges.domain.issuing import issue_badges
from badges.domain.photos import PhotoProblem, prepare_photo
from badges.domain.prepared import PreparedTemplate
from badges.domain.printing import badges_for_printing, render_badges
from tests import factories
from tests.badges.conftest import jpeg_bytes, png_bytes
from tests.helpers.pdf import extract_text

pytestmark = pytest.mark.django_db
FRAME = (236, 295)


def decoded(prepared):
    return Image.open(io.BytesIO(prepared.jpeg))


def test_exif_orientation_is_applied(tmp_path):
    # Stored landscape with a red block on the left; EXIF 6 says "rotate 90° clockwise to view":
    # viewed, the photo is portrait with the red block at the top.
    path = tmp_path / "rotated.jpg"
    path.write_bytes(jpeg_bytes(size=(400, 320), colour=(255, 255, 255), exif_orientation=6,
                                marker=((0, 0, 80, 320), (255, 0, 0))))
    image = decoded(prepare_photo(str(path), FRAME)).convert("RGB")
    assert image.height > image.width
    top = image.getpixel((image.width // 2, 3))
    bottom = image.getpixel((image.width // 2, image.height - 3))
    assert top[0] > 200 and top[1] < 80, top
    assert bottom[0] > 200 and bottom[1] > 200, bottom


def test_cropped_to_the_frame_and_prescaled(tmp_path):
    path = tmp_path / "wide.jpg"
    path.write_bytes(jpeg_bytes(size=(2400, 1200)))
    prepared = prepare_photo(str(path), FRAME)
    assert abs(prepared.width / prepared.height - FRAME[0] / FRAME[1]) < 0.02
    assert FRAME[0] <= prepared.width <= 1.5 * FRAME[0]
    assert len(prepared.jpeg) < 40_000


def test_transparent_png_is_flattened(tmp_path):
    path = tmp_path / "logo.png"
    path.write_bytes(png_bytes())
    image = decoded(prepare_photo(str(path), FRAME))
    assert image.mode == "RGB"


@pytest.mark.parametrize("content, message", [
    (b"not an image at all", "not a readable JPEG or PNG"),
    (jpeg_bytes()[:200], "not a readable JPEG or PNG"),
    (b"GIF89a" + b"\x00" * 100, "not a readable JPEG or PNG"),
])
def test_bad_files_are_problems(tmp_path, content, message):
    path = tmp_path / "bad.jpg"
    path.write_bytes(content)
    with pytest.raises(PhotoProblem, match=message):
        prepare_photo(str(path), FRAME)


def test_decompression_bomb_is_a_problem(tmp_path):
    path = tmp_path / "bomb.png"
    Image.new("1", (12000, 12000)).save(path, "PNG")  # 144 megapixels, a few kilobytes
    assert path.stat().st_size < 100_000
    with pytest.raises(PhotoProblem, match="too large|bomb"):
        prepare_photo(str(path), FRAME)


def test_missing_file_is_a_problem(tmp_path):
    with pytest.raises(PhotoProblem, match="cannot be read"):
        prepare_photo(str(tmp_path / "gone.jpg"), FRAME)


def render(event, template, guests):
    issued = issue_badges(event, guests)
    out = io.BytesIO()
    report = render_badges(PreparedTemplate(template, event), badges_for_printing(event, [issued[g.pk].pk for g in guests]), out)
    return out.getvalue(), report


def test_a_photo_used_many_times_is_embedded_once(event, zones, template):
    photo = jpeg_bytes(size=(600, 750))
    guests = []
    for i in range(4):
        guest = factories.make_guest(event)
        guest.photo.save(f"same-{i}.jpg", ContentFile(photo), save=True)  # same content, different files
        guests.append(guest)
    other = factories.make_guest(event)
    other.photo.save("other.jpg", ContentFile(jpeg_bytes(size=(600, 750), colour=(10, 200, 10))), save=True)
    pdf, report = render(event, template, [*guests, other])
    assert report.problems == [] and len(report.printed) == 5
    assert len(re.findall(rb"/Subtype /Image", pdf)) == 2
    assert pdf.count(b"/DCTDecode") == 2


def test_one_bad_photo_does_not_stop_the_others(event, zones, template):
    broken = factories.make_guest(event, family_name="BROKEN")
    broken.photo.save("broken.jpg", ContentFile(b"\xff\xd8\xff\xe0 definitely not a jpeg"), save=True)
    good = factories.make_guest(event, family_name="GOODPHOTO")
    good.photo.save("good.jpg", ContentFile(jpeg_bytes()), save=True)
    nophoto = factories.make_guest(event, family_name="NOPHOTO")
    pdf, report = render(event, template, [broken, good, nophoto])
    assert len(report.printed) == 2
    assert [p["guest_id"] for p in report.problems] == [broken.pk]
    assert report.problems[0]["problem"].startswith("Photo:")
    text = extract_text(pdf)
    assert "GOODPHOTO" in text and "NOPHOTO" in text and "BROKEN" not in text
