"""What the gate shows after a scan, in every language the desk speaks (gettext, checkin/locale)."""
import functools

from django.utils import translation
from django.utils.translation import npgettext_lazy, pgettext_lazy

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


def desk(message):
    return pgettext_lazy("check-in desk", message)


# The desk page's own words, beside the scan answers. %(name)s marks a value the page fills in.
DESK_FLAGS = {
    "revoked_after_scan": desk("badge revoked after the scan"),
    "superseded_after_scan": desk("badge replaced by a reprint after the scan"),
    "cancelled_after_scan": desk("guest cancelled after the scan"),
    "rejected_after_scan": desk("guest rejected after the scan"),
    "exit_recorded": desk("exit recorded"),
    "status_after_scan": desk("guest's status changed after the scan to: %(status)s"),
}
DESK_WORDS = {
    "not_verified": desk("Not verified"),
    "checking": desk("Checking…"),
    "no_answer": desk("no answer within %(seconds)s s"),
    "server_error": desk("server error"),
    "unreadable": desk("unreadable answer"),
    "network_down": desk("network down"),
    "request_refused": desk("Request refused"),
    "log_in_again": desk("Please log in again"),
    "online": desk("Online"),
    "offline": desk("Offline"),
    "offline_queued": desk("Offline: %(count)s scan(s) waiting to upload"),
    "queued": desk("%(count)s scan(s) waiting to upload"),
    "upload_refused": desk("Upload refused by the server; %(count)s scan(s) kept on this desk — tell the supervisor"),
    "upload_refused_login": desk("Upload refused: please log in again; %(count)s scan(s) kept on this desk — tell the supervisor"),
    "badge_number": desk("badge #%(number)s"),
    "desk_showed": desk("Desk showed:"),
    "server_said": desk("Server:"),
    "server_did_not_record": desk("Server did not record it:"),
    "more": desk("and %(count)s more"),
    "checked_offline": desk("Checked offline (%(why)s)"),
    "compare_photo": desk("Compare the badge photo with the face"),
    "saved_offline_verdict": desk("Offline: saved, will upload later"),
    "check_by_eye": desk("Not verified — check the badge by eye (%(why)s)"),
    "saved_offline": desk("Saved offline"),
    "desk_error": desk("Desk error: scan not saved"),
}


def _in_languages(message, languages) -> list:
    rendered = []
    for language in languages:
        with translation.override(language):
            rendered.append(str(message))
    return rendered


def desk_words(languages=("zh-hans", "en")) -> dict:
    """Everything the desk page writes, each in the page's languages side by side (for json_script)."""
    return {
        "results": {result: _in_languages(message, languages) for result, message in MESSAGES.items()},
        "flags": {flag: _in_languages(message, languages) for flag, message in DESK_FLAGS.items()},
        "words": {key: _in_languages(message, languages) for key, message in DESK_WORDS.items()},
    }


# The words of the desk's HTML pages (templates: `{% load desk %}`, `{% both "key" %}` writes the
# Chinese and the English side by side, `{% word "key" "zh-hans" %}` one of them).
PAGE_WORDS = {
    "desk": desk("Check-in desk"),
    "log_in": desk("Log in"),
    "log_out": desk("Log out"),
    "username": desk("Username"),
    "password": desk("Password"),
    "wrong_login": desk("Wrong username or password."),
    "too_many_logins": desk("Too many failed logins"),
    "try_again_later": desk("Try again later"),
    "try_again_in": npgettext_lazy("check-in desk", "Try again in %(minutes)s minute.",
                                   "Try again in %(minutes)s minutes.", "minutes"),
    "back_to_login": desk("Back to login"),
    "choose_event": desk("Choose the event"),
    "no_event": desk("You have the check-in role at no event."),
    "choose_gate": desk("Choose the gate"),
    "no_gate": desk("This event has no open gate."),
    "other_events": desk("Other events"),
    "direction": desk("Direction"),
    "entry": desk("Entry"),
    "exit": desk("Exit"),
    "change_gate": desk("Change gate"),
    "conflicts_title": desk("The server judged differently"),
    "conflicts_what": desk("These offline scans were judged otherwise by the server once uploaded. "
                           "Find and check these people now."),
    "acknowledge": desk("Acknowledge"),
    "scan_prompt": desk("Scan the badge's QR code"),
    "ready": desk("Ready to scan"),
    "no_photo": desk("No photo"),
    "recent_scans": desk("Recent scans"),
    "online": desk("Online"),
}


def page_word(key: str, language: str, **values) -> str:
    """One word of the desk's pages in one language, its %(name)s values filled in."""
    with translation.override(language):
        return PAGE_WORDS[key] % values if values else str(PAGE_WORDS[key])
