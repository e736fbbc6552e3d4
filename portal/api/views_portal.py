"""/api/v1/portal/…: the focal point's own operations, for the portal session (the same domain
operations as the pages). Answers in the focal point's language (?lang= to choose another)."""
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ..domain import access, nominations, overview
from ..domain.errors import PortalRefusal
from ..forms import NominationForm
from ..web import clear_session_cookie, language_for, save_member, set_session_cookie
from .authentication import HasPortalSession, PortalSessionAuthentication, enforce_csrf

NOMINATION_DOC = "Multipart form: the fields of the portal's nomination form (family_name, given_name, native_name, " \
    "chinese_name, honorific, position, category, gender, date_of_birth, passport_number, passport_expiry, " \
    "passport_scan (file), photo (file), arrival_flight, departure_flight, dietary, email)."
MEMBER = OpenApiResponse(OpenApiTypes.OBJECT, description="A member: names, status, public_reason, masked passport data.")
REFUSED = OpenApiResponse(OpenApiTypes.OBJECT, description='{"detail": …, "code": "quota_exceeded" | "deadline_passed" | …}')


def refusal(error: PortalRefusal) -> Response:
    return Response({"detail": str(error.message), "code": error.code, **(
        {error.field: [str(error.message)]} if error.field != "detail" else {})}, status=error.status)


def form_errors(form) -> Response:
    return Response({field: [str(m) for m in messages] for field, messages in form.errors.items()}, status=400)


class PortalView(APIView):
    authentication_classes = [PortalSessionAuthentication]
    permission_classes = [HasPortalSession]
    parser_classes = [MultiPartParser, FormParser]

    @property
    def focal_point(self):
        return self.request.auth.focal_point

    def dispatch(self, request, *args, **kwargs):
        with translation.override("en"):
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        translation.activate(language_for(request, self.focal_point))

    def handle_exception(self, exc):
        if isinstance(exc, PortalRefusal):
            return refusal(exc)
        return super().handle_exception(exc)

    def save_member(self, guest=None, http_status=status.HTTP_200_OK):
        """The request's nomination form saved (a new member, or `guest` changed, where fields left out keep
        their values): the member, or the form's errors (400)."""
        data = self.request.data.copy() if guest is None else {**current_values(guest), **self.request.data.dict()}
        form = NominationForm(data, self.request.FILES, categories=nominations.categories_for(self.focal_point.delegation),
                              editing=guest is not None)
        member = save_member(self.focal_point, form, guest)
        if member is None:
            return form_errors(form)
        return Response(overview.member_data(member), status=http_status)


class OverviewView(PortalView):
    @extend_schema(summary="The focal point's delegation: members, itinerary, calendar feed, messages",
                   responses={200: OpenApiTypes.OBJECT}, tags=["portal"])
    def get(self, request):
        return Response(overview.overview(self.focal_point, translation.get_language()))


class MembersView(PortalView):
    @extend_schema(summary="The delegation's members", operation_id="portal_members_list", responses={200: OpenApiTypes.OBJECT}, tags=["portal"])
    def get(self, request):
        return Response({"results": overview.members(self.focal_point)})

    @extend_schema(summary="Nominate a member", description=NOMINATION_DOC, request={"multipart/form-data": OpenApiTypes.OBJECT},
                   responses={201: MEMBER, 400: OpenApiTypes.OBJECT, 409: REFUSED}, tags=["portal"])
    def post(self, request):
        nominations.refuse_nominating(self.focal_point.delegation)
        return self.save_member(http_status=status.HTTP_201_CREATED)


class MemberView(PortalView):
    @extend_schema(summary="One member", responses={200: MEMBER, 404: OpenApiTypes.OBJECT}, tags=["portal"])
    def get(self, request, guest_id):
        return Response(overview.member_data(nominations.member(self.focal_point, guest_id)))

    @extend_schema(summary="Change a member (an approved member whose name, passport or photo changes goes back to review)",
                   description=NOMINATION_DOC + " Fields left out keep their values; an empty passport_number keeps the number.",
                   request={"multipart/form-data": OpenApiTypes.OBJECT},
                   responses={200: MEMBER, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT, 409: REFUSED}, tags=["portal"])
    def patch(self, request, guest_id):
        guest = nominations.member(self.focal_point, guest_id)
        nominations.refuse_after_deadline(self.focal_point.delegation)
        return self.save_member(guest)

    @extend_schema(summary="Withdraw a member (frees the quota place at once)", responses={204: None, 409: REFUSED},
                   tags=["portal"])
    def delete(self, request, guest_id):
        nominations.withdraw(self.focal_point, nominations.member(self.focal_point, guest_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


def current_values(guest) -> dict:
    """The form's values of a stored guest (PATCH changes only what it sends; passport number and date of birth
    never echoed: left empty, they stay as they are)."""
    return {name: ("" if value is None else value.isoformat() if hasattr(value, "isoformat") else value)
            for name, value in NominationForm.shown_values(guest).items()}


SIGN_IN_STATE = inline_serializer("PortalLinkState", {"state": serializers.ChoiceField(
    choices=[access.VALID, access.USED, access.EXPIRED, access.UNKNOWN])})


class SignInView(APIView):
    """GET tells whether a link is usable and changes nothing (mail scanners open links); POST
    uses it once and sets the portal session cookie."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(summary="Whether a sign-in link is usable (consumes nothing)", responses={200: SIGN_IN_STATE}, tags=["portal"])
    def get(self, request, token):
        state, _link = access.inspect_link(token)
        return Response({"state": state})

    @extend_schema(summary="Sign in with a link (once); sets the portal session cookie", request=None,
                   responses={200: SIGN_IN_STATE, 410: SIGN_IN_STATE}, tags=["portal"])
    def post(self, request, token):
        enforce_csrf(request)
        state, _focal_point, key = access.consume_link(token)
        if key is None:
            return Response({"state": state}, status=status.HTTP_410_GONE)
        response = Response({"state": state})
        set_session_cookie(response, key)
        return response


class SignOutView(PortalView):
    @extend_schema(summary="End the portal session", request=None, responses={204: None}, tags=["portal"])
    def post(self, request):
        access.sign_out(request.auth)
        response = Response(status=status.HTTP_204_NO_CONTENT)
        clear_session_cookie(response)
        return response
