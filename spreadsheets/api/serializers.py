import re

from rest_framework import serializers

from core.api.fields import EventRelatedField
from delegations.models import Delegation

from ..domain.headers import FIELDS
from ..domain.planning import CREATE, ERROR, UNCHANGED, UPDATE
from ..domain.reading import normalize_encoding
from ..models import GuestImport

COLUMN = re.compile(r"^[A-Z]{1,3}$")


class ImportCreateSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The guest list: an .xlsx workbook (first sheet) or a CSV file.")
    delegation = EventRelatedField(queryset=Delegation.objects.all(), required=False, allow_null=True,
                                   help_text="New guests join this delegation (its quota applies).")
    encoding = serializers.CharField(required=False, allow_blank=True, max_length=32,
                                     help_text="Of a CSV file, e.g. gb18030, utf-16, utf-8; detected when left out.")
    mapping = serializers.JSONField(
        required=False, binary=True,
        help_text='Column letter → guest field, overriding recognition ({"A": "family_name", "D": ""}; "" leaves '
                  "the column out). In a multipart form, a JSON text.",
    )

    def validate_encoding(self, value):
        if not value:
            return ""
        try:
            return normalize_encoding(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None

    def validate_mapping(self, value):
        return validate_mapping(value)


def validate_mapping(value):
    if value in (None, ""):
        return {}
    if not isinstance(value, dict) or len(value) > 200:
        raise serializers.ValidationError('Give an object of column letters and fields, e.g. {"A": "family_name"}.')
    for column, field in value.items():
        if not COLUMN.match(column):
            raise serializers.ValidationError(f"{column[:10]!r} is not a column letter (A, B, … AA).")
        if not isinstance(field, str) or (field and field not in FIELDS):
            raise serializers.ValidationError(f"{str(field)[:40]!r} is not a guest field; one of: {', '.join(FIELDS)}.")
    return value


class RemapSerializer(serializers.Serializer):
    mapping = serializers.JSONField(help_text='Column letter → guest field ({"A": "family_name", "D": ""}).')

    def validate_mapping(self, value):
        return validate_mapping(value)


class ProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="Row number in the sheet (1 = first row).")
    column = serializers.CharField(allow_null=True, help_text="Column letter, or null for the whole row or file.")
    message = serializers.CharField()


class MappingEntrySerializer(serializers.Serializer):
    column = serializers.CharField()
    header = serializers.CharField(allow_blank=True)
    field = serializers.CharField(allow_blank=True, help_text="The guest field the column fills; empty: left out.")
    given = serializers.BooleanField(help_text="Set by the mapping sent, not recognised from the header.")


class CountsSerializer(serializers.Serializer):
    create = serializers.IntegerField(default=0)
    update = serializers.IntegerField(default=0)
    unchanged = serializers.IntegerField(default=0)
    error = serializers.IntegerField(default=0)


class RowSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    action = serializers.ChoiceField(choices=[CREATE, UPDATE, UNCHANGED, ERROR])
    guest = serializers.IntegerField(allow_null=True, help_text="The existing guest the row matches.")
    changes = serializers.ListField(child=serializers.CharField(), help_text="Fields an update changes.")
    cells = serializers.DictField(child=serializers.JSONField(), help_text="Column letter → value read "
                                  "(passport numbers and dates of birth masked).")


class GuestImportSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="created_by.username", default=None, allow_null=True, read_only=True)
    committed_by = serializers.CharField(source="committed_by.username", default=None, allow_null=True, read_only=True)
    mapping = MappingEntrySerializer(many=True, read_only=True)
    counts = CountsSerializer(read_only=True)
    problems = ProblemSerializer(many=True, read_only=True)
    warnings = ProblemSerializer(many=True, read_only=True)
    can_commit = serializers.SerializerMethodField()
    file_kept = serializers.SerializerMethodField()

    class Meta:
        model = GuestImport
        fields = ["id", "status", "original_name", "file_kind", "file_size", "encoding", "delegation", "header_row",
                  "mapping", "total_rows", "processed_rows", "counts", "problems", "warnings", "error", "can_commit",
                  "file_kept", "uploaded_by", "created_at", "checked_at", "committed_by", "committed_at"]
        read_only_fields = fields

    def get_can_commit(self, obj) -> bool:
        return obj.status == "ready" and not obj.problems and bool(obj.file_name)

    def get_file_kept(self, obj) -> bool:
        return bool(obj.file_name)


class GuestImportDetailSerializer(GuestImportSerializer):
    rows = RowSerializer(many=True, read_only=True)

    class Meta(GuestImportSerializer.Meta):
        fields = [*GuestImportSerializer.Meta.fields, "rows"]
        read_only_fields = fields
