from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.multilingual import CONTENT_LANGUAGES, MultilingualField, in_active_language, localized
from core.validators import validate_timezone


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class PrecedenceLanguage(models.TextChoices):
        ENGLISH = "en", _("English alphabetical (UN practice)")
        RUSSIAN = "ru", _("Russian alphabetical")
        CHINESE = "zh-hans", _("Chinese, by Hanyu Pinyin")

    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, help_text=_("Used in URLs: lower-case letters, digits and hyphens.")
    )
    name = MultilingualField(_("name"), max_text_length=300)
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_timezone])
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    default_language = models.CharField(_("default language"), max_length=16, choices=CONTENT_LANGUAGES, default="zh-hans")
    transfer_buffer_minutes = models.PositiveIntegerField(
        _("transfer buffer (minutes)"),
        default=30,
        validators=[MaxValueValidator(24 * 60)],
        help_text=_("Minimum time between consecutive itinerary items at different places."),
    )
    precedence_language = models.CharField(
        _("precedence order"), max_length=16, choices=PrecedenceLanguage.choices, default=PrecedenceLanguage.ENGLISH
    )
    precedence_start_letter = models.CharField(
        _("precedence starts at letter"),
        max_length=8,
        blank=True,
        help_text=_("A letter drawn by lot; delegations are ordered starting from it, wrapping around."),
    )
    retention_days = models.PositiveIntegerField(
        _("retention (days)"), default=90, validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("Days after the event's end date after which passport data, birth dates, photos and "
                    "generated files are erased (names and statistics stay)."),
    )
    legal_hold = models.BooleanField(
        _("legal hold"), default=False, help_text=_("While on hold, nothing of this event is erased (owners decide)."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-start_date", "slug"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")), name="event_end_after_start"),
            models.CheckConstraint(condition=models.Q(retention_days__gte=1, retention_days__lte=3650),
                                   name="event_retention_days_range"),
        ]

    def __str__(self):
        return in_active_language(self.name) or self.slug

    def display_name(self, language=None):
        return localized(self.name, language, self.default_language)

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The event cannot end before it starts.")})

    @property
    def tzinfo(self):
        import zoneinfo

        return zoneinfo.ZoneInfo(self.timezone)


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    PROTOCOL = "protocol", _("Protocol officer")
    REGISTRATION = "registration", _("Registration")
    CHECKIN = "checkin", _("Check-in (gate)")
    VIEWER = "viewer", _("Viewer")


class EventMembership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_memberships", verbose_name=_("user"))
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("event"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        validators=[RegexValidator(r"^[0-9+()\-. ]*$", _("Digits, spaces and + ( ) - . only."))],
        help_text=_("Shown to guests where this person is their liaison officer or interpreter."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("event membership")
        verbose_name_plural = _("event memberships")
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="one_membership_per_user_and_event")]
        ordering = ["event", "role", "user__username"]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} @ {self.event.slug}"



