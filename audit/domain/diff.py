"""Changes as the trail keeps them: {field: [before, after]} in JSON values, and sensitive fields
(passport data, dates of birth, photos and files, tokens, secrets, keys) only as "changed" — the
trail must never hold a value that a purge erases or that only some roles may see."""
import datetime
import decimal
import uuid

from django.db.models import Model
from django.db.models.fields.files import FieldFile

CHANGED = "changed"
SENSITIVE_WORDS = frozenset({"passport", "birth", "photo", "token", "secret", "key", "password", "signature",
                             "hash", "digest", "document", "file", "sheet", "booklet", "pdf", "nonce", "qr"})


def is_sensitive(name: str) -> bool:
    return bool(SENSITIVE_WORDS.intersection(str(name).lower().split("_"))) or str(name).lower() in SENSITIVE_WORDS


def plain(value):
    """A JSON value for the trail."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, FieldFile):
        return bool(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if hasattr(value, "all") and callable(value.all):  # a related manager
        return sorted(obj.pk for obj in value.all())
    return str(value)


def _current(instance, name):
    if isinstance(instance, dict):  # the values before, as a form had them (the admin)
        return instance.get(name)
    if instance is None or instance.pk is None:
        return None
    try:
        return getattr(instance, name)
    except (AttributeError, ValueError):
        return None


def changes(instance, values: dict) -> dict:
    """What writing `values` onto `instance` changes; call it before assigning them. `instance`
    may be a dict of the values before (the admin's form has already assigned the new ones)."""
    out = {}
    for name, new in values.items():
        before, after = plain(_current(instance, name)), plain(new)
        if before != after:
            out[name] = CHANGED if is_sensitive(name) else [before, after]
    return out


def created(values: dict) -> dict:
    """The changes of a new object: every given field from nothing."""
    return {name: CHANGED if is_sensitive(name) else [None, plain(value)]
            for name, value in values.items() if plain(value) not in (None, "", [], {})}


def redacted(changes: dict) -> dict:
    """A last guard: whatever the caller built, no sensitive field keeps a value (a count may stay)."""
    return {name: CHANGED if is_sensitive(name) and not isinstance(value, int) else plain(value)
            for name, value in (changes or {}).items()}
