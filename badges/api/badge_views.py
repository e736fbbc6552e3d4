from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audit.domain import Actor
from badges.domain.content import BadgeProblem
from badges.domain.coverage import coverage_report
from badges.domain.issuing import BadgeNotAllowed, issue_badges_for, reprint_badge, revoke_badge
from badges.domain.selection import SelectionProblem
from badges.domain.templates import get_default_template
from badges.interfaces.preview import pdf_page_png, preview_pdf
from badges.models import Badge, BadgeTemplate
from core.api.exceptions import Conflict
from events.api.scope import EventScopedMixin
from events.domain import access

from . import serializers
from .template_errors import template_errors


class Unprintable(exceptions.APIException):
    status_code = 422
    default_detail = "This badge cannot be printed."
    default_code = "unprintable"


class BadgeViewSet(EventScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Issued badges. Listing needs view_guests; issuing, reprinting, revoking and previews need
    manage_badges."""

    serializer_class = serializers.BadgeSerializer
    queryset = Badge.objects.none()
    read_right = access.VIEW_GUESTS
    write_right = access.MANAGE_BADGES
    action_rights = {"preview_pdf": access.MANAGE_BADGES, "preview_png": access.MANAGE_BADGES,
                     "coverage": access.VIEW_GUESTS}
    filterset_fields = ["status", "version"]
    ordering_fields = ["id", "issued_at", "printed_at", "version"]
    ordering = ["id"]

    def get_queryset(self):
        if self.is_schema_generation:
            return Badge.objects.none()
        queryset = Badge.objects.filter(event=self.event).select_related("guest__delegation").prefetch_related("zones")
        printed = self.request.query_params.get("printed")
        if printed in ("true", "false"):
            queryset = queryset.filter(printed_at__isnull=printed == "false")
        category = self.request.query_params.get("category")
        if category:
            queryset = queryset.filter(guest__category=category[:40])
        return queryset

    def get_serializer_class(self):
        return {
            "create": serializers.IssueBadgesSerializer,
            "reprint": serializers.BadgeChangeSerializer,
            "revoke": serializers.RevokeSerializer,
        }.get(self.action, serializers.BadgeSerializer)

    @extend_schema(request=serializers.IssueBadgesSerializer, responses={201: serializers.BadgeSerializer(many=True)})
    def create(self, request, *args, **kwargs):
        """Issue badges (idempotent: guests who already have one keep it)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        selection = {"all": True} if data.get("all_approved") else {"guest_ids": data["guests"]}
        try:
            issued, created = issue_badges_for(self.event, selection, by=Actor.for_request(request))
        except SelectionProblem as exc:
            raise exceptions.ValidationError({"guests": [str(exc)]}) from None
        badges = self.get_queryset().filter(pk__in=[badge.pk for badge in issued.values()]).order_by("id")
        return Response(
            {"created": created, "badges": serializers.BadgeSerializer(badges, many=True).data},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(request=serializers.BadgeChangeSerializer, responses={200: serializers.BadgeSerializer})
    @action(detail=True, methods=["post"])
    def reprint(self, request, event_slug=None, pk=None):
        """A new version: the previously printed code stops working (superseded). Optionally with
        new zones and validity."""
        badge = self.get_object()
        serializer = serializers.BadgeChangeSerializer(data=request.data, context={**self.get_serializer_context(),
                                                                                  "badge": badge})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            badge = reprint_badge(badge, reason=data.get("reason", ""), zones=data.get("zones"),
                                  valid_from=data.get("valid_from"), valid_until=data.get("valid_until"),
                                  by=Actor.for_request(request))
        except BadgeNotAllowed as exc:
            raise Conflict(str(exc), code="guest_not_approved") from exc
        return Response(serializers.BadgeSerializer(self.get_queryset().get(pk=badge.pk)).data)

    @extend_schema(request=serializers.RevokeSerializer, responses={200: serializers.BadgeSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, event_slug=None, pk=None):
        """Put the badge on the event's revocation list; gates refuse it from then on."""
        badge = self.get_object()
        serializer = serializers.RevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if badge.status == "revoked":
            raise Conflict("The badge is already revoked.", code="already_revoked")
        revoke_badge(badge, reason=serializer.validated_data["reason"], by=Actor.for_request(request))
        return Response(serializers.BadgeSerializer(self.get_queryset().get(pk=badge.pk)).data)

    def _template(self):
        raw = self.request.query_params.get("template")
        if raw in (None, ""):
            return get_default_template(self.event)
        if not raw.isdigit() or len(raw) > 18:
            raise exceptions.ValidationError({"template": ["Must be a template id."]})
        template = BadgeTemplate.objects.filter(event=self.event, pk=int(raw)).first()
        if template is None:
            raise exceptions.ValidationError({"template": ["Not found in this event."]})
        return template

    def _preview(self):
        badge = self.get_object()
        template = self._template()
        try:
            with template_errors():
                return badge, preview_pdf(badge, template)
        except BadgeProblem as exc:
            raise Unprintable(str(exc)) from None

    @extend_schema(parameters=[OpenApiParameter("template", int, description="Default: the event's default template")],
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="preview/pdf")
    def preview_pdf(self, request, event_slug=None, pk=None):
        badge, pdf = self._preview()
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="badge-{badge.pk}-v{badge.version}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(parameters=[OpenApiParameter("template", int), OpenApiParameter("dpi", int, description="72–600, default 200")],
                   responses={(200, "image/png"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="preview/png")
    def preview_png(self, request, event_slug=None, pk=None):
        raw_dpi = request.query_params.get("dpi", "200")
        if not raw_dpi.isdigit() or not 72 <= int(raw_dpi) <= 600:
            raise exceptions.ValidationError({"dpi": ["A number from 72 to 600."]})
        badge, pdf = self._preview()
        response = HttpResponse(pdf_page_png(pdf, int(raw_dpi)), content_type="image/png")
        response["Content-Disposition"] = f'inline; filename="badge-{badge.pk}-v{badge.version}.png"'
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(parameters=[OpenApiParameter("template", int)], responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["get"])
    def coverage(self, request, event_slug=None):
        """Approved guests whose badge cannot print as it is: a character no badge font covers
        (reason missing_glyphs) or a name too long for its box (reason name_does_not_fit)."""
        with template_errors():
            return Response(coverage_report(self.event, self._template()))
