import posixpath

from django.conf import settings
from django.contrib import admin
from django.core.files.storage import default_storage
from django.http import Http404
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.views import throttled_login
from backend.errors import bad_request, page_not_found, permission_denied, server_error
from core.downloads import stored_file_response
from events.api.views import GuestPhotoView
from events.domain.photos import PHOTO_DIR

admin.site.site_header = "Liaison"
admin.site.site_title = "Liaison"
admin.site.index_title = _("Protocol office")

urlpatterns = [
    path("admin/login/", throttled_login("accounts/admin_locked_out.html", admin.site.each_context)(admin.site.login)),
    path("admin/", admin.site.urls),
    path("api/v1/", include("backend.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("photos/<path:name>", GuestPhotoView.as_view(), name="guest-photo"),
    path("ical/", include("feeds.urls")),
    path("desk/", include("checkin.urls")),
    path("office/", include("office.urls")),
    path("portal/", include("portal.urls")),
    path("verify/", include("correspondence.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("backend.pages")),
]


def serve_public_media(request, path):
    """MEDIA_ROOT for single-host installs, except guest photos: personal data, see /photos/."""
    if posixpath.normpath(path).lstrip("/").split("/", 1)[0] == PHOTO_DIR:  # normalized as serve() does
        raise Http404
    if settings.OBJECT_STORAGE:  # in the bucket: streamed from there (or handed to the proxy)
        return stored_file_response(default_storage, posixpath.normpath(path).lstrip("/"))
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.DEBUG or settings.SERVE_MEDIA or settings.OBJECT_STORAGE:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_public_media)]

handler400 = bad_request
handler403 = permission_denied
handler404 = page_not_found
handler500 = server_error
