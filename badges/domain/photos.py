"""Guest photos for badges: validated, EXIF-rotated, cropped to the frame, pre-scaled to print
resolution and re-encoded as a small JPEG that the PDF embeds as is (DCTDecode)."""
import hashlib
import io
import warnings
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps

from core.images import validate_photo

PRINT_DPI = 300
JPEG_QUALITY = 85
MAX_OVERSAMPLING = 1.5
# Faces sit in the upper part of a portrait: when cropping height, keep more of the top.
VERTICAL_ANCHOR = 0.3


class PhotoProblem(Exception):
    """The photo cannot be printed; the message says why (for the batch report)."""


@dataclass(frozen=True)
class PreparedPhoto:
    key: str  # content hash + target size: the same photo in the same frame embeds once
    jpeg: bytes
    width: int
    height: int


CACHE_SIZE = 256


@dataclass(eq=False)
class _Source:
    """A photo's bytes, compared by content hash and frame: the cache key of _prepared. prepare_photo
    drops the bytes once the call is over, so the cache keeps only the small prepared JPEGs."""

    digest: str
    frame_px: tuple
    data: bytes | None

    def __hash__(self):
        return hash((self.digest, self.frame_px))

    def __eq__(self, other):
        return isinstance(other, _Source) and (self.digest, self.frame_px) == (other.digest, other.frame_px)


def frame_pixels(width_pt, height_pt, dpi=PRINT_DPI) -> tuple[int, int]:
    return max(1, round(width_pt / 72 * dpi)), max(1, round(height_pt / 72 * dpi))


def prepare_photo(file, frame_px: tuple[int, int]) -> PreparedPhoto:
    """`file`: a Django FieldFile / File, or a path. Raises PhotoProblem."""
    data = _read(file)
    source = _Source(hashlib.blake2b(data, digest_size=16).hexdigest(), tuple(frame_px), data)
    try:
        return _prepared(source)
    finally:
        source.data = None


@lru_cache(maxsize=CACHE_SIZE)  # the same photo in the same frame (a reprint, a preview) is prepared once
def _prepared(source: _Source) -> PreparedPhoto:
    return _prepare(source.data, source.frame_px, f"{source.digest}-{source.frame_px[0]}x{source.frame_px[1]}")


def _read(file) -> bytes:
    try:
        if isinstance(file, (str, bytes)) or hasattr(file, "__fspath__"):
            with open(file, "rb") as handle:
                return handle.read(16 * 1024 * 1024 + 1)
        file.open("rb")
        try:
            return file.read(16 * 1024 * 1024 + 1)
        finally:
            file.close()
    except (OSError, ValueError) as exc:
        raise PhotoProblem(f"The photo file cannot be read ({exc.__class__.__name__}).") from None


def _prepare(data: bytes, frame_px, key) -> PreparedPhoto:
    buffer = io.BytesIO(data)
    buffer.size = len(data)
    try:
        validate_photo(buffer)
    except ValidationError as exc:
        raise PhotoProblem(exc.messages[0]) from None
    target_w, target_h = frame_px
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                # JPEG: let the decoder scale down by 1/2, 1/4, 1/8 while decoding (much faster).
                # Ask for the larger side both ways: EXIF rotation may swap width and height.
                image.draft("RGB", (max(frame_px),) * 2)
                image = ImageOps.exif_transpose(image)
                image = _cropped(image, target_w / target_h)
                if image.mode not in ("RGB", "L"):
                    image = _flatten(image)
                image = _scaled_for_print(image, target_w, target_h)
                out = io.BytesIO()
                image.save(out, "JPEG", quality=JPEG_QUALITY)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoProblem("The photo is too large to decode safely (decompression bomb).") from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise PhotoProblem(f"The photo cannot be decoded ({exc.__class__.__name__}).") from None
    return PreparedPhoto(key=key, jpeg=out.getvalue(), width=image.width, height=image.height)


def _scaled_for_print(image, target_w, target_h):
    """Between 1× and 1.5× the frame's pixels at PRINT_DPI: sharp enough, and small. Resampling is
    the slowest step, so an image already in that range (the JPEG decoder's draft scaling often
    lands there) is kept as is, and large ones are first reduced by an integer factor (box filter)."""
    if image.width <= target_w * MAX_OVERSAMPLING:
        if image.width < target_w:  # small source photo: scale up so that it fills the frame
            return image.resize((target_w, target_h), Image.Resampling.BICUBIC)
        return image
    factor = image.width // target_w
    if factor >= 2:
        image = image.reduce(factor)
    if image.width > target_w * MAX_OVERSAMPLING:
        image = image.resize((target_w, target_h), Image.Resampling.BICUBIC)
    return image


def _cropped(image, aspect):
    width, height = image.size
    if width / height > aspect:  # too wide: cut the sides equally
        new_w = max(1, round(height * aspect))
        left = (width - new_w) // 2
        return image.crop((left, 0, left + new_w, height))
    new_h = max(1, round(width / aspect))
    top = round((height - new_h) * VERTICAL_ANCHOR)
    return image.crop((0, top, width, top + new_h))


def _flatten(image):
    """Transparent or palette images onto white."""
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background
