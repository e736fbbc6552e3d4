import io

import pytest
from PIL import Image

from badges.demo import seed_zones
from badges.domain.templates import get_default_template


@pytest.fixture(autouse=True)
def batch_root(settings, tmp_path):
    settings.BADGE_BATCH_ROOT = tmp_path / "badge-batches"
    return settings.BADGE_BATCH_ROOT


@pytest.fixture
def zones(event):
    return seed_zones(event)


@pytest.fixture
def template(event):
    return get_default_template(event)


def jpeg_bytes(size=(300, 375), colour=(180, 140, 120), exif_orientation=None, marker=None):
    image = Image.new("RGB", size, colour)
    if marker:  # (box, colour)
        image.paste(marker[1], marker[0])
    out = io.BytesIO()
    kwargs = {}
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        kwargs["exif"] = exif.tobytes()
    image.save(out, "JPEG", quality=90, **kwargs)
    return out.getvalue()


def png_bytes(size=(300, 375), colour=(20, 120, 200, 128)):
    out = io.BytesIO()
    Image.new("RGBA", size, colour).save(out, "PNG")
    return out.getvalue()
