"""Public calendar subscription URLs (/ical/{token}.ics): no login, the token is the secret.

Every path under /ical/ reaches the view, so that malformed tokens (any length, NUL, unicode,
path tricks) get exactly the same 404 as unknown and revoked ones."""
from django.urls import re_path

from . import views

app_name = "feeds"
urlpatterns = [re_path(r"^(?P<path>.*)\Z", views.feed, name="feed")]
