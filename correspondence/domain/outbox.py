"""The outbox: drafts made for a selection of guests, rendered from the record, queued, cancelled,
retried. Each operation is one function, in a transaction, announced once it has committed.

States: draft → queued → sending → sent | failed; draft | queued → cancelled; failed → queued (retry,
same Message-ID). A draft re-renders (template, guest record, language) until it is queued; queuing
fixes its subject, bodies and Message-ID for good."""
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import make_msgid
from django.db import transaction
from django.utils import timezone

from audit import domain as audit
from core.errors import StateConflict
from events.models import Guest

from ..models import EventMailSettings, Message, MessageKind, MessageState, SelectionRun
from ..signals import message_queued, message_state_changed, run_started
from .placeholders import format_date, substitute, text_to_html, used_in, values_for
from .templates import language_for, texts_for, validate_texts

MAX_RECIPIENTS = 20_000
INLINE_DRAFTS = 200  # selections up to this size get their drafts in the request itself
CHUNK = 200
LETTER_CHOICES = ("invitation", "visa")
# Messages never show these: not loaded (passport fields would be decrypted row by row).
UNUSED_GUEST_FIELDS = ("passport_number", "date_of_birth", "passport_index", "search_text", "internal_notes", "dietary")
_BREAKS = str.maketrans({"\r": " ", "\n": " ", "\x00": ""})


def _announce(signal, **kwargs):
    transaction.on_commit(lambda: signal.send(sender=Message, **kwargs))


def _set_state(message, new, **fields):
    old = message.state
    message.state = new
    for name, value in fields.items():
        setattr(message, name, value)
    message.save()
    if old != new:
        _announce(message_state_changed, message=message, old=old, new=new)


# --- Selection ---------------------------------------------------------------------------------------
def select_guests(event, selection: dict) -> list:
    """The guests of `event` matching every given criterion: guests (ids), delegation, categories,
    statuses; {"all": true} for every guest. Ids of no guest of this event are an error naming them."""
    guests = Guest.objects.filter(event=event).select_related("event", "delegation").defer(*UNUSED_GUEST_FIELDS)
    if not any(selection.get(key) for key in ("all", "guests", "categories", "statuses")) and selection.get("delegation") is None:
        raise ValidationError({"selection": ["Choose guests, a delegation, categories, statuses or all."]})
    if selection.get("guests"):
        wanted = list(dict.fromkeys(selection["guests"]))
        known = set(guests.filter(pk__in=wanted).values_list("pk", flat=True))
        unknown = [pk for pk in wanted if pk not in known]
        if unknown:
            raise ValidationError({"selection": [f"Not found in this event: {', '.join(map(str, unknown[:20]))}."]})
        guests = guests.filter(pk__in=wanted)
    if selection.get("delegation") is not None:
        guests = guests.filter(delegation_id=selection["delegation"])
    if selection.get("categories"):
        guests = guests.filter(category__in=selection["categories"])
    if selection.get("statuses"):
        guests = guests.filter(status__in=selection["statuses"])
    result = list(guests.order_by("delegation__name", "family_name", "given_name", "id")[:MAX_RECIPIENTS + 1])
    if len(result) > MAX_RECIPIENTS:
        raise ValidationError({"selection": [f"At most {MAX_RECIPIENTS} guests at once; narrow the selection."]})
    if not result:
        raise ValidationError({"selection": ["No guest matches this selection."]})
    return result


def _texts_of(event, kind, source):
    return source if kind == MessageKind.FREE_TEXT else texts_for(event, kind)


def _problem(guest) -> str | None:
    if not guest.email:
        return "no_email"
    if any(char in value for value in (guest.family_name, guest.given_name, guest.honorific) for char in "\r\n"):
        return "name_has_line_break"
    return None


