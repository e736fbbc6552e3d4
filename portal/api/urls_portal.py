"""/api/v1/portal/: for a focal point's portal session."""
from django.urls import path

from . import views_portal as views

urlpatterns = [
    path("", views.OverviewView.as_view(), name="portal-api-overview"),
    path("members/", views.MembersView.as_view(), name="portal-api-members"),
    path("members/<int:guest_id>/", views.MemberView.as_view(), name="portal-api-member"),
    path("sign-in/<str:token>/", views.SignInView.as_view(), name="portal-api-sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="portal-api-sign-out"),
]
