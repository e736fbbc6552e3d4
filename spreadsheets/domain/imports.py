"""Guest imports: upload (stored, checked at once for being a spreadsheet at all, then handed to a
worker), the dry run the worker makes (check_import), the commit (all or nothing, through the events
domain's create_guest / update_guest and the delegations domain's add_member, so each guest's change
is announced and audited like any other edit), and the clean-up of files a day old."""
from __future__ import annotations

import datetime
import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit import domain as audit
from core.stored_files import delete_after_commit
from delegations.domain.membership import add_member
from events.domain.guests import create_guest, update_guest

from ..models import GuestImport, ImportStatus
from ..signals import import_committed, import_queued
from ..storage import import_storage
from .planning import CREATE, UNCHANGED, UPDATE, TooManyRows, plan_sheet
from .reading import UnreadableFile, open_sheet

logger = logging.getLogger(__name__)
KEEP_FILES_FOR = datetime.timedelta(days=1)
PROGRESS_EVERY = 250


class ImportRefused(Exception):
    """The upload cannot be taken (too large, not a spreadsheet); the message says why."""

    def __init__(self, message, *, code="invalid"):
        super().__init__(message)
        self.code = code


class NotCommittable(Exception):
    def __init__(self, message, *, code):
        super().__init__(message)
        self.code = code


def _send_after_commit(signal, **kwargs):
    transaction.on_commit(lambda: signal.send(sender=GuestImport, **kwargs), robust=True)


def check_upload(upload, *, encoding=""):
    """The kind of spreadsheet ("xlsx", "csv") an upload is; raises ImportRefused for a file too
    large or that is not a spreadsheet."""
    limit = settings.SPREADSHEET_IMPORT_MAX_BYTES
    if upload.size > limit:
        raise ImportRefused(_("The file is %(size).1f MB; at most %(limit).0f MB are accepted.")
                            % {"size": upload.size / 2**20, "limit": limit / 2**20}, code="too_large")
    upload.seek(0)
    try:
        sheet = open_sheet(upload, encoding=encoding)
    except UnreadableFile as exc:
        raise ImportRefused(str(exc)) from None
    upload.seek(0)
    return sheet.kind


def upload_import(event, upload, *, delegation=None, encoding="", mapping=None, by=None) -> GuestImport:
    """Store the uploaded file and queue its dry run. Raises ImportRefused for a file too large or
    that is not a spreadsheet (nothing is kept then)."""
    kind = check_upload(upload, encoding=encoding)
    storage = import_storage()
    name = storage.save(f"{event.pk}/{secrets.token_hex(16)}.{kind}", upload)
    try:
        with transaction.atomic():
            guest_import = GuestImport.objects.create(
                event=event, delegation=delegation, original_name=(getattr(upload, "name", "") or "")[:255],
                file_name=name, file_size=upload.size, file_kind=kind, encoding_override=encoding,
                mapping_override=mapping or {}, language=translation.get_language() or "", created_by=audit.signed_in_user(by),
            )
            audit.record(by, "import.uploaded", event=event, obj=guest_import, object_label=guest_import.original_name,
                         details={"bytes": upload.size, "kind": kind})
            _send_after_commit(import_queued, guest_import=guest_import)
    except BaseException:
        storage.delete(name)
        raise
    return guest_import


def remap_import(guest_import, mapping: dict, *, by=None) -> GuestImport:
    """Check the same file again with another column mapping."""
    with transaction.atomic():
        locked = GuestImport.objects.select_for_update().get(pk=guest_import.pk)
        if locked.status not in (ImportStatus.READY, ImportStatus.FAILED) or not locked.file_name:
            raise NotCommittable(_("Only a checked import whose file is still kept can be mapped again."),
                                 code="not_checked")
        GuestImport.objects.filter(pk=locked.pk).update(mapping_override=mapping, status=ImportStatus.QUEUED,
                                                        processed_rows=0)
        _send_after_commit(import_queued, guest_import=locked)
    guest_import.refresh_from_db()
    return guest_import


def _plan(guest_import, progress=None):
    with import_storage().open(guest_import.file_name, "rb") as handle:
        sheet = open_sheet(handle, encoding=guest_import.encoding_override)
        plan = plan_sheet(guest_import.event, sheet.rows, delegation=guest_import.delegation,
                          mapping_override=guest_import.mapping_override,
                          max_rows=settings.SPREADSHEET_IMPORT_MAX_ROWS, progress=progress)
    return sheet, plan


