"""Authenticated encryption for sensitive model fields (AES-256-GCM).

A stored value is ``v1:`` followed by urlsafe base64 of nonce (12 bytes) + ciphertext + tag.
The database column never holds plaintext; tampering or a wrong key raises on read.
"""
import base64
import functools
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import models

PREFIX = "v1:"


class DecryptionError(Exception):
    pass


@functools.lru_cache(maxsize=4)
def _cipher(key: bytes) -> AESGCM:
    """One AESGCM object per key (settings may change in tests): building it costs more than
    decrypting a passport number with it."""
    return AESGCM(key)


def encrypt(plaintext: str, *, context: bytes = b"") -> str:
    nonce = os.urandom(12)
    sealed = _cipher(settings.FIELD_ENCRYPTION_KEY).encrypt(nonce, plaintext.encode("utf-8"), context)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def decrypt(token: str, *, context: bytes = b"") -> str:
    if not token.startswith(PREFIX):
        raise DecryptionError("value is not an encrypted token")
    try:
        blob = base64.urlsafe_b64decode(token[len(PREFIX):])
        return _cipher(settings.FIELD_ENCRYPTION_KEY).decrypt(blob[:12], blob[12:], context).decode("utf-8")
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError("cannot decrypt value (wrong FIELD_ENCRYPTION_KEY or tampered data)") from exc


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed hash for exact-match lookups (duplicate detection) without storing plaintext."""
    key = hmac.new(settings.FIELD_ENCRYPTION_KEY, purpose.encode(), hashlib.sha256).digest()
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text field stored encrypted. Empty values are stored as the empty string.

    Encrypted columns cannot be filtered or ordered by value; use a blind index for lookups.
    """

    def __init__(self, *args, plaintext_max_length=None, **kwargs):
        self.plaintext_max_length = plaintext_max_length
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.plaintext_max_length is not None:
            kwargs["plaintext_max_length"] = self.plaintext_max_length
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if not value:
            return ""
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return ""
        return encrypt(str(value))


class EncryptedDateField(EncryptedTextField):
    """A date stored encrypted as its ISO form; Python side is a datetime.date (or None)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", None)
        kwargs.setdefault("null", False)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        from django import forms

        return forms.DateField(required=not self.blank, label=self.verbose_name, **kwargs)

    def from_db_value(self, value, expression, connection):
        text = super().from_db_value(value, expression, connection)
        return self.to_python(text)

    def to_python(self, value):
        import datetime

        if value in (None, ""):
            return None
        if isinstance(value, datetime.date):
            return value
        return datetime.date.fromisoformat(str(value))

    def get_prep_value(self, value):
        value = self.to_python(value)
        return "" if value is None else encrypt(value.isoformat())

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else value.isoformat()
