"""Validation of uploaded photos: only real JPEG/PNG images of sane size reach storage."""
import warnings

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG"}


def validate_photo(upload):
    """Raise ValidationError unless `upload` is a JPEG or PNG that decodes and is not a bomb."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_PHOTO_BYTES:
        raise ValidationError(f"The photo is {size // 1024} KB; the limit is {MAX_PHOTO_BYTES // 1024 // 1024} MB.", code="too_large")
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format not in ALLOWED_FORMATS:
                    raise ValidationError(f"The photo must be JPEG or PNG, not {image.format}.", code="format")
                width, height = image.size
                if width * height > MAX_PHOTO_PIXELS:
                    raise ValidationError(f"The photo is {width}×{height} pixels; that is too large.", code="too_many_pixels")
                image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError("The photo is too large to decode safely (decompression bomb).", code="bomb") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise ValidationError("The file is not a readable JPEG or PNG image.", code="not_an_image") from None
    finally:
        if position is not None:
            upload.seek(position)
