"""Routes nested under /api/v1/events/{event_slug}/."""
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("zones", views.AccessZoneViewSet, basename="access-zone")
router.register("badge-templates", views.BadgeTemplateViewSet, basename="badge-template")
router.register("badges", views.BadgeViewSet, basename="badge")
router.register("badge-batches", views.BadgeBatchViewSet, basename="badge-batch")

urlpatterns = router.urls
