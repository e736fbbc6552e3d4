"""What the delegations domain tells other apps, once each operation has committed (`by` is the
acting user, or None for the system; the audit trail records from these):
- delegation_changed(delegation, action ("created", "changed", "deleted"), fields, by)
- member_changed(delegation, guest_id, action ("added", "changed", "removed", "made_head"), by)
- itinerary_item_changed(item, action ("created", "changed", "cancelled", "deleted"), fields, by)
- logistics_changed(instance (Staff, Vehicle, Hotel or HotelStay), action ("created", "changed",
  "deleted"), fields, by)"""
from django.dispatch import Signal

from events.domain.signals import send_after_commit

delegation_changed = Signal()
member_changed = Signal()
itinerary_item_changed = Signal()
logistics_changed = Signal()

__all__ = ["delegation_changed", "itinerary_item_changed", "logistics_changed", "member_changed", "send_after_commit"]
