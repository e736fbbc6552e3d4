"""Routes nested under /api/v1/events/{event_slug}/."""
from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("delegations", views.DelegationViewSet, basename="delegation")
router.register("itinerary-items", views.ItineraryItemViewSet, basename="itinerary-item")
router.register("staff", views.StaffViewSet, basename="staff")
router.register("vehicles", views.VehicleViewSet, basename="vehicle")
router.register("hotels", views.HotelViewSet, basename="hotel")
router.register("hotel-stays", views.HotelStayViewSet, basename="hotel-stay")

urlpatterns = [
    path(
        "delegations/<int:pk>/itinerary.pdf",
        views.DelegationViewSet.as_view(
            {"get": "itinerary_pdf"}, renderer_classes=views.DelegationViewSet.pdf_renderer_classes, detail=True
        ),
        name="delegation-itinerary-pdf",
    ),
    path("guests/<int:guest_id>/itinerary/", views.GuestItineraryView.as_view(), name="guest-itinerary"),
    path("guests/<int:guest_id>/conflicts/", views.GuestConflictsView.as_view(), name="guest-conflicts"),
    path("conflicts/", views.ConflictsView.as_view(), name="conflicts"),
    path("precedence/", views.PrecedenceView.as_view(), name="precedence"),
    *router.urls,
]