# --- Drafts ------------------------------------------------------------------------------------------
def create_messages(*, event, kind, selection, texts=None, letters=(), deadline=None, by=None) -> SelectionRun:
    """Drafts for the selected guests (a SelectionRun with progress). Checks first, so that nothing
    is made when anything is wrong: the kind and its texts, the letters, and that every selected
    guest has a language the texts are written in (ValidationError naming the guests). Guests without
    an e-mail address are listed in the run's problems, not drafted. Large selections are drafted by
    a worker (run_started)."""
    if kind not in MessageKind.values:
        raise ValidationError({"kind": [f"{kind!r} is not a message kind."]})
    source = validate_texts(texts or {}) if kind == MessageKind.FREE_TEXT else {}
    if texts and kind != MessageKind.FREE_TEXT:
        raise ValidationError({"texts": ["Texts are given only for free text; other kinds use the event's template."]})
    letters = list(dict.fromkeys(letters or ()))
    if any(letter not in LETTER_CHOICES for letter in letters):
        raise ValidationError({"letters": [f"Letters are among {', '.join(LETTER_CHOICES)}."]})
    guests = select_guests(event, selection)
    available = _texts_of(event, kind, source)
    missing = [guest for guest in guests if _problem(guest) is None and language_for(guest, available) is None]
    if missing:
        names = ", ".join(f"{g.pk} {g.family_name} ({g.language})" for g in missing[:20])
        raise ValidationError({"texts": [f"No text in a language these guests read (theirs, their delegation's or English): {names}."]})
    context = {"deadline": deadline.isoformat() if deadline else ""}
    with transaction.atomic():
        run = SelectionRun.objects.create(
            event=event, guest_ids=[g.pk for g in guests], total=len(guests),
            request={"kind": kind, "source": source, "letters": letters, "context": context},
            created_by=audit.signed_in_user(by),
        )
        if len(guests) <= INLINE_DRAFTS:
            _draft(run, guests)
        else:
            transaction.on_commit(lambda: run_started.send(sender=Message, run=run))
    return run


def build_drafts(run_id) -> None:
    """The drafts of a large run, chunk by chunk (safe to run again: guests already drafted are skipped)."""
    run = SelectionRun.objects.select_related("event").get(pk=run_id)
    for start in range(0, len(run.guest_ids), CHUNK):
        ids = run.guest_ids[start:start + CHUNK]
        with transaction.atomic():
            done = set(Message.objects.filter(run=run, guest_id__in=ids).values_list("guest_id", flat=True))
            guests = Guest.objects.filter(event=run.event, pk__in=ids).exclude(pk__in=done).select_related("event", "delegation").defer(
                *UNUSED_GUEST_FIELDS)
            _draft(run, list(guests), finish=start + CHUNK >= len(run.guest_ids))


def _draft(run, guests, finish=True):
    request = run.request
    messages, problems = [], []
    shared = _Shared(run.event, request["kind"], request["source"])
    for guest in guests:
        problem = _problem(guest)
        if problem:
            problems.append({"guest_id": guest.pk, "name": guest.family_name, "reason": problem})
            continue
        message = Message(event=run.event, guest=guest, run=run, kind=request["kind"], source=request["source"],
                          letters=request["letters"], context=request["context"], created_by=run.created_by)
        _render(message, guest, shared)
        messages.append(message)
    Message.objects.bulk_create(messages)
    SelectionRun.objects.filter(pk=run.pk).update(done=run.done + len(guests))
    run.done += len(guests)
    run.problems = run.problems + problems
    if finish:
        run.status = SelectionRun.Status.DONE
    run.save(update_fields=["done", "problems", "status"])


class _Shared:
    """What every message of one kind in one event shares: read once per batch of drafts."""

    def __init__(self, event, kind, source):
        self.texts = _texts_of(event, kind, source)
        self.used = used_in(*(part for text in self.texts.values() for part in text.values()))
        mail_settings = EventMailSettings.objects.filter(event=event).first()
        self.reply_to = mail_settings.reply_to if mail_settings else ""


def _render(message, guest, shared=None) -> None:
    """Subject and bodies from the texts and the guest record, in the guest's language."""
    shared = shared or _Shared(guest.event, message.kind, message.source)
    texts = shared.texts
    language = language_for(guest, texts) or "en"
    context = dict(message.context)
    if context.get("deadline"):
        context["deadline_text"] = format_date(datetime.date.fromisoformat(context["deadline"]), language)
    values = values_for(guest, language, context, shared.used)
    text = texts[language]
    message.language = language
    message.recipient_email = guest.email
    message.recipient_name = " ".join(p for p in (guest.given_name, guest.family_name) if p).translate(_BREAKS)
    message.reply_to = shared.reply_to
    message.subject = substitute(text["subject"], {k: v.translate(_BREAKS) for k, v in values.items()})[:400]
    message.body_text = substitute(text["body"], values)
    message.body_html = text_to_html(substitute(text["body"], values, escape=True), language)