def check_import(import_id) -> None:
    """The dry run (the Celery task's body): reads the file, plans every row, stores the outcome."""
    guest_import = GuestImport.objects.select_related("event", "delegation").filter(pk=import_id).first()
    if guest_import is None or guest_import.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        return
    GuestImport.objects.filter(pk=import_id).update(status=ImportStatus.RUNNING, processed_rows=0)

    def progress(count):
        GuestImport.objects.filter(pk=import_id).update(processed_rows=count)

    with translation.override(guest_import.language or None):
        fields = _checked(guest_import, progress)
    GuestImport.objects.filter(pk=import_id).update(**fields)


def _checked(guest_import, progress) -> dict:
    """The dry run's outcome, as the import's fields."""
    fields = {"checked_at": timezone.now()}
    try:
        sheet, plan = _plan(guest_import, progress)
    except (UnreadableFile, TooManyRows, FileNotFoundError) as exc:
        message = str(exc)
        if isinstance(exc, TooManyRows):
            message = _("The sheet has more than %(limit)s rows; split it.") % {"limit": exc.args[0]}
        elif isinstance(exc, FileNotFoundError):
            message = _("The uploaded file is no longer kept; upload it again.")
        fields.update(status=ImportStatus.FAILED, error=message, rows=[],
                      problems=[{"row": None, "column": None, "message": message}],
                      counts={CREATE: 0, UPDATE: 0, UNCHANGED: 0, "error": 0})
        return fields
    columns = plan.columns()
    fields.update(
        status=ImportStatus.READY if plan.header_row else ImportStatus.FAILED, encoding=sheet.encoding,
        header_row=plan.header_row, mapping=plan.mapping, problems=plan.problems, warnings=plan.warnings,
        counts=plan.counts, rows=[row.preview(columns) for row in plan.rows], total_rows=len(plan.rows),
        processed_rows=len(plan.rows), plan_digest=plan.digest, error="",
    )
    return fields


@transaction.atomic
def commit_import(guest_import, *, by=None) -> GuestImport:
    """Apply a checked import, all or nothing, in one transaction. Raises NotCommittable when it has
    problems, is not checked, is already committed, or its plan no longer holds (guests changed)."""
    locked = GuestImport.objects.select_for_update(of=("self",)).select_related("event", "delegation").get(
        pk=guest_import.pk)
    if locked.status == ImportStatus.COMMITTED:
        raise NotCommittable(_("This import is already committed."), code="already_committed")
    if locked.status != ImportStatus.READY:
        raise NotCommittable(_("This import is not checked yet, or cannot be imported."), code="not_checked")
    if locked.problems:
        raise NotCommittable(_("Correct the %(count)s problem(s) in the file and upload it again; nothing was "
                               "imported.") % {"count": len(locked.problems)}, code="has_problems")
    try:
        _sheet, plan = _plan(locked)
    except (UnreadableFile, TooManyRows, FileNotFoundError):
        raise NotCommittable(_("The uploaded file is no longer kept; upload it again."), code="file_gone") from None
    if plan.problems or plan.digest != locked.plan_digest:
        raise NotCommittable(_("The guests changed since the check: check the import again before committing."),
                             code="stale")
    event, delegation = locked.event, locked.delegation
    for row in plan.rows:
        guest = row.guest
        if row.action == CREATE:
            guest = create_guest(event, row.values, by=by)
        elif row.action == UPDATE:
            changed = {name: row.values[name] for name in row.changes if name != "delegation"}
            if changed:
                guest = update_guest(guest, changed, by=by)
        if row.joins and row.action != UNCHANGED:
            add_member(delegation, guest, by=by)
    locked.status, locked.committed_at = ImportStatus.COMMITTED, timezone.now()
    locked.committed_by = audit.signed_in_user(by)
    delete_after_commit(import_storage(), locked.file_name)
    locked.file_name = ""
    locked.save(update_fields=["status", "committed_at", "committed_by", "file_name"])
    _send_after_commit(import_committed, guest_import=locked, by=by)
    return locked


def delete_imports(imports) -> None:
    """Imports removed (by the admin), their files with them once the deletion commits."""
    storage = import_storage()
    with transaction.atomic():
        for guest_import in imports:
            delete_after_commit(storage, guest_import.file_name)
            guest_import.delete()


def discard_stale_imports(now=None) -> int:
    """Files of imports uploaded more than a day ago and not committed are deleted; those imports
    expire. Returns how many."""
    cutoff = (now or timezone.now()) - KEEP_FILES_FOR
    stale = list(GuestImport.objects.filter(created_at__lt=cutoff).exclude(file_name="").values_list("pk", "file_name"))
    storage = import_storage()
    for pk, name in stale:
        with transaction.atomic():
            GuestImport.objects.filter(pk=pk).exclude(status=ImportStatus.COMMITTED).update(status=ImportStatus.EXPIRED)
            GuestImport.objects.filter(pk=pk).update(file_name="")
            delete_after_commit(storage, name)
    return len(stale)
