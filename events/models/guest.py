from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.crypto import EncryptedDateField, EncryptedTextField, blind_index
from core.multilingual import GUEST_LANGUAGES
from core.validators import validate_country

from .event import Event
from .search_text import GUEST_NAME_FIELDS, guest_search_text
from .uploads import guest_photo_storage, photo_path


class GuestCategory(models.TextChoices):
    HEAD_OF_STATE = "head_of_state", _("Head of state")
    HEAD_OF_GOVERNMENT = "head_of_government", _("Head of government")
    MINISTER = "minister", _("Minister")
    HEAD_OF_DELEGATION = "head_of_delegation", _("Head of delegation")
    DELEGATE = "delegate", _("Delegate")
    ADVISER = "adviser", _("Adviser")
    OBSERVER = "observer", _("Observer")
    MEDIA = "media", _("Media")
    INTERPRETER = "interpreter", _("Interpreter")
    LIAISON = "liaison", _("Liaison officer")
    SECURITY = "security", _("Security officer")
    STAFF = "staff", _("Staff")
    ORGANIZER = "organizer", _("Organizer")


class GuestStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    REGISTERED = "registered", _("Registered")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class Gender(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other / unspecified")


def normalize_passport_number(value: str | None) -> str:
    """The one clean-up of a passport number: no spaces, upper case."""
    return "".join((value or "").split()).upper()


flight_number = RegexValidator(r"^[A-Z0-9]{2,3}\s?[0-9]{1,4}[A-Z]?$", _("A flight number such as KC891 or CZ 6011."))


class Guest(models.Model):
    """A foreign guest of one event. Field names follow the columns of the guest-list CSV."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="guests", verbose_name=_("event"))
    delegation = models.ForeignKey(
        "delegations.Delegation", on_delete=models.SET_NULL, null=True, blank=True, related_name="members",
        verbose_name=_("delegation"),
    )
    delegation_role = models.CharField(_("role in delegation"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, validators=[validate_country], help_text="ISO 3166-1 alpha-2")
    category = models.CharField(_("category"), max_length=24, choices=GuestCategory.choices, default=GuestCategory.DELEGATE)
    honorific = models.CharField(_("honorific"), max_length=60, blank=True)
    family_name = models.CharField(_("family name"), max_length=200)
    given_name = models.CharField(_("given name"), max_length=200, blank=True)
    native_name = models.CharField(_("name in native script"), max_length=300, blank=True)
    chinese_name = models.CharField(_("Chinese name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=300, blank=True)
    organization = models.CharField(_("organization"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=16, choices=GUEST_LANGUAGES, default="en")
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    passport_number = EncryptedTextField(_("passport number"), plaintext_max_length=32)
    passport_expiry = models.DateField(_("passport expiry"), null=True, blank=True)
    date_of_birth = EncryptedDateField(_("date of birth"), blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    arrival_flight = models.CharField(_("arrival flight"), max_length=12, blank=True, validators=[flight_number])
    arrival_time = models.DateTimeField(_("arrival time"), null=True, blank=True)
    departure_flight = models.CharField(_("departure flight"), max_length=12, blank=True, validators=[flight_number])
    departure_time = models.DateTimeField(_("departure time"), null=True, blank=True)
    dietary = models.CharField(_("dietary requirements"), max_length=300, blank=True)
    photo = models.ImageField(
        _("photo"), upload_to=photo_path, storage=guest_photo_storage, blank=True, db_index=True,
        help_text=_("Shown only to users who may see guests or scan badges."),
    )
    status = models.CharField(_("status"), max_length=16, choices=GuestStatus.choices, default=GuestStatus.REGISTERED, editable=False)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True, editable=False)
    internal_notes = models.TextField(_("internal notes"), max_length=5000, blank=True)
    external_ref = models.CharField(
        _("external reference"), max_length=100, blank=True, db_index=True,
        help_text=_("The guest's id in the sender's list (spreadsheet imports match rows by it)."),
    )
    # Derived, maintained on save: every name field folded for script-independent search,
    # and a keyed hash of the passport number for duplicate detection without plaintext.
    search_text = models.TextField(editable=False, default="")
    passport_index = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["family_name", "given_name", "id"]
        indexes = [
            models.Index(fields=["event", "status"]),
            models.Index(fields=["event", "category"]),
            models.Index(fields=["event", "country"]),
            # The orderings the guest list offers, each ending in the id the list breaks ties with.
            models.Index(fields=["event", "family_name", "given_name", "id"], name="guest_event_name_idx"),
            models.Index(fields=["event", "created_at", "id"], name="guest_event_created_idx"),
            models.Index(fields=["event", "updated_at", "id"], name="guest_event_updated_idx"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    @property
    def passport_expires_during_event(self) -> bool:
        return bool(self.passport_expiry and self.event_id and self.passport_expiry <= self.event.end_date)

    def save(self, *args, **kwargs):
        # A save of some fields derives only from those: the others may be stale in this instance.
        update_fields = kwargs.get("update_fields")
        derived = set()
        if update_fields is None or set(update_fields) & set(GUEST_NAME_FIELDS):
            self.search_text = guest_search_text(self)
            derived.add("search_text")
        if update_fields is None or "passport_number" in update_fields:
            self.passport_number = normalize_passport_number(self.passport_number)
            self.passport_index = blind_index(self.passport_number, purpose="passport") if self.passport_number else ""
            derived.add("passport_index")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *derived}
        super().save(*args, **kwargs)
