"""Validation of uploaded photos: only real JPEG/PNG images of sane size reach storage."""
from django import forms
from django.core.exceptions import ValidationError
from PIL import Image, JpegImagePlugin, PngImagePlugin, UnidentifiedImageError

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG"}
UNREADABLE = (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError)


def _jpeg_or_png_size(upload) -> tuple[int, int] | None:
    """The width and height a JPEG or PNG header declares, None for anything else. Read with the two
    plugins themselves: Image.open refuses a decompression bomb before it tells its size."""
    for plugin in (JpegImagePlugin.JpegImageFile, PngImagePlugin.PngImageFile):
        upload.seek(0)
        try:
            with plugin(upload) as image:
                return image.size
        except UNREADABLE:
            continue
    return None


def _format_of(upload) -> str | None:
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            return image.format
    except (*UNREADABLE, Image.DecompressionBombError):
        return None


def validate_photo(upload):
    """Raise ValidationError unless `upload` is a JPEG or PNG that decodes and is not a bomb."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_PHOTO_BYTES:
        raise ValidationError(f"The photo is {size // 1024} KB; the limit is {MAX_PHOTO_BYTES // 1024 // 1024} MB.", code="too_large")
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        dimensions = _jpeg_or_png_size(upload)
        if dimensions is None:
            image_format = _format_of(upload)
            if image_format is not None and image_format not in ALLOWED_FORMATS:
                raise ValidationError(f"The photo must be JPEG or PNG, not {image_format}.", code="format")
            raise ValidationError("The file is not a readable JPEG or PNG image.", code="not_an_image")
        width, height = dimensions
        if width * height > MAX_PHOTO_PIXELS:  # below Pillow's own limit, so Image.open never calls it a bomb
            raise ValidationError(
                f"The image is too large ({width}×{height} pixels; at most {MAX_PHOTO_PIXELS:,} pixels).",
                code="too_many_pixels",
            )
        upload.seek(0)
        with Image.open(upload, formats=sorted(ALLOWED_FORMATS)) as image:
            image.load()
    except ValidationError:
        raise
    except UNREADABLE:
        raise ValidationError("The file is not a readable JPEG or PNG image.", code="not_an_image") from None
    finally:
        if position is not None:
            upload.seek(position)


class PhotoFormField(forms.ImageField):
    """An image field that runs validate_photo first: Django's own check calls every image Pillow
    refuses, a decompression bomb included, "not an image or a corrupted image"."""

    def to_python(self, data):
        if data not in self.empty_values:
            validate_photo(data)
        return super().to_python(data)
