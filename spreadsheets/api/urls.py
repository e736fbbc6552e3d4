"""Routes nested under /api/v1/events/{event_slug}/."""
from rest_framework.routers import SimpleRouter

from .import_views import GuestImportViewSet

router = SimpleRouter()
router.register("imports", GuestImportViewSet, basename="guest-import")

urlpatterns = [*router.urls]
