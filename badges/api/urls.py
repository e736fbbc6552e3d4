"""Routes nested under /api/v1/events/{event_slug}/."""
from rest_framework.routers import SimpleRouter

from .badge_views import BadgeViewSet
from .batch_views import BadgeBatchViewSet
from .template_views import BadgeTemplateViewSet
from .zone_views import AccessZoneViewSet

router = SimpleRouter()
router.register("zones", AccessZoneViewSet, basename="access-zone")
router.register("badge-templates", BadgeTemplateViewSet, basename="badge-template")
router.register("badges", BadgeViewSet, basename="badge")
router.register("badge-batches", BadgeBatchViewSet, basename="badge-batch")

urlpatterns = router.urls
