"""What a focal point does to their delegation: nominate, edit, withdraw — each one transaction,
recorded with the focal point as actor. Rules: only members of their own delegation (anything else
is 404, as if missing); nothing after the nomination deadline; never past the quota; only the
categories the office allows. Nominees arrive as guests in `registered` status (events.domain),
members through delegations.domain.membership; editing an approved guest's name, passport or
photo sends them back to the office (review_again)."""
import base64

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from audit import domain as audit
from core.crypto import encrypt
from delegations.domain import membership
from delegations.domain.errors import DelegationRuleError
from events.domain.guest_status import cancel_guest, return_for_review
from events.domain.guests import create_guest, update_guest
from events.models import Guest, GuestStatus

from ..forms import DEFAULT_CATEGORIES
from ..models import DelegationPortal, FocalPoint, Nomination
from .access import actor
from .errors import PortalRefusal, not_found
from .review import IDENTITY_FIELDS, SCAN_CONTEXT, notify_office


def settings_of(delegation) -> DelegationPortal:
    return DelegationPortal.objects.filter(delegation=delegation).first() or DelegationPortal(delegation=delegation)


def categories_for(delegation) -> list[str]:
    return list(settings_of(delegation).allowed_categories or DEFAULT_CATEGORIES)


def _passed_deadline(delegation):
    """The delegation's nomination deadline if it has passed, else None."""
    deadline = settings_of(delegation).nomination_deadline
    return deadline if deadline is not None and deadline <= timezone.now() else None


def deadline_passed(delegation) -> bool:
    return _passed_deadline(delegation) is not None


def refuse_after_deadline(delegation) -> None:
    if deadline := _passed_deadline(delegation):
        when = formats.date_format(timezone.localtime(deadline, delegation.event.tzinfo), "DATETIME_FORMAT")
        raise PortalRefusal(_("The nomination deadline (%(when)s) has passed: the portal is read-only. "
                              "Write to the protocol office for any change.") % {"when": when}, code="deadline_passed")


def member(focal_point: FocalPoint, guest_id) -> Guest:
    """A member of the focal point's own delegation; any other id answers like a missing one."""
    try:
        guest_id = int(guest_id)
    except (TypeError, ValueError):
        raise not_found() from None
    guest = (Guest.objects.select_related("event", "delegation").filter(pk=guest_id, delegation_id=focal_point.delegation_id,
                                                                        event_id=focal_point.event_id).first())
    if guest is None:
        raise not_found()
    return guest


def _quota_refusal(delegation, count):
    return PortalRefusal(_("The delegation is full: its quota is %(quota)s and it has %(count)s members. "
                           "Withdraw a member to nominate another.") % {"quota": delegation.quota, "count": count},
                         code="quota_exceeded")


def _check_category(delegation, values):
    if values.get("category") and values["category"] not in categories_for(delegation):
        raise PortalRefusal(_("This category is not open to your delegation."), code="category_not_allowed", status=400,
                            field="category")


def _store_scan(nomination, upload, content_type):
    if upload:
        upload.seek(0)
        nomination.passport_scan = encrypt(base64.b64encode(upload.read()).decode("ascii"), context=SCAN_CONTEXT)
        nomination.passport_scan_type = content_type


def nominate(focal_point: FocalPoint, values: dict, *, scan=None, scan_type="") -> Guest:
    by = actor(focal_point)
    delegation = focal_point.delegation
    refuse_after_deadline(delegation)
    _check_category(delegation, values)
    try:
        with transaction.atomic():
            guest = create_guest(focal_point.event, {**values, "country": delegation.country,
                                                     "language": focal_point.language}, by=by)
            membership.add_member(delegation, guest, by=by)
            nomination = Nomination(guest=guest, focal_point=focal_point)
            _store_scan(nomination, scan, scan_type)
            nomination.save()
            audit.record(by, "portal.nominated", event=focal_point.event_id, obj=guest,
                         details={"delegation": delegation.pk, "passport_scan": bool(scan)})
    except DelegationRuleError as error:
        if error.code == "quota_exceeded":
            raise _quota_refusal(delegation, Guest.objects.filter(delegation=delegation).count()) from error
        raise PortalRefusal(error.message, code=error.code, status=error.status) from error
    return guest


def refuse_nominating(delegation) -> None:
    """Before the form is read: after the deadline, or with the delegation full, no nomination is taken
    (nominate and add_member check again, under lock)."""
    refuse_after_deadline(delegation)
    count = Guest.objects.filter(delegation_id=delegation.pk).count()
    if delegation.quota is not None and count >= delegation.quota:
        raise _quota_refusal(delegation, count)


def edit(focal_point: FocalPoint, guest: Guest, values: dict, *, scan=None, scan_type="") -> Guest:
    by = actor(focal_point)
    refuse_after_deadline(focal_point.delegation)
    _check_category(focal_point.delegation, values)
    with transaction.atomic():
        guest = Guest.objects.select_for_update(of=("self",)).select_related("event", "delegation").get(pk=guest.pk)
        before = {name: getattr(guest, name) for name in IDENTITY_FIELDS}
        update_guest(guest, values, by=by)
        changed = sorted(name for name in IDENTITY_FIELDS if name in values and getattr(guest, name) != before[name])
        nomination, _created = Nomination.objects.get_or_create(guest=guest, defaults={"focal_point": focal_point})
        if scan:
            _store_scan(nomination, scan, scan_type)
            changed.append("passport_scan")
        nomination.save()
        if changed and guest.status == GuestStatus.APPROVED:
            return_for_review(guest, by=by)
            notify_office(guest, changed, by=by)
    return guest


def withdraw(focal_point: FocalPoint, guest: Guest) -> None:
    """Out of the delegation (the quota place is free at once) and cancelled (badges revoked)."""
    by = actor(focal_point)
    delegation = focal_point.delegation
    refuse_after_deadline(delegation)
    with transaction.atomic():
        others = list(Guest.objects.filter(delegation=delegation).exclude(pk=guest.pk).order_by("pk"))
        if membership.current_head(delegation) == guest.pk and len(others) > 1:
            membership.set_head(delegation, others[0], by=by)
        membership.remove_member(delegation, guest, by=by)
        if guest.status != GuestStatus.CANCELLED:
            cancel_guest(guest, by=by)
        audit.record(by, "portal.withdrawn", event=focal_point.event_id, obj=guest, details={"delegation": delegation.pk})
