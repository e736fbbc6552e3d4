from django.shortcuts import redirect
from django.urls import path


def home(request):
    return redirect("/admin/")


urlpatterns = [path("", home, name="home")]
