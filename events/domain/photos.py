"""Guest photos are personal data. They live in the "guest_photos" storage (events.models.uploads),
and their URLs (`guest.photo.url`, so the API, the admin and the desk alike) point at /photos/…,
served by events.api.views.GuestPhotoView only to users who may see the guests of that photo's
event or scan their badges. The public /media/ route never serves them (backend.urls)."""
from events.models.uploads import PHOTO_DIR, random_upload_name

from . import access

__all__ = ["PHOTO_DIR", "may_see_photo", "random_upload_name"]


def may_see_photo(user, event) -> bool:
    return access.has_right(user, event, access.VIEW_GUESTS) or access.has_right(user, event, access.CHECKIN)
