"""Routes nested under /api/v1/events/{event_slug}/."""
from django.urls import path
from rest_framework.routers import SimpleRouter

from .letter_views import LetterViewSet
from .message_views import GuestMessagesView, MessageTemplateViewSet, MessageViewSet, SelectionRunViewSet

router = SimpleRouter()
router.register("message-templates", MessageTemplateViewSet, basename="message-template")
router.register("messages", MessageViewSet, basename="message")
router.register("message-runs", SelectionRunViewSet, basename="message-run")
router.register("letters", LetterViewSet, basename="letter")

urlpatterns = [
    path("guests/<int:pk>/messages/", GuestMessagesView.as_view({"get": "list"}), name="guest-messages"),
    *router.urls,
]
