"""Routes nested under /api/v1/events/{event_slug}/."""
from django.urls import path

from . import views_office as views

urlpatterns = [
    path("delegations/<int:pk>/focal-points/", views.DelegationFocalPointsView.as_view(), name="delegation-focal-points"),
    path("delegations/<int:pk>/portal-settings/", views.PortalSettingsView.as_view(), name="delegation-portal-settings"),
    path("focal-points/", views.FocalPointsView.as_view(), name="focal-points"),
    path("focal-points/<int:pk>/resend/", views.ResendView.as_view(), name="focal-point-resend"),
    path("focal-points/<int:pk>/revoke-sessions/", views.RevokeView.as_view(), name="focal-point-revoke"),
    path("focal-points/<int:pk>/messages/", views.WriteView.as_view(), name="focal-point-messages"),
    path("nominations/review/", views.ReviewQueueView.as_view(), name="nomination-review"),
    path("nominations/<int:guest_id>/passport-scan/", views.PassportScanView.as_view(), name="nomination-passport-scan"),
    path("nominations/<int:guest_id>/reject/", views.RejectView.as_view(), name="nomination-reject"),
]
