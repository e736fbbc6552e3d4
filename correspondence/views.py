"""The public check of a letter, for consulates: /verify/letter/{code} (the URL in the letter's QR code).
It says whether the letter is genuine (signed with its event's key) and not revoked, and shows only the
reference, the guest's initials, nationality and the dates — never passport data or full names."""
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.countries import country_name
from core.multilingual import localized

from .domain.letters import check_code


@never_cache
@require_GET
def verify_letter(request, code):
    letter = check_code(code)
    if letter is None:
        return render(request, "correspondence/verify_letter.html", {"genuine": False}, status=404)
    language = translation.get_language() or "en"
    context = {
        "genuine": True, "revoked": letter.revoked_at is not None, "letter": letter,
        "kind": letter.get_kind_display(), "event_name": localized(letter.event.name, language, letter.event.default_language),
        "nationality": country_name(letter.nationality, language),
    }
    return render(request, "correspondence/verify_letter.html", context)
