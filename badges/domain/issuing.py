"""The badge operations: issue, reprint, revoke, delete; and the revocation list offline scanners
sync. Each runs in a transaction and announces itself (badges.signals) once it has committed."""
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import domain as audit
from badges.signals import badge_reprinted, badge_revoked, badges_issued
from events.models import GuestStatus

from .selection import guests_to_issue


def _announce(signal, **kwargs):
    from badges.models import Badge

    transaction.on_commit(lambda: signal.send(sender=Badge, **kwargs))


class BadgeNotAllowed(Exception):
    """The guest cannot get a badge (not approved, another event)."""


def default_zones_for(event, category, zones=None):
    from badges.models import AccessZone

    zones = list(AccessZone.objects.filter(event=event)) if zones is None else zones
    return [zone for zone in zones if zone.is_default_for(category)]


def issue_badge(guest, *, zones=None, valid_from=None, valid_until=None, all_zones=None, by=None):
    """The guest's badge, created (version 1, default zones for the category) if missing.
    Idempotent: an existing badge is returned unchanged. Returns (badge, created)."""
    from badges.models import Badge

    if guest.status != GuestStatus.APPROVED:
        raise BadgeNotAllowed(f"Guest {guest.pk} is {guest.status}; only approved guests get badges.")
    existing = Badge.objects.filter(event_id=guest.event_id, guest=guest).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            badge = Badge(event=guest.event, guest=guest, valid_from=valid_from, valid_until=valid_until)
            badge.save()  # missing validity defaults to the event's dates
            chosen = zones if zones is not None else default_zones_for(guest.event, guest.category, all_zones)
            badge.zones.set(chosen)
            audit.record(by, "badge.issued", event=guest.event_id, obj=badge, object_label=f"{badge} · {guest}")
            _announce(badges_issued, event=guest.event, badges=[badge])
    except IntegrityError:  # issued concurrently (another worker, a retried batch)
        return Badge.objects.get(event_id=guest.event_id, guest=guest), False
    return badge, True


def issue_badges_for(event, selection: dict, *, by=None) -> tuple[dict, int]:
    """Issue the badges of a selection (badges.domain.selection): ({guest id: Badge}, how many are
    new). Guests who already have a badge keep it. Raises SelectionProblem."""
    from badges.models import Badge

    guests = guests_to_issue(event, selection)
    with transaction.atomic():
        before = set(Badge.objects.filter(event=event, guest__in=guests).values_list("guest_id", flat=True))
        issued = issue_badges(event, guests, by=by)
    return issued, sum(1 for guest in guests if guest.pk not in before)


def reprint_badge(badge, *, reason="", zones=None, valid_from=None, valid_until=None, by=None):
    """Bump the version: the previously printed code becomes invalid (superseded). A revoked badge
    becomes active again with the new version; its old codes stay invalid. Only an approved guest's
    badge is reprinted (BadgeNotAllowed otherwise): a new version would pass offline desks, which
    know the revoked versions only. Given zones or validity replace the badge's in the new version."""
    from badges.models import Badge, BadgeStatus, RevocationEntry

    with transaction.atomic():
        locked = Badge.objects.select_for_update().select_related("guest").get(pk=badge.pk)
        if locked.guest.status != GuestStatus.APPROVED:
            raise BadgeNotAllowed(f"The guest is {locked.guest.status}; only approved guests' badges are reprinted.")
        if locked.status != BadgeStatus.REVOKED:
            RevocationEntry.objects.create(
                event_id=locked.event_id, badge=locked, version=locked.version,
                kind=RevocationEntry.Kind.SUPERSEDED, reason=reason[:300],
            )
        locked.version += 1
        locked.status = BadgeStatus.ACTIVE
        locked.revoked_at = None
        locked.revoked_reason = ""
        locked.printed_at = None
        changed = ["version", "status", "revoked_at", "revoked_reason", "printed_at", "updated_at"]
        for name, value in (("valid_from", valid_from), ("valid_until", valid_until)):
            if value is not None:
                setattr(locked, name, value)
                changed.append(name)
        locked.save(update_fields=changed)
        if zones is not None:
            locked.zones.set(zones)
        audit.record(by, "badge.reprinted", event=locked.event_id, obj=locked,
                     object_label=f"{locked} · {locked.guest}", changes={"version": [locked.version - 1, locked.version]},
                     details={"reason": reason[:300]})
        _announce(badge_reprinted, badge=locked, reason=reason)
    return locked


