"""Routes nested under /api/v1/events/{event_slug}/."""
from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("checkin/checkpoints", views.CheckpointViewSet, basename="checkin-checkpoint")
router.register("checkin/zones", views.ZonePolicyViewSet, basename="checkin-zone")

urlpatterns = [
    path("checkin/scan/", views.ScanView.as_view(), name="checkin-scan"),
    path("checkin/keys/", views.KeysView.as_view(), name="checkin-keys"),
    path("checkin/upload/", views.UploadView.as_view(), name="checkin-upload"),
    path("checkin/attendance/inside/", views.AttendanceView.as_view(report="inside"), name="checkin-inside"),
    path("checkin/attendance/inside.csv", views.AttendanceView.as_view(report="inside", as_csv=True),
         name="checkin-inside-csv"),
    path("checkin/attendance/hourly/", views.AttendanceView.as_view(report="hourly"), name="checkin-hourly"),
    path("checkin/attendance/hourly.csv", views.AttendanceView.as_view(report="hourly", as_csv=True),
         name="checkin-hourly-csv"),
    path("checkin/attendance/arrivals/", views.AttendanceView.as_view(report="arrivals"), name="checkin-arrivals"),
    path("checkin/attendance/arrivals.csv", views.AttendanceView.as_view(report="arrivals", as_csv=True),
         name="checkin-arrivals-csv"),
    *router.urls,
]
