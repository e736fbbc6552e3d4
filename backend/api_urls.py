"""/api/v1/: the events collection, and every app's routes nested under one event."""
from django.urls import include, path
from rest_framework.routers import SimpleRouter

from events.api.views import EventViewSet

from .api_root import api_root

router = SimpleRouter()
router.register("events", EventViewSet, basename="event")

event_scoped = [
    path("", include("events.api.urls")),
    path("", include("delegations.api.urls")),
    path("", include("badges.api.urls")),
    path("", include("feeds.api.urls")),
    path("", include("checkin.api.urls")),
    path("", include("correspondence.api.urls")),
    path("", include("spreadsheets.api.urls")),
    path("", include("privacy.api.urls")),
    path("", include("portal.api.urls_office")),
]

urlpatterns = [
    path("", api_root, name="api-root"),
    path("auth/", include("accounts.api.urls")),
    path("portal/", include("portal.api.urls_portal")),
    path("events/<slug:event_slug>/", include(event_scoped)),
    *router.urls,
]
