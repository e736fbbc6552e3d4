import contextlib

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import RestrictedError
from django.http import FileResponse, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from events.api.scope import EventScopedMixin
from core.api.exceptions import Conflict
from core.api.parsers import JSONParser
from badges.domain import batches as batch_domain
from badges.domain.content import BadgeProblem
from badges.domain.coverage import coverage_report
from badges.domain.issuing import BadgeNotAllowed, issue_badges, reprint_badge, revoke_badge
from badges.domain.preview import pdf_page_png, preview_pdf
from badges.domain.templates import get_default_template
from badges.models import AccessZone, Badge, BadgeBatch, BadgeTemplate, BatchStatus
from events.domain import access
from events.models import Guest, GuestStatus

from . import serializers


class Unprintable(exceptions.APIException):
    status_code = 422
    default_detail = "This badge cannot be printed."
    default_code = "unprintable"


class AccessZoneViewSet(EventScopedMixin, viewsets.ModelViewSet):
    """Access zones of the event. A zone on any badge cannot be deleted: its bit in printed QR
    codes would be given to the next new zone."""

    serializer_class = serializers.AccessZoneSerializer
    queryset = AccessZone.objects.none()
    write_right = access.MANAGE_BADGES

    def get_queryset(self):
        if self.is_schema_generation:
            return AccessZone.objects.none()
        return AccessZone.objects.filter(event=self.event).order_by("bit")

    @transaction.atomic
    def perform_create(self, serializer):
        serializer.save(event=self.event)

    def perform_destroy(self, zone):
        if zone.badges.exists():
            raise Conflict("Badges carry this zone; reprint them without it first.", code="zone_in_use")
        zone.delete()


class BadgeTemplateViewSet(EventScopedMixin, viewsets.ModelViewSet):
    serializer_class = serializers.BadgeTemplateSerializer
    queryset = BadgeTemplate.objects.none()
    write_right = access.MANAGE_BADGES
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if self.is_schema_generation:
            return BadgeTemplate.objects.none()
        return BadgeTemplate.objects.filter(event=self.event).order_by("name", "id")

    @transaction.atomic
    def perform_create(self, serializer):
        template = serializer.save(event=self.event)
        self._single_default(template)

    @transaction.atomic
    def perform_update(self, serializer):
        self._single_default(serializer.save())

    def _single_default(self, template):
        if template.is_default:
            BadgeTemplate.objects.filter(event=self.event, is_default=True).exclude(pk=template.pk).update(is_default=False)

    def perform_destroy(self, template):
        try:
            template.delete()
        except RestrictedError:
            raise Conflict("Batches were printed with this template; it cannot be deleted.", code="template_in_use") from None


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
        guests = Guest.objects.filter(event=self.event)
        if data.get("all_approved"):
            guests = list(guests.filter(status=GuestStatus.APPROVED))
        else:
            wanted = list(dict.fromkeys(data["guests"]))
            by_id = {guest.pk: guest for guest in guests.filter(pk__in=wanted)}
            unknown = [pk for pk in wanted if pk not in by_id]
            if unknown:
                raise exceptions.ValidationError({"guests": [f"Not found in this event: {', '.join(map(str, unknown[:20]))}."]})
            not_approved = [guest for guest in by_id.values() if guest.status != GuestStatus.APPROVED]
            if not_approved:
                raise exceptions.ValidationError({"guests": [
                    f"Only approved guests get badges; not approved: "
                    f"{', '.join(f'{g.pk} ({g.status})' for g in not_approved[:20])}."
                ]})
            guests = [by_id[pk] for pk in wanted]
        if not guests:
            raise exceptions.ValidationError({"guests": ["There is no approved guest to issue a badge for."]})
        before = set(Badge.objects.filter(event=self.event, guest__in=guests).values_list("guest_id", flat=True))
        with transaction.atomic():
            issued = issue_badges(self.event, guests)
        badges = self.get_queryset().filter(pk__in=[badge.pk for badge in issued.values()]).order_by("id")
        created = sum(1 for guest in guests if guest.pk not in before)
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
        with transaction.atomic():
            try:
                badge = reprint_badge(badge, reason=data.get("reason", ""))
            except BadgeNotAllowed as exc:
                raise Conflict(str(exc), code="guest_not_approved") from exc
            changed = [name for name in ("valid_from", "valid_until") if name in data]
            for name in changed:
                setattr(badge, name, data[name])
            if changed:
                badge.save(update_fields=[*changed, "updated_at"])
            if "zones" in data:
                badge.zones.set(data["zones"])
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
        revoke_badge(badge, reason=serializer.validated_data["reason"])
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
            with _template_errors():
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
        with _template_errors():
            return Response(coverage_report(self.event, self._template()))


class BadgeBatchViewSet(EventScopedMixin, mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):
    """Print runs. POST answers 202 at once; a worker renders the sheet PDF."""

    serializer_class = serializers.BadgeBatchSerializer
    queryset = BadgeBatch.objects.none()
    read_right = access.MANAGE_BADGES
    write_right = access.MANAGE_BADGES
    filterset_fields = ["status"]
    ordering_fields = ["created_at", "id"]
    ordering = ["-id"]

    def get_queryset(self):
        if self.is_schema_generation:
            return BadgeBatch.objects.none()
        return BadgeBatch.objects.filter(event=self.event).select_related("event")

    def get_serializer_class(self):
        return serializers.BatchCreateSerializer if self.action == "create" else serializers.BadgeBatchSerializer

    @extend_schema(request=serializers.BatchCreateSerializer, responses={202: serializers.BadgeBatchSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        template = serializer.validated_data.get("template") or get_default_template(self.event)
        selection = serializers.SelectionSerializer.to_selection(serializer.validated_data["selection"])
        try:
            with transaction.atomic():
                batch = batch_domain.create_batch(self.event, template, selection, request.user)
                transaction.on_commit(lambda: _enqueue(batch.pk))
        except batch_domain.EmptySelection as exc:
            raise exceptions.ValidationError({"selection": [str(exc)]}) from None
        batch.event = self.event
        return Response(serializers.BadgeBatchSerializer(batch, context=self.get_serializer_context()).data,
                        status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={202: serializers.BadgeBatchSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request, event_slug=None, pk=None):
        batch = self.get_object()
        if batch.status != BatchStatus.FAILED:
            raise Conflict("Only a failed batch can be retried.", code="not_failed")
        BadgeBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.QUEUED, error="")
        transaction.on_commit(lambda: _enqueue(batch.pk))
        batch.refresh_from_db()
        return Response(self.get_serializer(batch).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, event_slug=None, pk=None):
        batch = self.get_object()
        path = batch_domain.batch_file_path(batch)
        if batch.status != BatchStatus.DONE or path is None or not path.exists():
            raise Conflict("The batch has no PDF (yet).", code="not_ready")
        response = FileResponse(path.open("rb"), content_type="application/pdf", as_attachment=True,
                                filename=f"badges-{self.event.slug}-batch-{batch.pk}.pdf")
        response["Cache-Control"] = "private, no-store"
        return response


@contextlib.contextmanager
def _template_errors():
    """A stored template that no longer validates is the template's problem (400), not a crash."""
    try:
        yield
    except DjangoValidationError as exc:
        raise exceptions.ValidationError({"template": ["The template is not valid: " + "; ".join(exc.messages)]}) from None


def _enqueue(batch_id):
    from badges.tasks import print_badge_batch

    print_badge_batch.delay(batch_id)
