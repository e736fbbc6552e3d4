"""Routes nested under /api/v1/events/{event_slug}/."""
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("venues", views.VenueViewSet, basename="venue")
router.register("sessions", views.ProgrammeSessionViewSet, basename="session")
router.register("guests", views.GuestViewSet, basename="guest")
router.register("members", views.MemberViewSet, basename="member")

urlpatterns = router.urls
