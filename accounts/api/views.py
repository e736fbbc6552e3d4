from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from accounts.domain import tokens
from accounts.models import ApiToken

from .serializers import ApiTokenSerializer, NewApiTokenSerializer


class ApiTokenViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin,
                      viewsets.GenericViewSet):
    """Your own API tokens. Creating one answers its key, once; DELETE revokes (the key stops
    working at once, the record stays in the list with `revoked_at`). Other users' tokens are 404."""

    serializer_class = ApiTokenSerializer
    queryset = ApiToken.objects.none()
    ordering_fields = ["created_at", "expires_at", "last_used_at"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return tokens.tokens_of(self.request.user)

    @extend_schema(responses={201: NewApiTokenSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = tokens.create_token(request.user, name=serializer.validated_data.get("name", ""),
                                         days=serializer.validated_data.get("expires_in_days"))
        token.key = key
        return Response(NewApiTokenSerializer(token).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, token):
        tokens.revoke_token(token)
