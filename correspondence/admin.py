"""The outbox, templates, mail settings and letters in the admin: scoped per event and right through
events/admin_scope.py; every change goes through the domain operations."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import NoAddOrDeleteAdmin
from core.errors import StateConflict
from events.admin_scope import EventScopedAdmin, event_action
from events.domain import access

from .domain import outbox
from .domain.letters import revoke_letter
from .domain.templates import save_template, validate_texts
from .models import EventMailSettings, Letter, Message, MessageKind, MessageTemplate
from .storage import mail_storage


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["event", "kind", "texts"]

    def clean_kind(self):
        if self.cleaned_data.get("kind") == MessageKind.FREE_TEXT:
            raise ValidationError(_("Free text has no template: write it when making the messages."))
        return self.cleaned_data.get("kind")

    def clean_texts(self):
        try:
            return validate_texts(self.cleaned_data.get("texts"))
        except ValidationError as error:
            raise ValidationError(error.message_dict["texts"]) from None


@admin.register(MessageTemplate)
class MessageTemplateAdmin(EventScopedAdmin):
    view_right = access.VIEW_GUESTS
    change_right = access.CHANGE_EVENT
    form = MessageTemplateForm
    list_display = ["kind", "event", "languages", "updated_at"]
    list_filter = ["event", "kind"]

    @admin.display(description=_("languages"))
    def languages(self, template):
        return ", ".join(template.texts)

    def save_model(self, request, obj, form, change):
        saved = save_template(event=obj.event, kind=obj.kind, texts=obj.texts, template=obj if change else None, by=request.user)
        obj.pk = saved.pk


@admin.register(EventMailSettings)
class EventMailSettingsAdmin(EventScopedAdmin):
    view_right = access.VIEW_EVENT
    change_right = access.CHANGE_EVENT
    list_display = ["event", "reply_to", "address"]


@admin.register(Message)
class MessageAdmin(NoAddOrDeleteAdmin, EventScopedAdmin):
    """The outbox: filter by state, preview, send drafts, retry failed messages, cancel; open the .eml
    of a message written to the file outbox (no EMAIL_URL). A message, failed or not, never disappears."""

    view_right = access.VIEW_GUESTS
    change_right = access.CHANGE_GUESTS
    list_display = ["id", "state", "kind", "recipient_email", "language", "subject", "attempts", "sent_at", "event"]
    list_filter = ["state", "kind", "language", "event"]
    search_fields = ["recipient_email", "recipient_name", "subject", "message_id"]
    fields = ["event", "guest", "kind", "state", "recipient_name", "recipient_email", "reply_to", "language", "subject",
              "preview", "body_text", "message_id", "attempts", "last_error", "next_attempt_at", "queued_at", "sent_at",
              "delivered_via", "eml", "created_by", "created_at"]
    readonly_fields = fields
    actions = ["send", "retry", "cancel"]

    @admin.display(description=_("preview"))
    def preview(self, message):
        html = outbox.preview(message)["body_html"]
        return format_html('<iframe sandbox="" srcdoc="{}" style="width:100%;height:18rem;border:1px solid #ccc"></iframe>', html)

    @admin.display(description=_("file"))
    def eml(self, message):
        if not message.delivered_via.startswith("file:"):
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("admin:correspondence_message_eml", args=[message.pk]), _("open .eml"))

    def get_urls(self):
        return [path("<int:pk>/eml/", self.admin_site.admin_view(self.eml_view), name="correspondence_message_eml"), *super().get_urls()]

    def eml_view(self, request, pk):
        message = get_object_or_404(self.get_queryset(request), pk=pk)
        if not message.delivered_via.startswith("file:"):
            raise Http404
        if not self.has_view_permission(request, message):
            raise PermissionDenied
        with mail_storage().open(message.delivered_via[5:], "rb") as handle:
            response = HttpResponse(handle.read(), content_type="message/rfc822")
        response["Content-Disposition"] = f'attachment; filename="message-{message.pk}.eml"'
        return response

    def _each(self, request, queryset, operation, done_text):
        done = 0
        for message in queryset.order_by("id"):
            try:
                with transaction.atomic():
                    operation(message, by=request.user)
                done += 1
            except StateConflict as refusal:
                self.message_user(request, f"{message.pk}: {refusal.detail}", messages.WARNING)
        self.message_user(request, f"{done_text}: {done}")

    @admin.action(description=_("Send the selected drafts"))
    def send(self, request, queryset):
        self._each(request, queryset, outbox.queue_message, _("Queued"))

    @admin.action(description=_("Retry the selected failed messages"))
    def retry(self, request, queryset):
        self._each(request, queryset, outbox.retry_message, _("Queued again"))

    @admin.action(description=_("Cancel the selected messages"))
    def cancel(self, request, queryset):
        self._each(request, queryset, outbox.cancel_message, _("Cancelled"))


@admin.register(Letter)
class LetterAdmin(NoAddOrDeleteAdmin, EventScopedAdmin):
    view_right = access.VIEW_GUESTS
    change_right = access.DECIDE_GUESTS
    list_display = ["reference", "kind", "guest", "initials", "nationality", "created_at", "revoked_at", "event"]
    list_filter = ["kind", "event"]
    search_fields = ["reference"]
    fields = ["event", "guest", "kind", "reference", "languages", "initials", "nationality", "visit_start", "visit_end",
              "created_by", "created_at", "revoked_at", "revoked_by", "revocation_reason"]
    readonly_fields = fields
    actions = ["revoke"]

    @event_action(right=access.DECIDE_GUESTS, description=_("Revoke the selected letters"))
    def revoke(self, request, queryset):
        for letter in queryset.filter(revoked_at__isnull=True):
            revoke_letter(letter, reason="revoked in the admin", by=request.user)
