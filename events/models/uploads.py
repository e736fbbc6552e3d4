"""Where guest photos are stored: the "guest_photos" storage of settings.STORAGES (its URLs point at
/photos/, served by events.api.views.GuestPhotoView only to those who may see them), under random
names: the uploaded name (often a person's) is never stored, and names cannot be guessed."""
import uuid
from pathlib import PurePosixPath

from django.core.files.storage import storages

PHOTO_STORAGE = "guest_photos"
PHOTO_DIR = "guest-photos"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}


def guest_photo_storage():
    return storages[PHOTO_STORAGE]


def random_upload_name(directory: str, filename: str) -> str:
    """A random name in `directory` for an uploaded image, keeping only a known image suffix."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"{directory}/{uuid.uuid4().hex}{suffix if suffix in IMAGE_SUFFIXES else '.jpg'}"


def photo_path(guest, filename: str) -> str:
    return random_upload_name(PHOTO_DIR, filename)
