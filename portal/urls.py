"""The focal point's pages (/portal/)."""
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="portal-home"),
    path("sign-in/<str:token>/", views.sign_in, name="portal-sign-in"),
    path("sign-out/", views.sign_out, name="portal-sign-out"),
    path("language/", views.choose_language, name="portal-language"),
    path("members/new/", views.nominate, name="portal-nominate"),
    path("members/<int:guest_id>/", views.edit, name="portal-edit"),
    path("members/<int:guest_id>/withdraw/", views.withdraw, name="portal-withdraw"),
    path("members/<int:guest_id>/photo/", views.photo, name="portal-photo"),
]
