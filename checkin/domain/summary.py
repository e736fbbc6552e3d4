"""What a guard sees about a scanned guest: names in every script the guest has, photo, delegation,
category and zones. Built from an explicit list of fields: passport data never appears here."""
import functools

from django.utils import translation

from core.countries import CHINESE, ENGLISH, country_name
from events.models import GuestCategory


@functools.lru_cache(maxsize=64)  # labels are fixed per process; categories are a short list
def category_label(category: str) -> dict:
    """The category in English and Chinese, from the same translations as the admin and the API."""
    if category not in GuestCategory.values:
        return {"en": category, "zh-hans": category}
    labels = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            labels[language] = str(GuestCategory(category).label)
    return labels


# The guest's columns guest_summary reads (a scan loads only these with the badge).
GUEST_FIELDS = ("honorific", "given_name", "family_name", "native_name", "chinese_name", "country", "category",
                "position", "organization", "photo", "delegation__name", "delegation__country")


def zone_summary(zone) -> dict:
    return {"id": zone.id, "code": zone.code, "name": zone.name, "colour": zone.colour}


def guest_summary(guest) -> dict:
    delegation = guest.delegation if guest.delegation_id else None
    return {
        "id": guest.pk,
        "honorific": guest.honorific,
        "name": " ".join(part for part in (guest.given_name, guest.family_name) if part),
        "family_name": guest.family_name,
        "given_name": guest.given_name,
        "native_name": guest.native_name,
        "chinese_name": guest.chinese_name,
        "country": guest.country,
        "country_name": {"en": country_name(guest.country, ENGLISH), "zh-hans": country_name(guest.country, CHINESE)}
        if guest.country else None,
        "category": guest.category,
        "category_label": category_label(guest.category),
        "position": guest.position,
        "organization": guest.organization,
        "delegation": {"id": delegation.pk, "name": delegation.name, "country": delegation.country} if delegation else None,
        "photo_url": guest.photo.url if guest.photo else None,  # served only to who may see it: events.domain.photos
    }
