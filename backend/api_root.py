from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request):
    return Response({
        "events": request.build_absolute_uri("events/"),
        "schema": request.build_absolute_uri("/api/schema/"),
        "docs": request.build_absolute_uri("/api/docs/"),
    })
