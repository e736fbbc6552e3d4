"""A demo focal point for the first demo delegation (its invitation goes to the outbox like any
message; with no EMAIL_URL, to the file outbox the admin opens). Idempotent."""
from django.conf import settings
from django.db import transaction

from delegations.models import Delegation

from .domain.focal_points import create_focal_point
from .models import FocalPoint

DEMO_EVENT_SLUG = "china-central-asia-forum-2023"


@transaction.atomic
def seed():
    delegation = Delegation.objects.filter(event__slug=DEMO_EVENT_SLUG).order_by("id").first()
    if delegation is None or FocalPoint.objects.filter(event_id=delegation.event_id).exists():
        return
    base = getattr(settings, "PORTAL_PUBLIC_URL", "") or "http://127.0.0.1:8000"
    create_focal_point(delegation, {"name": "Aigerim Sadykova", "email": "focal.point@embassy.example", "language": "ru"},
                       base_url=base)
