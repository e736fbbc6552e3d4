from django.db import models
from django.utils.translation import gettext_lazy as _

from badges.domain.templates import logo_path


class BadgeSize(models.TextChoices):
    ID1 = "id1", _("ID-1 card (85.60 × 53.98 mm)")
    A6 = "a6", _("A6 (105 × 148 mm)")
    IN4X3 = "4x3in", _("4 × 3 in (101.6 × 76.2 mm)")
    CUSTOM = "custom", _("Custom size")


class Orientation(models.TextChoices):
    PORTRAIT = "portrait", _("Portrait")
    LANDSCAPE = "landscape", _("Landscape")


class SheetLayout(models.TextChoices):
    A4_NUP = "a4_nup", _("As many as fit on A4, with crop marks")
    SINGLE = "single", _("One badge per page (card printer)")


class BadgeTemplate(models.Model):
    """How badges look. ``front_layout`` / ``back_layout`` are data (see badges.domain.layout for the
    schema) so that organizers can change them without code; they are validated on save."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="badge_templates", verbose_name=_("event"))
    name = models.CharField(_("name"), max_length=120)
    size = models.CharField(_("size"), max_length=8, choices=BadgeSize.choices, default=BadgeSize.ID1)
    width_mm = models.DecimalField(_("custom width (mm)"), max_digits=6, decimal_places=2, null=True, blank=True)
    height_mm = models.DecimalField(_("custom height (mm)"), max_digits=6, decimal_places=2, null=True, blank=True)
    orientation = models.CharField(_("orientation"), max_length=10, choices=Orientation.choices, default=Orientation.PORTRAIT)
    category_styles = models.JSONField(
        _("category colours and labels"), default=dict, blank=True,
        help_text=_('Per guest category: {"minister": {"colour": "#C9A227", "label": "VIP"}, …}; "*" is the fallback.'),
    )
    front_layout = models.JSONField(_("front layout"), default=list)
    back_layout = models.JSONField(_("back layout"), default=list, blank=True, help_text=_("Empty: no back side."))
    sheet_layout = models.CharField(_("sheet"), max_length=8, choices=SheetLayout.choices, default=SheetLayout.A4_NUP)
    gutter_mm = models.DecimalField(_("gutter (mm)"), max_digits=5, decimal_places=2, default=0)
    bleed_mm = models.DecimalField(_("bleed (mm)"), max_digits=5, decimal_places=2, default=0)
    crop_marks = models.BooleanField(_("crop marks"), default=True)
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    is_default = models.BooleanField(_("default template"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("badge template")
        verbose_name_plural = _("badge templates")
        ordering = ["event", "name"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="unique_badge_template_name_per_event")]

    def __str__(self):
        return self.name

    LAYOUT_INPUTS = ("size", "orientation", "width_mm", "height_mm", "category_styles", "front_layout", "back_layout",
                     "sheet_layout", "gutter_mm", "bleed_mm")

    def clean(self):
        from badges.domain.layout import validate_template_values

        normalised = validate_template_values({name: getattr(self, name) for name in self.LAYOUT_INPUTS})
        self.front_layout = normalised["front_layout"]
        self.back_layout = normalised["back_layout"]
