from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics

from events.models import Guest

from ...domain import conflicts as conflict_checks
from ...domain import itineraries
from ...models import Delegation
from .common import LANG_PARAMETER, DelegationScoped, conflicts_response, itinerary_response


class ConflictsView(DelegationScoped, generics.GenericAPIView):
    """Every clash in the event's itineraries (warnings). Filter with ?code=, ?delegation=, ?guest=."""

    @extend_schema(
        parameters=[
            OpenApiParameter("code", str, enum=list(conflict_checks.CODES)),
            OpenApiParameter("delegation", int), OpenApiParameter("guest", int),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request, event_slug=None):
        clashes = conflict_checks.event_conflicts(self.event)
        code = request.query_params.get("code")
        if code:
            if code not in conflict_checks.CODES:
                raise exceptions.ValidationError({"code": [f"Unknown conflict code; use one of {', '.join(conflict_checks.CODES)}."]})
            clashes = [c for c in clashes if c.code == code]
        for name, model, check in (("delegation", Delegation, conflict_checks.conflicts_for_delegation),
                                   ("guest", Guest, conflict_checks.conflicts_for_guest)):
            raw = request.query_params.get(name)
            if raw:
                if not raw.isdigit() or len(raw) > 18:
                    raise exceptions.ValidationError({name: ["A number is required."]})
                obj = model.objects.filter(event=self.event, pk=int(raw)).first()
                if obj is None:
                    raise exceptions.ValidationError({name: [f'Invalid pk "{raw}" - object does not exist.']})
                obj.event = self.event
                clashes = check(obj, clashes)
        return conflicts_response(clashes)


class GuestScopedView(DelegationScoped, generics.GenericAPIView):
    def guest(self):
        guest = get_object_or_404(Guest.objects.filter(event=self.event), pk=self.kwargs["guest_id"])
        guest.event = self.event
        return guest


class GuestItineraryView(GuestScopedView):
    """One guest's merged itinerary: their delegation's items, their own, and the sessions they attend."""

    @extend_schema(parameters=[LANG_PARAMETER], responses={200: OpenApiTypes.OBJECT})
    def get(self, request, event_slug=None, guest_id=None):
        guest = self.guest()
        return itinerary_response(request, self.event, itineraries.guest_itinerary(guest), guest=guest.pk)


class GuestConflictsView(GuestScopedView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, event_slug=None, guest_id=None):
        return conflicts_response(conflict_checks.conflicts_for_guest(self.guest()))
