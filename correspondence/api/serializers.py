from rest_framework import serializers

from core.api.serializers import ModelSerializer
from events.models.guest import GuestCategory, GuestStatus

from ..domain.outbox import LETTER_CHOICES
from ..models import Letter, LetterKind, Message, MessageAttachment, MessageKind, MessageTemplate, SelectionRun

MAX_ID = 2**63 - 1


class MessageTemplateSerializer(ModelSerializer):
    """An event's own wording of one kind of message: `texts` is {language: {subject, body}} with
    placeholders such as {guest.family_name} (unknown ones are refused, naming them)."""

    kind = serializers.ChoiceField(choices=MessageKind.choices, help_text="Any kind but free_text.")
    texts = serializers.JSONField()

    class Meta:
        model = MessageTemplate
        fields = ["id", "kind", "texts", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class MessageSelectionSerializer(serializers.Serializer):
    all = serializers.BooleanField(required=False, default=False)
    guests = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, max_length=20_000)
    delegation = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    categories = serializers.ListField(child=serializers.ChoiceField(choices=GuestCategory.choices), required=False, max_length=20)
    statuses = serializers.ListField(child=serializers.ChoiceField(choices=GuestStatus.choices), required=False, max_length=10)


class MessageRequestSerializer(serializers.Serializer):
    """Drafts for a selection of guests: a template `kind` (the event's wording, or the shipped one), or
    `free_text` with `texts` {language: {subject, body}}; `letters` to attach (made when sent)."""

    kind = serializers.ChoiceField(choices=MessageKind.choices)
    texts = serializers.JSONField(required=False)
    selection = MessageSelectionSerializer()
    letters = serializers.ListField(child=serializers.ChoiceField(choices=LETTER_CHOICES), required=False, max_length=2)
    deadline = serializers.DateField(required=False)


class SelectionRunSerializer(ModelSerializer):
    progress = serializers.SerializerMethodField()
    kind = serializers.SerializerMethodField()

    class Meta:
        model = SelectionRun
        fields = ["id", "kind", "status", "progress", "problems", "created_at"]

    def get_progress(self, run) -> dict[str, int]:
        return {"done": run.done, "total": run.total}

    def get_kind(self, run) -> str:
        return run.request.get("kind", "")


class AttachmentSerializer(ModelSerializer):
    letter_reference = serializers.CharField(source="letter.reference", default="", read_only=True)

    class Meta:
        model = MessageAttachment
        fields = ["id", "filename", "content_type", "size", "letter", "letter_reference"]


class MessageSerializer(ModelSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)
    reply_to = serializers.CharField(read_only=True, help_text="The event's reply-to address; empty: none.")

    class Meta:
        model = Message
        fields = ["id", "guest", "run", "kind", "language", "recipient_name", "recipient_email", "reply_to", "subject",
                  "body_text", "body_html", "letters", "attachments", "state", "message_id", "attempts", "last_error",
                  "next_attempt_at", "queued_at", "sent_at", "created_at", "updated_at"]
        read_only_fields = fields


class PreviewSerializer(serializers.Serializer):
    language = serializers.CharField()
    recipient = serializers.CharField(allow_blank=True)
    reply_to = serializers.CharField(allow_blank=True)
    subject = serializers.CharField(allow_blank=True)
    body_text = serializers.CharField(allow_blank=True)
    body_html = serializers.CharField(allow_blank=True)


class LetterSerializer(ModelSerializer):
    kind = serializers.ChoiceField(choices=LetterKind.choices)
    guest = serializers.IntegerField(source="guest_id", min_value=1, max_value=MAX_ID)
    revoked = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = ["id", "guest", "kind", "reference", "languages", "initials", "nationality", "visit_start", "visit_end",
                  "created_at", "revoked", "revoked_at", "revocation_reason", "verify_url"]
        read_only_fields = ["reference", "languages", "initials", "nationality", "visit_start", "visit_end", "created_at",
                            "revoked_at", "revocation_reason"]

    def get_revoked(self, letter) -> bool:
        return letter.revoked_at is not None

    def get_verify_url(self, letter) -> str:
        from ..domain.letters import letter_code, verify_url

        return verify_url(letter_code(letter))


class LetterRevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)
