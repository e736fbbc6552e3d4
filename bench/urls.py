"""The project's URLs plus one empty authenticated DRF endpoint: the yardstick of the check-in
bench (a scan's latency is compared with this one's, on the same server in the same run)."""
from django.urls import path
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.urls import urlpatterns as project_urlpatterns


class Empty(APIView):
    """Authenticated by the project's DRF settings (a token), answers {} and records nothing."""

    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({})

    def post(self, request):
        return Response({})


urlpatterns = [path("bench/empty/", Empty.as_view()), *project_urlpatterns]
