"""Routes nested under /api/v1/events/{event_slug}/."""
urlpatterns = []
