"""Routes nested under /api/v1/events/{event_slug}/."""
from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import conflicts, delegations, hotels, items, precedence, staff, vehicles

router = SimpleRouter()
router.register("delegations", delegations.DelegationViewSet, basename="delegation")
router.register("itinerary-items", items.ItineraryItemViewSet, basename="itinerary-item")
router.register("staff", staff.StaffViewSet, basename="staff")
router.register("vehicles", vehicles.VehicleViewSet, basename="vehicle")
router.register("hotels", hotels.HotelViewSet, basename="hotel")
router.register("hotel-stays", hotels.HotelStayViewSet, basename="hotel-stay")

urlpatterns = [
    path(
        "delegations/<int:pk>/itinerary.pdf",
        delegations.DelegationViewSet.as_view(
            {"get": "itinerary_pdf"}, renderer_classes=delegations.DelegationViewSet.pdf_renderer_classes, detail=True
        ),
        name="delegation-itinerary-pdf",
    ),
    path("guests/<int:guest_id>/itinerary/", conflicts.GuestItineraryView.as_view(), name="guest-itinerary"),
    path("guests/<int:guest_id>/conflicts/", conflicts.GuestConflictsView.as_view(), name="guest-conflicts"),
    path("conflicts/", conflicts.ConflictsView.as_view(), name="conflicts"),
    path("precedence/", precedence.PrecedenceView.as_view(), name="precedence"),
    *router.urls,
]