def rerender(message) -> Message:
    """A draft brought up to date with its template and guest (what preview shows)."""
    if message.state == MessageState.DRAFT and message.guest_id:
        guest = Guest.objects.select_related("event", "delegation").get(pk=message.guest_id)
        _render(message, guest)
    return message


# --- Transitions -------------------------------------------------------------------------------------
def _locked(message) -> Message:
    return Message.objects.select_for_update().select_related("event").get(pk=message.pk)


def _conflict(message, action):
    return StateConflict(f"A {message.state} message cannot be {action}.", code="illegal_transition")


def message_id_domain() -> str:
    sender = settings.DEFAULT_FROM_EMAIL
    return sender.rsplit("@", 1)[-1].strip("> ") or "liaison.localhost"


def queue_message(message, *, by=None) -> Message:
    """draft → queued: rendered one last time, the Message-ID fixed, handed to the mail queue."""
    with transaction.atomic():
        message = _locked(message)
        if message.state != MessageState.DRAFT:
            raise _conflict(message, "sent")
        guest = Guest.objects.select_related("event", "delegation").filter(pk=message.guest_id).first()
        if guest is None or not guest.email:
            raise StateConflict("The guest has no e-mail address (any more).", code="no_email")
        _render(message, guest)
        _set_state(message, MessageState.QUEUED, message_id=make_msgid(domain=message_id_domain()),
                   queued_at=timezone.now(), next_attempt_at=None)
        _announce(message_queued, message=message, countdown=0)
        _record(by, "message.queued", message)
    return message


def _record(by, action, message):
    audit.record(by, action, event=message.event_id, obj=message, guest_id=message.guest_id,
                 object_label=f"{message.kind} → {message.recipient_email}"[:200])


def cancel_message(message, *, by=None) -> Message:
    with transaction.atomic():
        message = _locked(message)
        if message.state not in (MessageState.DRAFT, MessageState.QUEUED):
            raise _conflict(message, "cancelled")
        _set_state(message, MessageState.CANCELLED)
        _record(by, "message.cancelled", message)
    return message


def retry_message(message, *, by=None) -> Message:
    """failed → queued, with the same Message-ID (a receiving server that got it once can tell)."""
    with transaction.atomic():
        message = _locked(message)
        if message.state != MessageState.FAILED:
            raise _conflict(message, "retried")
        _set_state(message, MessageState.QUEUED, attempts=0, next_attempt_at=None, handed_over_at=None)
        _announce(message_queued, message=message, countdown=0)
        _record(by, "message.retried", message)
    return message


def preview(message) -> dict:
    message = rerender(message)
    return {"language": message.language, "subject": message.subject, "body_text": message.body_text,
            "body_html": message.body_html, "recipient": message.recipient_email, "reply_to": message.reply_to}


def queue_direct(*, event, recipient_email, recipient_name, language, subject, body_text, context=None, by=None) -> Message:
    """A message to someone who is not a guest (a delegation's focal point), written by the caller,
    queued at once (free text, no template, no guest record to render from)."""
    reply_to = EventMailSettings.objects.filter(event=event).values_list("reply_to", flat=True).first() or ""
    with transaction.atomic():
        message = Message.objects.create(
            event=event, kind=MessageKind.FREE_TEXT, context=context or {}, recipient_email=recipient_email,
            recipient_name=recipient_name.translate(_BREAKS)[:400], reply_to=reply_to, language=language,
            subject=subject.translate(_BREAKS)[:400], body_text=body_text,
            body_html=text_to_html(substitute(body_text.replace("{", "{{").replace("}", "}}"), {}, escape=True), language),
            state=MessageState.QUEUED, message_id=make_msgid(domain=message_id_domain()), queued_at=timezone.now(),
            created_by=audit.signed_in_user(by),
        )
        _announce(message_queued, message=message, countdown=0)
        _record(by, "message.queued", message)
    return message
