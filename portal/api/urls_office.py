"""Routes nested under /api/v1/events/{event_slug}/."""
from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views_office as views

router = SimpleRouter()
router.register("focal-points", views.FocalPointViewSet, basename="focal-point")

urlpatterns = [
    path("delegations/<int:pk>/focal-points/", views.DelegationFocalPointsView.as_view(), name="delegation-focal-points"),
    path("delegations/<int:pk>/portal-settings/", views.PortalSettingsView.as_view(), name="delegation-portal-settings"),
    path("nominations/review/", views.ReviewQueueView.as_view(), name="nomination-review"),
    path("nominations/<int:guest_id>/passport-scan/", views.PassportScanView.as_view(), name="nomination-passport-scan"),
    path("nominations/<int:guest_id>/reject/", views.RejectView.as_view(), name="nomination-reject"),
    *router.urls,
]
