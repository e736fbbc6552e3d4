"""Receivers: a template's logo goes when the template is deleted (also with its event) or the logo
is replaced or cleared; a batch's PDF goes with the batch; a queued batch, its parts and their joining go to workers. A refused or
deleted guest's badges are revoked, and the printed sheets that show a deleted guest go
(events.domain.signals)."""
from django.db.models.signals import post_delete
from django.dispatch import receiver

from badges.domain.batches import discard_sheets_showing
from badges.domain.issuing import revoke_badge
from badges.models import Badge, BadgeBatch, BadgeStatus, BadgeTemplate
from badges.signals import batch_parts_ready, batch_parts_rendered, batch_queued
from badges.storage import sheet_storage
from core.stored_files import delete_after_commit, file_follows_row
from events.domain.guest_status import REFUSED_STATUSES
from events.domain.signals import guest_status_changing, guests_deleting, guests_holding_passes, personal_data_purging

file_follows_row(BadgeTemplate, "logo", dispatch_uid="badges.template_logo")


@receiver(post_delete, sender=BadgeBatch, dispatch_uid="badges.sheet_follows_batch")
def delete_sheet_of_deleted_batch(sender, instance, **kwargs):
    delete_after_commit(sheet_storage(), instance.file_name)


@receiver(batch_queued, dispatch_uid="badges.queued_batch_goes_to_a_worker")
def send_batch_to_a_worker(sender, batch, **kwargs):
    from badges.tasks import print_badge_batch

    print_badge_batch.delay(batch.pk)


@receiver(batch_parts_ready, dispatch_uid="badges.parts_go_to_workers")
def send_parts_to_workers(sender, batch, part_ids, **kwargs):
    from badges.tasks import render_badge_part

    for part_id in part_ids:
        render_badge_part.delay(part_id)


@receiver(batch_parts_rendered, dispatch_uid="badges.rendered_parts_are_joined")
def send_batch_to_be_joined(sender, batch, **kwargs):
    from badges.tasks import assemble_badge_batch

    assemble_badge_batch.delay(batch.pk)


def revoke_badges_of(guest_ids, *, reason: str, by=None) -> None:
    """Put the active badges of these guests on their event's revocation list."""
    for badge in Badge.objects.filter(guest_id__in=guest_ids, status=BadgeStatus.ACTIVE).order_by("id"):
        revoke_badge(badge, reason=reason, by=by)


@receiver(guest_status_changing, dispatch_uid="badges.refused_guest_loses_badges")
def revoke_badges_of_refused_guests(sender, guest_ids, status, reason, **kwargs):
    if status in REFUSED_STATUSES:
        revoke_badges_of(guest_ids, reason=reason, by=kwargs.get("by"))


@receiver(guests_deleting, dispatch_uid="badges.deleted_guest_loses_badges")
def revoke_badges_and_sheets_of_deleted_guests(sender, guest_ids, reason, **kwargs):
    revoke_badges_of(guest_ids, reason=reason, by=kwargs.get("by"))
    discard_sheets_showing(guest_ids)  # printed sheets show their names and photos


@receiver(guests_holding_passes, dispatch_uid="badges.badge_is_a_pass")
def guests_with_active_badges(sender, guest_ids, **kwargs) -> set[int]:
    return set(Badge.objects.filter(guest_id__in=guest_ids, status=BadgeStatus.ACTIVE).values_list("guest_id", flat=True))


@receiver(personal_data_purging, dispatch_uid="badges.sheets_leave_with_retention")
def erase_badge_sheets(sender, event, dry_run=False, **kwargs) -> dict:
    """Printed sheets show names, photos and codes: their files go when the event's retention ends."""
    batches = BadgeBatch.objects.filter(event=event).exclude(file_name="")
    names = list(batches.values_list("file_name", flat=True))
    if not dry_run:
        batches.update(file_name="", file_size=0)
        for name in names:
            delete_after_commit(sheet_storage(), name)
    return {"badge_sheets": len(names)}
