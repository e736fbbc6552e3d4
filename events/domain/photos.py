"""Guest photos are personal data. They are stored under random names (never the uploaded file's
name, which often is the guest's), and their URLs (`guest.photo.url`, so the API, the admin and
the desk alike) point at /photos/…, served by events.api.views.GuestPhotoView only to users who may see
the guests of that photo's event or scan their badges. The public /media/ route never serves
them (backend.urls)."""
import uuid
from pathlib import PurePosixPath

from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

PHOTO_DIR = "guest-photos"
PHOTO_URL = "/photos/"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}


@deconstructible
class GuestPhotoStorage(FileSystemStorage):
    """MEDIA_ROOT on disk, /photos/ in URLs."""

    def __init__(self):
        super().__init__(base_url=PHOTO_URL)


def random_upload_name(directory: str, filename: str) -> str:
    """A random name in `directory` for an uploaded image, keeping only a known image suffix: the
    uploaded name (often a person's) is never stored, and names cannot be guessed."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"{directory}/{uuid.uuid4().hex}{suffix if suffix in IMAGE_SUFFIXES else '.jpg'}"


def photo_path(guest, filename: str) -> str:
    return random_upload_name(PHOTO_DIR, filename)


def may_see_photo(user, event) -> bool:
    from . import access  # not at import time: the Guest model imports this module

    return access.has_right(user, event, access.VIEW_GUESTS) or access.has_right(user, event, access.CHECKIN)
