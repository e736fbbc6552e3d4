"""What the gate shows after a scan, in every language the desk speaks (gettext, checkin/locale)."""
import functools

from django.utils import translation
from django.utils.translation import pgettext_lazy

from checkin.models import Direction, ScanResult

R = ScanResult
LANGUAGES = ("en", "zh-hans")

# The context keeps these gate words apart from the same English words elsewhere (e.g. a result's
# label in the admin), which the project catalog translates differently.
MESSAGES = {
    R.OK: pgettext_lazy("scan answer", "OK — welcome"),
    R.ALREADY_INSIDE: pgettext_lazy("scan answer", "Already inside"),
    R.REVOKED: pgettext_lazy("scan answer", "Badge revoked"),
    R.SUPERSEDED: pgettext_lazy("scan answer", "Old badge — replaced by a reprint"),
    R.INVALID: pgettext_lazy("scan answer", "Invalid code"),
    R.WRONG_EVENT: pgettext_lazy("scan answer", "Badge of another event"),
    R.ZONE_DENIED: pgettext_lazy("scan answer", "No access to this area"),
    R.NOT_YET_VALID: pgettext_lazy("scan answer", "Badge not yet valid"),
    R.EXPIRED: pgettext_lazy("scan answer", "Badge expired"),
    R.NOT_APPROVED: pgettext_lazy("scan answer", "Guest not approved (cancelled or rejected)"),
}
EXIT_MESSAGE = pgettext_lazy("scan answer", "Exit recorded — goodbye")


@functools.lru_cache(maxsize=32)  # the catalogs are fixed for the life of the process
def scan_message(result: str, direction: str) -> dict:
    """The message for a scan's result, by language code."""
    message = EXIT_MESSAGE if result == R.OK and direction == Direction.EXIT else MESSAGES[result]
    rendered = {}
    for language in LANGUAGES:
        with translation.override(language):
            rendered[language] = str(message)
    return rendered
