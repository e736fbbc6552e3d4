"""The protocol office's pages (/office/)."""
from django.urls import path, register_converter

from accounts.views import throttled_login

from . import views


class DayConverter:
    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value):
        return value  # checked against the event's days by the view (404 like a missing event)

    def to_url(self, value):
        return str(value)


register_converter(DayConverter, "day")
office = views.with_office_csp
urlpatterns = [
    path("", office(views.choose_event), name="office"),
    path("login/", office(throttled_login("office/locked_out.html")(views.OfficeLoginView.as_view())), name="office-login"),
    path("logout/", office(views.OfficeLogoutView.as_view()), name="office-logout"),
    path("<slug:event_slug>/", office(views.event_dashboard), name="office-event"),
    path("<slug:event_slug>/day/", office(views.today), name="office-today"),
    path("<slug:event_slug>/day/<day:day>/", office(views.day_board), name="office-day"),
    path("<slug:event_slug>/day/<day:day>/run-of-show.pdf", office(views.day_print), name="office-day-print"),
]
