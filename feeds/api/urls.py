"""Routes nested under /api/v1/events/{event_slug}/."""
from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("feeds", views.FeedTokenViewSet, basename="feed")

urlpatterns = [
    path("feeds/items/<uuid:uid>.ics", views.ItemDownloadView.as_view(), name="feed-item-download"),
    path("feeds/guests/<int:pk>.ics", views.GuestDownloadView.as_view(), name="feed-guest-download"),
    path("feeds/delegations/<int:pk>.ics", views.DelegationDownloadView.as_view(), name="feed-delegation-download"),
    path("feeds/programme.ics", views.ProgrammeDownloadView.as_view(), name="feed-programme-download"),
    *router.urls,
]
