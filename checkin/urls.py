"""The gate check-in desk web page (/desk/)."""
from django.urls import path

from accounts.views import throttled_login

from . import views

desk = views.with_desk_csp
urlpatterns = [
    path("", desk(views.choose_event), name="checkin-desk"),
    path("login/", desk(throttled_login("checkin/locked_out.html")(views.DeskLoginView.as_view())),
         name="checkin-desk-login"),
    path("logout/", desk(views.DeskLogoutView.as_view()), name="checkin-desk-logout"),
    path("<slug:event_slug>/", desk(views.choose_checkpoint), name="checkin-desk-event"),
    path("<slug:event_slug>/<int:checkpoint_id>/", desk(views.scan_page), name="checkin-desk-scan"),
]
