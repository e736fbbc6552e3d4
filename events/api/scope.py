"""Plumbing for every endpoint nested under /api/v1/events/{event_slug}/.

The event is resolved once per request from the slug; a user who is not a member gets 404, a
member whose role lacks the right an action needs gets 403 with the right's name. Objects answer
with an ETag and refuse writes with a stale If-Match (core.api.concurrency)."""
from functools import cached_property

from rest_framework import exceptions

from core.api.concurrency import ConditionalRequestMixin
from events.domain import access


class EventScopedMixin(ConditionalRequestMixin):
    read_right = access.VIEW_EVENT
    write_right = access.CHANGE_EVENT
    action_rights: dict[str, str] = {}

    @cached_property
    def event(self):
        return access.get_event_for(self.request.user, self.kwargs.get("event_slug"))

    @property
    def is_schema_generation(self):
        return getattr(self, "swagger_fake_view", False)

    def required_right(self):
        action = getattr(self, "action", None)
        if action in self.action_rights:
            return self.action_rights[action]
        return self.read_right if self.request.method in ("GET", "HEAD", "OPTIONS") else self.write_right

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.is_schema_generation:
            return
        right = self.required_right()
        if not access.has_right(request.user, self.event, right):
            raise exceptions.PermissionDenied(
                f"Your role in this event does not include the right '{right}'.", code="insufficient_role"
            )

    def has(self, right):
        return access.has_right(self.request.user, self.event, right)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not self.is_schema_generation and "event_slug" in self.kwargs:
            context["event"] = self.event
        return context