def revoke_badge(badge, *, reason="", by=None):
    """Put the badge's current (and every older) version on the event's revocation list."""
    from badges.models import Badge, BadgeStatus, RevocationEntry

    with transaction.atomic():
        locked = Badge.objects.select_for_update().get(pk=badge.pk)
        if locked.status == BadgeStatus.REVOKED:
            return locked
        before = locked.status
        locked.status = BadgeStatus.REVOKED
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason[:300]
        locked.save(update_fields=["status", "revoked_at", "revoked_reason", "updated_at"])
        RevocationEntry.objects.create(
            event_id=locked.event_id, badge=locked, version=locked.version,
            kind=RevocationEntry.Kind.REVOKED, reason=locked.revoked_reason, created_at=locked.revoked_at,
        )
        audit.record(by, "badge.revoked", event=locked.event_id, obj=locked,
                     changes={"status": [before, BadgeStatus.REVOKED]}, details={"reason": locked.revoked_reason})
        _announce(badge_revoked, badge=locked, reason=locked.revoked_reason)
    return locked


def delete_badge(badge, *, by=None):
    """Delete a badge, its codes revoked first: the revocation list outlives it, so that offline
    desks refuse the printed badge too."""
    with transaction.atomic():
        revoke_badge(badge, reason="Badge deleted", by=by)
        audit.record(by, "badge.deleted", event=badge.event_id, obj=badge)
        badge.delete()


def revocation_list(event, *, since: int = 0, limit: int = 5000) -> dict:
    """Entries after cursor `since`, oldest first. An entry (badge_id, version) invalidates that
    version and all older ones. Pass the returned ``cursor`` as `since` next time."""
    from badges.models import RevocationEntry

    rows = list(
        RevocationEntry.objects.filter(event=event, id__gt=since).order_by("id")
        .values("id", "badge_id", "version", "kind", "created_at")[:limit]
    )
    return {
        "cursor": rows[-1]["id"] if rows else since,
        "complete": len(rows) < limit,
        "entries": [
            {"cursor": r["id"], "badge_id": r["badge_id"], "version": r["version"], "kind": r["kind"],
             "at": r["created_at"].isoformat()}
            for r in rows
        ],
    }


def issue_badges(event, guests, *, by=None) -> dict:
    """{guest id: Badge} for the approved `guests` (of `event`), issuing the missing ones in bulk
    with their category's default zones. Idempotent and safe to run concurrently."""
    from badges.models import AccessZone, Badge, default_validity

    guests = [guest for guest in guests if guest.status == GuestStatus.APPROVED and guest.event_id == event.pk]
    badges = {badge.guest_id: badge for badge in Badge.objects.filter(event=event, guest__in=[g.pk for g in guests])}
    missing = [guest for guest in guests if guest.pk not in badges]
    if not missing:
        return badges
    zones = list(AccessZone.objects.filter(event=event))
    valid_from, valid_until = default_validity(event)
    try:
        with transaction.atomic():
            created = Badge.objects.bulk_create(
                [Badge(event=event, guest=guest, valid_from=valid_from, valid_until=valid_until) for guest in missing]
            )
            through = Badge.zones.through
            through.objects.bulk_create([
                through(badge_id=badge.pk, accesszone_id=zone.pk)
                for badge, guest in zip(created, missing)
                for zone in default_zones_for(event, guest.category, zones)
            ])
            audit.record_many(by, "badge.issued", created, event=event.pk)
            _announce(badges_issued, event=event, badges=created)
    except IntegrityError:  # another worker issued some of them meanwhile: one by one
        for guest in missing:
            badges[guest.pk] = issue_badge(guest, all_zones=zones, by=by)[0]
        return badges
    for badge, guest in zip(created, missing):
        badges[guest.pk] = badge
    return badges
