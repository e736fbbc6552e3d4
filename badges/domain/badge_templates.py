"""Badge templates created, changed and deleted (each in a transaction, one audit entry with the
diff). An event has at most one default template: making one the default takes it from the others
(their ids are in the entry's details). A template that batches were printed with is not deleted.
The values are checked before (the serializer, the admin's form: badges.domain.layout)."""
from django.db import transaction
from django.db.models import RestrictedError

from audit import domain as audit
from badges.models import BadgeTemplate
from core.errors import StateConflict
from core.saving import save_changes, save_new


def _diff_values(values):
    """The logo (an upload) as whether there is one; a replaced logo is marked below. (A template's
    own logo is compared the same way by audit.changes.)"""
    return {**values, "logo": bool(values["logo"])} if isinstance(values, dict) and "logo" in values else values


def _single_default(template) -> dict:
    if not template.is_default:
        return {}
    others = BadgeTemplate.objects.filter(event_id=template.event_id, is_default=True).exclude(pk=template.pk)
    ids = sorted(others.values_list("pk", flat=True))
    if ids:
        BadgeTemplate.objects.filter(pk__in=ids).update(is_default=False)
        return {"no_longer_default": ids}
    return {}


def _record(by, action, template, changes=None, details=None):
    audit.record(by, f"badgetemplate.{action}", event=template.event_id, obj=template, changes=changes,
                 details=details or None)


@transaction.atomic
def create_template(event, values: dict, *, by=None, instance: BadgeTemplate | None = None) -> BadgeTemplate:
    """A new template of `event`; `instance`: the admin form's unsaved one."""
    template = instance or BadgeTemplate()
    template.event = event
    save_new(template, values)
    details = _single_default(template)
    _record(by, "created", template, audit.created(_diff_values(values)), details)
    return template


@transaction.atomic
def update_template(template: BadgeTemplate, values: dict, *, by=None, before: dict | None = None) -> BadgeTemplate:
    """`before`: the values before, where the caller (the admin's form) has assigned them already."""
    diff = audit.changes(_diff_values(template if before is None else before), _diff_values(values))
    if values.get("logo") and "logo" not in diff:  # one logo replaced by another
        diff["logo"] = audit.CHANGED
    save_changes(template, values)
    details = _single_default(template)
    if diff or details:
        _record(by, "changed", template, diff, details)
    return template


@transaction.atomic
def delete_template(template: BadgeTemplate, *, by=None) -> None:
    pk = template.pk
    try:
        template.delete()
    except RestrictedError:
        raise StateConflict("Batches were printed with this template; it cannot be deleted.",
                            code="template_in_use") from None
    template.pk = pk
    _record(by, "deleted", template)
