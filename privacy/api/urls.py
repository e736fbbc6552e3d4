from django.urls import path

from . import views

urlpatterns = [
    path("audit-log/", views.AuditLogView.as_view(), name="audit-log"),
    path("audit-log/csv/", views.AuditLogCsvView.as_view(), name="audit-log-csv"),
    path("retention/", views.RetentionView.as_view(), name="retention"),
    path("guests/<int:guest_id>/personal-data/", views.PersonalDataView.as_view(), name="guest-personal-data"),
]
