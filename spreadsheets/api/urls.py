"""Routes nested under /api/v1/events/{event_slug}/."""
from django.urls import path
from rest_framework.routers import SimpleRouter

from . import export_views as views
from .import_views import GuestImportViewSet

router = SimpleRouter()
router.register("imports", GuestImportViewSet, basename="guest-import")

EXPORTS = [
    ("guests", views.GuestExportView, ("xlsx", "csv")),
    ("delegations", views.DelegationExportView, ("xlsx", "csv")),
    ("rooming-list", views.RoomingExportView, ("xlsx", "csv", "pdf")),
    ("transport-manifest", views.ManifestExportView, ("xlsx", "csv", "pdf")),
    ("arrivals", views.FlightsExportView, ("xlsx", "csv")),
    ("departures", views.FlightsExportView, ("xlsx", "csv")),
]

urlpatterns = [
    *router.urls,
    *[path(f"exports/{kind}.{fmt}", view.as_view(kind=kind, fmt=fmt), name=f"export-{kind}-{fmt}")
      for kind, view, formats in EXPORTS for fmt in formats],
]
