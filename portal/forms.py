"""The nomination form: one validation for the portal's pages and its API (errors in the active language)."""
import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

from core.images import validate_photo
from events.models.guest import Gender, GuestCategory, flight_number, normalize_passport_number

MIN_PHOTO = (600, 800)
SCAN_TYPES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
KEPT_WHEN_EMPTY = ("passport_number", "date_of_birth")
NOT_SHOWN_AGAIN = (*KEPT_WHEN_EMPTY, "photo", "passport_scan")  # files are not refilled; passport data stays masked
DEFAULT_CATEGORIES = ("delegate", "adviser", "observer", "media", "interpreter", "security")


def scan_max_bytes() -> int:
    return int(getattr(settings, "PORTAL_SCAN_MAX_BYTES", 4 * 1024 * 1024))


def no_control_characters(value):
    if any(unicodedata.category(char) == "Cc" for char in str(value)):
        raise ValidationError(_("Control characters (such as NUL or line breaks) are not allowed here."), code="control")


def validate_portrait(upload):
    """The photo rules: a JPEG or PNG (core.images, decompression bombs refused), at least 600×800, portrait."""
    try:
        validate_photo(upload)
    except ValidationError:
        raise ValidationError(_("The photo must be a readable JPEG or PNG image of at most 8 MB."), code="photo") from None
    upload.seek(0)
    with Image.open(upload) as image:
        width, height = image.size
    upload.seek(0)
    if width < MIN_PHOTO[0] or height < MIN_PHOTO[1]:
        raise ValidationError(_("The photo is %(w)s×%(h)s pixels; it must be at least 600×800.") % {"w": width, "h": height},
                              code="too_small")
    if height <= width:
        raise ValidationError(_("The photo must be upright (portrait): taller than it is wide."), code="not_portrait")


def scan_type(upload) -> str:
    """The content type of a passport scan (PDF, JPEG or PNG, at most PORTAL_SCAN_MAX_BYTES)."""
    if upload.size > scan_max_bytes():
        raise ValidationError(_("The scan is %(kb)s KB; the limit is %(limit)s KB.") % {
            "kb": upload.size // 1024, "limit": scan_max_bytes() // 1024}, code="too_large")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for magic, content_type in SCAN_TYPES.items():
        if head.startswith(magic):
            if content_type != "application/pdf":
                try:
                    validate_photo(upload)
                except ValidationError:
                    break
            return content_type
    raise ValidationError(_("The scan must be a PDF, JPEG or PNG file."), code="scan_format")


def text(label, max_length, required=False):
    return forms.CharField(label=label, max_length=max_length, required=required, validators=[no_control_characters])


class NominationForm(forms.Form):
    family_name = text(_("Family name (Latin letters)"), 200, required=True)
    given_name = text(_("Given name (Latin letters)"), 200)
    native_name = text(_("Name in native script"), 300)
    chinese_name = text(_("Name in Chinese (optional)"), 200)
    honorific = text(_("Honorific"), 60)
    position = text(_("Position"), 300)
    category = forms.ChoiceField(label=_("Category"), choices=GuestCategory.choices)
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    passport_number = text(_("Passport number"), 32)
    passport_expiry = forms.DateField(label=_("Passport expiry"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    passport_scan = forms.FileField(label=_("Scan of the passport's data page (PDF, JPEG or PNG)"), required=False)
    photo = forms.FileField(label=_("Photo (JPEG or PNG, at least 600×800, portrait)"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}))
    arrival_flight = forms.CharField(label=_("Arrival flight"), max_length=12, required=False, validators=[flight_number])
    departure_flight = forms.CharField(label=_("Departure flight"), max_length=12, required=False, validators=[flight_number])
    dietary = text(_("Dietary needs"), 300)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)

    def __init__(self, *args, categories=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = set(categories or DEFAULT_CATEGORIES)
        self.fields["category"].choices = [(code, label) for code, label in GuestCategory.choices if code in allowed]
        self.editing = editing
        if editing:
            self.fields["passport_number"].help_text = _("Leave empty to keep the number on file.")
            self.fields["date_of_birth"].help_text = _("Leave empty to keep the date on file.")

    def clean_passport_number(self):
        value = normalize_passport_number(self.cleaned_data.get("passport_number"))
        if value and not (value.isascii() and value.isalnum()):
            raise ValidationError(_("A passport number has only Latin letters and digits."))
        return value

    def clean_arrival_flight(self):
        return self.cleaned_data.get("arrival_flight", "").upper()

    def clean_departure_flight(self):
        return self.cleaned_data.get("departure_flight", "").upper()

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            validate_portrait(upload)
        return upload

    def clean_passport_scan(self):
        upload = self.cleaned_data.get("passport_scan")
        if upload:
            self.scan_content_type = scan_type(upload)
        return upload

    @classmethod
    def shown_values(cls, guest) -> dict:
        """The stored guest's values the form shows again (never the files nor the masked passport data)."""
        return {name: getattr(guest, name) for name in cls.base_fields if name not in NOT_SHOWN_AGAIN}

    def upload(self) -> dict:
        """The passport scan and its content type, as the nomination operations take them."""
        return {"scan": self.cleaned_data.get("passport_scan"), "scan_type": getattr(self, "scan_content_type", "")}

    def guest_values(self) -> dict:
        """The guest record's fields from the cleaned form (kept on edit when left empty: passport, photo)."""
        data = dict(self.cleaned_data)
        data.pop("passport_scan", None)
        if not data.get("photo"):
            data.pop("photo", None)
        if self.editing:  # never shown again (masked): empty keeps what is on file
            for name in KEPT_WHEN_EMPTY:
                if not data.get(name):
                    data.pop(name, None)
        return data
