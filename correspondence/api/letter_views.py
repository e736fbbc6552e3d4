"""Letters of an event: issue (visa letters: view_passport), list, the PDF, revoke."""
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audit.domain import Actor
from events.api.scope import EventScopedMixin
from events.domain import access
from events.models import Guest

from ..domain.letters import issue_letter, open_letter, revoke_letter
from ..models import Letter, LetterKind
from .serializers import LetterRevokeSerializer, LetterSerializer


class LetterViewSet(EventScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    viewsets.GenericViewSet):
    """Invitation and visa-support letters (PDF, Chinese and the guest's language, a signed QR code a
    consulate checks at /verify/letter/{code}). Visa letters, which print passport data, are made and
    downloaded only with `view_passport`; each one made is recorded. `revoke/` needs `decide_guests`."""

    serializer_class = LetterSerializer
    queryset = Letter.objects.none()
    read_right = access.VIEW_GUESTS
    write_right = access.CHANGE_GUESTS
    action_rights = {"revoke": access.DECIDE_GUESTS}
    lookup_value_regex = r"[0-9]+"
    ordering_fields = ["id", "created_at", "reference"]
    filterset_fields = ["kind", "guest"]

    def get_queryset(self):
        if self.is_schema_generation:
            return Letter.objects.none()
        return Letter.objects.filter(event=self.event).select_related("event").order_by("-id")

    def _need_passport_right(self, kind):
        if kind == LetterKind.VISA and not self.has(access.VIEW_PASSPORT):
            raise exceptions.PermissionDenied("Your role in this event does not include the right 'view_passport'.",
                                              code="insufficient_role")

    def create(self, request, event_slug=None):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        self._need_passport_right(data["kind"])
        guest = Guest.objects.select_related("event", "delegation").filter(event=self.event, pk=data["guest_id"]).first()
        if guest is None:
            raise exceptions.ValidationError({"guest": ["Not found in this event."]})
        letter = issue_letter(guest, data["kind"], by=Actor.for_request(request))
        return Response(self.get_serializer(letter).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, event_slug=None, pk=None):
        letter = self.get_object()
        self._need_passport_right(letter.kind)
        response = HttpResponse(open_letter(letter), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(False, f"{letter.reference}.pdf")
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(request=LetterRevokeSerializer, responses={200: LetterSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, event_slug=None, pk=None):
        serializer = LetterRevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        letter = revoke_letter(self.get_object(), reason=serializer.validated_data.get("reason", ""), by=Actor.for_request(request))
        return Response(self.get_serializer(letter).data)


