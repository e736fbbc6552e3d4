"""An approval (by any path: API, admin, bulk) remembers the nominee's reviewed values; the event's
purge takes the portal's passport scans, links and sessions."""
from django.dispatch import receiver

from correspondence.models import MessageState
from correspondence.signals import message_state_changed
from events.domain.signals import guest_status_changing, personal_data_purging
from events.models import GuestStatus

from .domain.focal_points import forget_sent_link
from .domain.review import remember_approval
from .models import Nomination, PortalSession, SignInLink


@receiver(guest_status_changing, dispatch_uid="portal.remember_approved_values")
def approved(sender, guest_ids, status, **kwargs):
    if status == GuestStatus.APPROVED:
        remember_approval(guest_ids)


@receiver(personal_data_purging, dispatch_uid="portal.scans_and_links_leave_with_retention")
def erase_portal_data(sender, event, dry_run=False, **kwargs) -> dict:
    """Passport scans are passport data: they go when the event's retention ends, with every sign-in
    link and portal session (the focal points and nominations stay, as the guests' records do)."""
    scans = Nomination.objects.filter(guest__event=event).exclude(passport_scan="")
    count = scans.count()
    if not dry_run:
        scans.update(passport_scan="", passport_scan_type="")
        SignInLink.objects.filter(focal_point__event=event).delete()
        PortalSession.objects.filter(focal_point__event=event).delete()
    return {"passport_scans": count}


@receiver(message_state_changed, dispatch_uid="portal.invitation_link_leaves_the_outbox")
def invitation_left(sender, message, old, new, **kwargs):
    if new in (MessageState.SENT, MessageState.CANCELLED):
        forget_sent_link(message)
