"""GET …/exports/{kind}.{xlsx|csv} (and the printable .pdf of the rooming list and the manifest):
the lists in the language asked for (`?lang=`), filtered by the query."""
from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.generics import GenericAPIView

from audit.domain import Actor
from events.api.scope import EventScopedMixin
from events.domain import access
from events.models import GuestCategory, GuestStatus

from ..domain import exports, logistics
from ..domain.tables import LANGUAGES
from ..interfaces.csv_file import write_csv
from ..interfaces.pdf_lists import write_pdf
from ..interfaces.xlsx import write_xlsx

MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "pdf": "application/pdf",
}
WRITERS = {"xlsx": write_xlsx, "csv": write_csv, "pdf": write_pdf}
MAX_ID = 2**63 - 1


class ExportQuery(serializers.Serializer):
    lang = serializers.ChoiceField(choices=LANGUAGES, required=False)


class GuestQuery(ExportQuery):
    columns = serializers.CharField(required=False, max_length=1000)
    status = serializers.ChoiceField(choices=GuestStatus.choices, required=False)
    category = serializers.ChoiceField(choices=GuestCategory.choices, required=False)
    delegation = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    country = serializers.RegexField(r"^[A-Za-z]{2}$", required=False)


class RoomingQuery(ExportQuery):
    hotel = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    date = serializers.DateField(required=False)


class ManifestQuery(ExportQuery):
    vehicle = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    date = serializers.DateField(required=False)


class FlightsQuery(ExportQuery):
    date = serializers.DateField(required=False)


LANG = OpenApiParameter("lang", str, enum=list(LANGUAGES), description="Language of headers and names "
                        "(default: the request's language when Chinese, else English).")
DATE = OpenApiParameter("date", OpenApiTypes.DATE, description="Only this day (for the rooming list: this night).")


def _id(name, what):
    return OpenApiParameter(name, int, description=f"Only this {what}.")


def _responses(*formats):
    return {(200, MEDIA[fmt]): OpenApiTypes.BINARY for fmt in formats}


class ExportView(EventScopedMixin, GenericAPIView):
    read_right = access.VIEW_GUESTS
    kind = ""
    fmt = "xlsx"
    query_class = ExportQuery

    def query(self):
        query = self.query_class(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = dict(query.validated_data)
        if "lang" not in data:
            data["lang"] = "zh-hans" if translation.get_language() in ("zh-hans", "zh-cn") else "en"
        return data

    def answer(self, table):
        body = WRITERS[self.fmt](table)
        content_type = MEDIA[self.fmt] + ("; charset=utf-8" if self.fmt == "csv" else "")
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.event.slug}-{self.kind}.{self.fmt}"'
        response["Cache-Control"] = "private, no-store"
        return response


class GuestExportView(ExportView):
    kind, query_class = "guests", GuestQuery

    @extend_schema(parameters=[
        LANG, OpenApiParameter("columns", str, description="Comma-separated columns, in order (default: names, "
                               "country, delegation, category, position, organization, status); passport_number and "
                               "date_of_birth need view_passport."),
        OpenApiParameter("status", str, enum=GuestStatus.values), OpenApiParameter("category", str, enum=GuestCategory.values),
        _id("delegation", "delegation"), OpenApiParameter("country", str, description="ISO code, e.g. KZ"),
    ], responses=_responses("xlsx", "csv"))
    def get(self, request, event_slug=None):
        query = self.query()
        names = [name.strip() for name in query.get("columns", "").split(",") if name.strip()]
        try:
            columns = exports.check_guest_columns(names, may_see_passport=self.has(access.VIEW_PASSPORT))
        except exports.ColumnsRefused as exc:
            if exc.code == "forbidden":
                raise exceptions.PermissionDenied(str(exc), code="insufficient_role") from None
            raise exceptions.ValidationError({"columns": [str(exc)]}) from None
        filters = {name: query[name] for name in ("status", "category") if name in query}
        if "delegation" in query:
            filters["delegation_id"] = query["delegation"]
        if "country" in query:
            filters["country"] = query["country"].upper()
        return self.answer(exports.guests_table(self.event, query["lang"], columns=columns, filters=filters,
                                                by=Actor.for_request(request)))


class DelegationExportView(ExportView):
    kind = "delegations"

    @extend_schema(parameters=[LANG], responses=_responses("xlsx", "csv"))
    def get(self, request, event_slug=None):
        return self.answer(exports.delegations_table(self.event, self.query()["lang"], by=Actor.for_request(request)))


class RoomingExportView(ExportView):
    kind, query_class = "rooming-list", RoomingQuery

    @extend_schema(parameters=[LANG, _id("hotel", "hotel"), DATE], responses=_responses("xlsx", "csv", "pdf"))
    def get(self, request, event_slug=None):
        query = self.query()
        return self.answer(logistics.rooming_table(self.event, query["lang"], hotel=query.get("hotel"),
                                                   night=query.get("date"), by=Actor.for_request(request)))


class ManifestExportView(ExportView):
    kind, query_class = "transport-manifest", ManifestQuery

    @extend_schema(parameters=[LANG, _id("vehicle", "vehicle"), DATE], responses=_responses("xlsx", "csv", "pdf"))
    def get(self, request, event_slug=None):
        query = self.query()
        return self.answer(logistics.manifest_table(self.event, query["lang"], vehicle=query.get("vehicle"),
                                                    day=query.get("date"), by=Actor.for_request(request)))


class FlightsExportView(ExportView):
    query_class = FlightsQuery

    @extend_schema(parameters=[LANG, DATE], responses=_responses("xlsx", "csv"))
    def get(self, request, event_slug=None):
        query = self.query()
        return self.answer(logistics.flights_table(self.event, query["lang"], self.kind, day=query.get("date"),
                                                   by=Actor.for_request(request)))
