"""Message templates: validation when saved, the texts a kind uses in an event, and the language of
each guest's message (the guest's, else the delegation's, else English — the first the texts have)."""
from django.core.exceptions import ValidationError
from django.db import transaction

from core.multilingual import CONTENT_LANGUAGE_CODES

from ..models import MessageKind, MessageTemplate
from .defaults import default_texts
from .placeholders import problems_in

MAX_SUBJECT = 300
MAX_BODY = 20_000
FALLBACK_LANGUAGE = "en"


def validate_texts(texts, *, field="texts") -> dict:
    """{language: {"subject", "body"}} checked: known languages, strings, lengths, no line break in a
    subject (it becomes a mail header), known placeholders only. Raises ValidationError naming
    `field` and the language."""
    if not isinstance(texts, dict) or not texts:
        raise ValidationError({field: ["An object {language: {subject, body}} with at least one language."]})
    errors, clean = [], {}
    for language, text in texts.items():
        if language not in CONTENT_LANGUAGE_CODES:
            errors.append(f"{language!r} is not a content language (en, zh-hans, ru, fr, ar, es…).")
            continue
        if not isinstance(text, dict) or set(text) - {"subject", "body"}:
            errors.append(f"{language}: an object with 'subject' and 'body'.")
            continue
        subject, body = text.get("subject", ""), text.get("body", "")
        if not isinstance(subject, str) or not isinstance(body, str):
            errors.append(f"{language}: subject and body are text.")
            continue
        if not subject.strip() or not body.strip():
            errors.append(f"{language}: subject and body may not be empty.")
        if len(subject) > MAX_SUBJECT or len(body) > MAX_BODY:
            errors.append(f"{language}: at most {MAX_SUBJECT} characters of subject and {MAX_BODY} of body.")
        if any(char in subject for char in "\r\n\x00") or "\x00" in body:
            errors.append(f"{language}: the subject may not contain a line break or NUL (it is a mail header).")
        for problem in problems_in(subject) + problems_in(body):
            errors.append(f"{language}: {problem}")
        clean[language] = {"subject": subject, "body": body}
    if errors:
        raise ValidationError({field: errors})
    return clean


@transaction.atomic
def save_template(*, event, kind, texts, template=None, by=None) -> MessageTemplate:
    """Create or replace the event's wording of `kind` (validated first; nothing saved on error)."""
    if kind not in MessageKind.values or kind == MessageKind.FREE_TEXT:
        raise ValidationError({"kind": [f"{kind!r} is not a template kind."]})
    texts = validate_texts(texts)
    if template is None:
        template, _ = MessageTemplate.objects.select_for_update().get_or_create(event=event, kind=kind)
    template.kind, template.texts = kind, texts
    template.save()
    return template


def texts_for(event, kind) -> dict:
    """The texts `kind` uses in `event`: its own template, else the shipped defaults."""
    own = MessageTemplate.objects.filter(event=event, kind=kind).values_list("texts", flat=True).first()
    return own or default_texts(kind)


def language_for(guest, available) -> str | None:
    """The guest's language, else their delegation's, else English — the first in `available`."""
    delegation_language = guest.delegation.language if guest.delegation_id else ""
    for language in (guest.language, delegation_language, FALLBACK_LANGUAGE):
        if language and language in available:
            return language
    return None
