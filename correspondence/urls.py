from django.urls import path

from . import views

urlpatterns = [path("letter/<str:code>", views.verify_letter, name="verify-letter")]
