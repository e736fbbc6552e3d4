"""Validators shared by models and serializers."""
import zoneinfo
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@lru_cache(maxsize=1)
def timezone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value):
    if value not in timezone_names():
        raise ValidationError(f"{str(value)[:60]!r} is not an IANA time zone (e.g. Asia/Shanghai).", code="invalid_timezone")


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


def validate_country(value):
    if value not in country_codes():
        raise ValidationError(
            f"{str(value)[:10]!r} is not an ISO 3166-1 alpha-2 country code (e.g. KZ, CN).", code="invalid_country"
        )


def validate_no_nul(value):
    if isinstance(value, str) and "\x00" in value:
        raise ValidationError("NUL characters are not allowed.", code="null_characters")


def validate_coordinate_pair(latitude, longitude):
    """A place has both coordinates or neither (a lone latitude would put it on the wrong map)."""
    if (latitude is None) != (longitude is None):
        raise ValidationError({"longitude": _("Give both latitude and longitude, or neither.")}, code="coordinates")


LARGEST_ID = 2**63 - 1


def beyond_64_bits(value) -> bool:
    """True for a number no database id can be. SQLite raises OverflowError when one reaches a
    query, so the places that put query-string ids into SQL check this first."""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return False
    return number.is_finite() and abs(number) > LARGEST_ID
