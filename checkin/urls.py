"""The gate check-in desk web page (/desk/)."""
from django.urls import path

from . import views

urlpatterns = [
    path("", views.choose_event, name="checkin-desk"),
    path("login/", views.DeskLoginView.as_view(), name="checkin-desk-login"),
    path("logout/", views.DeskLogoutView.as_view(), name="checkin-desk-logout"),
    path("<slug:event_slug>/", views.choose_checkpoint, name="checkin-desk-event"),
    path("<slug:event_slug>/<int:checkpoint_id>/", views.scan_page, name="checkin-desk-scan"),
]
