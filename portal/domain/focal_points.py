"""Focal points: named by the office (manage_delegations), invited by e-mail through the outbox,
re-invited with a fresh link, and told when the office writes to them."""
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from audit import domain as audit
from core.multilingual import localized
from correspondence.domain.outbox import queue_direct

from ..models import PORTAL_LANGUAGES, FocalPoint
from . import access

LANGUAGE_CODES = [code for code, _name in PORTAL_LANGUAGES]


def portal_language(code: str | None) -> str:
    code = (code or "").lower().replace("_", "-")
    if code in LANGUAGE_CODES:
        return code
    if code.startswith("zh"):
        return "zh-hans"
    return code.split("-")[0] if code.split("-")[0] in LANGUAGE_CODES else "en"


def link_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/portal/sign-in/{token}/"


_SIGN_IN_TOKEN = re.compile(r"(/portal/sign-in/)[A-Za-z0-9_-]{20,}(/)")
LINK_REMOVED = "…"


def forget_sent_link(message) -> bool:
    """Once an invitation has left (or was cancelled), the outbox keeps its text without the sign-in
    token: only the focal point's mailbox holds a usable link, not the office's outbox and admin."""
    if (message.context or {}).get("portal") != "invitation":
        return False
    text, html = (_SIGN_IN_TOKEN.sub(rf"\g<1>{LINK_REMOVED}\g<2>", body) for body in (message.body_text, message.body_html))
    if (text, html) == (message.body_text, message.body_html):
        return False
    type(message).objects.filter(pk=message.pk).update(body_text=text, body_html=html)
    message.body_text, message.body_html = text, html
    return True


def _invitation(focal_point: FocalPoint, url: str) -> tuple[str, str]:
    event = focal_point.event
    with translation.override(focal_point.language):
        name = localized(event.name, translation.get_language(), event.default_language)
        subject = _("Your sign-in link for %(event)s") % {"event": name}
        body = _(
            "Dear %(name)s,\n\nyou are the focal point of %(delegation)s for %(event)s. Nominate the members of "
            "your delegation in the portal:\n\n%(url)s\n\nThe link is yours alone and works once, for %(days)s days. "
            "Opening it shows a page with a button: press it to sign in. If the link has expired or was used, "
            "ask the protocol office for a new one by replying to this message."
        ) % {"name": focal_point.name, "delegation": focal_point.delegation.name, "event": name, "url": url,
             "days": access.link_days()}
    return subject, body


def send_invitation(focal_point: FocalPoint, *, base_url: str, by=None):
    """A new sign-in link, mailed through the outbox (earlier links keep working until they expire)."""
    with transaction.atomic():
        token = access.new_link(focal_point)
        subject, body = _invitation(focal_point, link_url(base_url, token))
        message = queue_direct(event=focal_point.event, recipient_email=focal_point.email, recipient_name=focal_point.name,
                               language=focal_point.language, subject=subject, body_text=body,
                               context={"portal": "invitation", "focal_point": focal_point.pk}, by=by)
        audit.record(by, "portal.invitation_sent", event=focal_point.event_id, obj=focal_point, object_label=str(focal_point),
                     details={"message": message.pk})
    return message


@transaction.atomic
def create_focal_point(delegation, values: dict, *, base_url: str, by=None) -> FocalPoint:
    values = {**values, "language": portal_language(values.get("language"))}
    if FocalPoint.objects.filter(delegation=delegation, email__iexact=values["email"]).exists():
        raise ValidationError({"email": ["This delegation already has a focal point with this e-mail address."]})
    focal_point = FocalPoint(event_id=delegation.event_id, delegation=delegation, created_by=audit.signed_in_user(by), **values)
    focal_point.full_clean(exclude=["created_by"])
    focal_point.save()
    audit.record(by, "portal.focal_point_created", event=delegation.event_id, obj=focal_point, object_label=str(focal_point),
                 changes=audit.created({**values, "delegation": delegation.pk}))
    send_invitation(focal_point, base_url=base_url, by=by)
    return focal_point


def write_to(focal_point: FocalPoint, *, subject: str, body: str, by=None):
    """A message from the office: e-mailed, and shown in the portal."""
    with transaction.atomic():
        message = queue_direct(event=focal_point.event, recipient_email=focal_point.email, recipient_name=focal_point.name,
                               language=focal_point.language, subject=subject, body_text=body,
                               context={"portal": "office", "focal_point": focal_point.pk}, by=by)
    return message
