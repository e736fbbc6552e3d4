"""Templates, drafts and the outbox of an event. Thin: every action is one domain operation."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audit.domain import Actor
from events.api.scope import EventScopedMixin
from events.domain import access
from events.models import Guest

from ..domain import outbox
from ..domain.templates import save_template
from ..models import Message, MessageState, MessageTemplate, SelectionRun
from .serializers import (
    MessageRequestSerializer,
    MessageSerializer,
    MessageTemplateSerializer,
    PreviewSerializer,
    SelectionRunSerializer,
)


class MessageTemplateViewSet(EventScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                             mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """The event's own wording per kind of message (deleting one goes back to the shipped wording)."""

    serializer_class = MessageTemplateSerializer
    queryset = MessageTemplate.objects.none()
    read_right = access.VIEW_GUESTS
    write_right = access.CHANGE_EVENT
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    lookup_value_regex = r"[0-9]+"
    ordering_fields = ["id", "kind"]

    def get_queryset(self):
        if self.is_schema_generation:
            return MessageTemplate.objects.none()
        return MessageTemplate.objects.filter(event=self.event).order_by("kind")

    def perform_create(self, serializer):
        data = serializer.validated_data
        if MessageTemplate.objects.filter(event=self.event, kind=data["kind"]).exists():
            raise ValidationError({"kind": ["The event already has a template of this kind: change that one."]})
        serializer.instance = save_template(event=self.event, kind=data["kind"], texts=data["texts"], by=Actor.for_request(self.request))

    def perform_update(self, serializer):
        template, data = serializer.instance, serializer.validated_data
        kind = data.get("kind", template.kind)
        if kind != template.kind and MessageTemplate.objects.filter(event=self.event, kind=kind).exists():
            raise ValidationError({"kind": ["The event already has a template of this kind."]})
        serializer.instance = save_template(event=self.event, kind=kind, texts=data.get("texts", template.texts),
                                            template=template, by=Actor.for_request(self.request))


class MessageFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=MessageState.choices)
    kind = filters.CharFilter()
    guest = filters.NumberFilter(field_name="guest_id")
    run = filters.NumberFilter(field_name="run_id")

    class Meta:
        model = Message
        fields = ["state", "kind", "guest", "run"]


class MessageViewSet(EventScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The outbox: every message of the event with its state, attempts and last error. `POST` makes
    drafts for a selection (202 with the run's progress); `send/` queues a draft; `retry/` queues a
    failed message again (same Message-ID); `cancel/` a draft or queued one."""

    serializer_class = MessageSerializer
    queryset = Message.objects.none()
    read_right = access.VIEW_GUESTS
    write_right = access.CHANGE_GUESTS
    filterset_class = MessageFilter
    ordering_fields = ["id", "created_at", "state", "sent_at"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        if self.is_schema_generation:
            return Message.objects.none()
        return (Message.objects.filter(event=self.event).select_related("event")
                .prefetch_related("attachments__letter").order_by("-id"))

    @extend_schema(request=MessageRequestSerializer, responses={202: SelectionRunSerializer})
    def create(self, request, event_slug=None):
        serializer = MessageRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "visa" in data.get("letters", []) and not self.has(access.VIEW_PASSPORT):
            raise ValidationError({"letters": ["Visa letters carry passport data: your role lacks the right 'view_passport'."]})
        run = outbox.create_messages(event=self.event, kind=data["kind"], selection=data["selection"], texts=data.get("texts"),
                                     letters=data.get("letters", ()), deadline=data.get("deadline"), by=Actor.for_request(request))
        return Response(SelectionRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={200: PreviewSerializer})
    @action(detail=True, methods=["get"])
    def preview(self, request, event_slug=None, pk=None):
        return Response(PreviewSerializer(outbox.preview(self.get_object())).data)

    def _transition(self, operation):
        message = operation(self.get_object(), by=Actor.for_request(self.request))
        return Response(MessageSerializer(Message.objects.get(pk=message.pk)).data)

    @extend_schema(request=None, responses={200: MessageSerializer})
    @action(detail=True, methods=["post"])
    def send(self, request, event_slug=None, pk=None):
        return self._transition(outbox.queue_message)

    @extend_schema(request=None, responses={200: MessageSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request, event_slug=None, pk=None):
        return self._transition(outbox.retry_message)

    @extend_schema(request=None, responses={200: MessageSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, event_slug=None, pk=None):
        return self._transition(outbox.cancel_message)


class SelectionRunViewSet(EventScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The progress of each `POST messages/`, the guests it left out (`problems`: no_email,
    name_has_line_break); `send/` queues all its drafts."""

    serializer_class = SelectionRunSerializer
    queryset = SelectionRun.objects.none()
    read_right = access.VIEW_GUESTS
    write_right = access.CHANGE_GUESTS
    lookup_value_regex = r"[0-9]+"
    ordering_fields = ["id", "created_at"]

    def get_queryset(self):
        if self.is_schema_generation:
            return SelectionRun.objects.none()
        return SelectionRun.objects.filter(event=self.event).order_by("-id")

    @extend_schema(request=None, responses={200: SelectionRunSerializer})
    @action(detail=True, methods=["post"])
    def send(self, request, event_slug=None, pk=None):
        run = self.get_object()
        with transaction.atomic():
            for message in Message.objects.filter(run=run, state=MessageState.DRAFT).order_by("id"):
                outbox.queue_message(message, by=Actor.for_request(request))
        return Response(SelectionRunSerializer(run).data)


class GuestMessagesView(EventScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """One guest's communication history, newest first."""

    serializer_class = MessageSerializer
    queryset = Message.objects.none()
    read_right = access.VIEW_GUESTS
    ordering_fields = ["id", "created_at", "sent_at"]

    def get_queryset(self):
        if self.is_schema_generation:
            return Message.objects.none()
        guest = get_object_or_404(Guest, event=self.event, pk=self.kwargs["pk"])
        return Message.objects.filter(event=self.event, guest=guest).prefetch_related("attachments__letter").order_by("-id")
