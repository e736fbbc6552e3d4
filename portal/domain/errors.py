from django.utils.translation import gettext_lazy as _


class PortalRefusal(Exception):
    """A portal rule said no: `status` (404, 409…), a `code` and a message in the active language."""

    def __init__(self, message, *, code, status=409, field="detail"):
        super().__init__(str(message))
        self.message, self.code, self.status, self.field = message, code, status, field


def not_found():
    return PortalRefusal(_("Not found."), code="not_found", status=404)
