"""What the delegation API's views share: their scope and rights, rule errors as API errors,
itinerary and conflict answers."""
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, renderers
from rest_framework.response import Response

from audit.domain import Actor
from core.multilingual import normalize_language
from events.api.scope import EventScopedMixin
from events.domain import access

from ...domain import logistics
from ...domain.errors import DelegationRuleError
from ...domain.items import ItemInvalid
from ..serializers import entry_data


class RuleViolation(exceptions.APIException):
    """A DelegationRuleError as an API error: names the field, the problem and a code."""

    def __init__(self, error: DelegationRuleError):
        self.status_code = error.status
        super().__init__(detail={error.field: [error.message], "detail": error.message}, code=error.code)
        self.detail["code"] = error.code


def rule_error_as_api(error: DelegationRuleError) -> exceptions.APIException:
    if isinstance(error, ItemInvalid):
        return exceptions.ValidationError({field: [message] for field, message in error.errors.items()})
    return RuleViolation(error)


class PassthroughPDFRenderer(renderers.BaseRenderer):
    """Lets clients send `Accept: application/pdf`; errors still come back as JSON text."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return renderers.JSONRenderer().render(data)


def itinerary_response(request, event, entries, **extra):
    language = normalize_language(request.query_params.get("lang")) or event.default_language
    return Response({
        **extra,
        "event_timezone": event.timezone,
        "count": len(entries),
        "entries": [entry_data(entry, event.tzinfo, language) for entry in entries],
    })


def conflicts_response(clashes):
    return Response({"count": len(clashes), "conflicts": [clash.as_dict() for clash in clashes]})


LANG_PARAMETER = OpenApiParameter("lang", str, description="Language of display_title (default: the event's).")


class DelegationScoped(EventScopedMixin):
    read_right = access.VIEW_GUESTS
    write_right = access.MANAGE_DELEGATIONS

    def handle_exception(self, exc):
        """A rule of the domain that refused the change answers as the rule says (its status, field and code)."""
        if isinstance(exc, DelegationRuleError):
            exc = rule_error_as_api(exc)
        return super().handle_exception(exc)


class LogisticsWrites:
    """Writes of staff, vehicles, hotels and stays through delegations.domain.logistics."""

    def record_owner(self) -> dict:
        return {"event": self.event}

    def perform_create(self, serializer):
        model = serializer.Meta.model
        serializer.instance = logistics.create_record(model, serializer.validated_data, by=Actor.for_request(self.request),
                                                      **self.record_owner())

    def perform_update(self, serializer):
        logistics.update_record(serializer.instance, serializer.validated_data, by=Actor.for_request(self.request))

    def perform_destroy(self, instance):
        logistics.delete_record(instance, by=Actor.for_request(self.request))
