"""manage.py move_files_to_storage [--dry-run] [--storage NAME …]

Copies an installation's files from its local folders (settings.LOCAL_STORAGES: MEDIA_ROOT,
BADGE_BATCH_ROOT, MAIL_ROOT, SPREADSHEET_IMPORT_ROOT) into the bucket that STORAGE_URL / S3_* name,
each into its named storage (so under that storage's prefix), under the same name. Each copy is read
back and compared by size and SHA-256. Run it again at will: a file already there, identical, is left
alone; one that differs is replaced. The local files are kept (delete them once the bucket is in use)."""
import hashlib
import os
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.files.storage import StorageHandler, storages
from django.core.management.base import BaseCommand, CommandError

# A storage that shares its local folder with another owns one sub-folder of it: guest photos live in
# MEDIA_ROOT/guest-photos (events.domain.photos.PHOTO_DIR), the rest of MEDIA_ROOT is "default".
SHARED_FOLDERS = {"guest_photos": "guest-photos"}
CHUNK = 1024 * 1024
OUTCOMES = ("copied", "replaced", "already there", "failed")


def digest_of(handle) -> tuple[int, str]:
    sha, size = hashlib.sha256(), 0
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        sha.update(chunk)
        size += len(chunk)
    return size, sha.hexdigest()


def local_names(name, source, local) -> list[str]:
    """The files of local storage `name`, as storage names (a/b.ext), leaving out sub-folders that
    another storage in the same folder owns."""
    root = Path(source.location)
    if not root.is_dir():
        return []
    if name in SHARED_FOLDERS:
        owned, skipped = SHARED_FOLDERS[name], set()
    else:
        owned = None
        skipped = {folder for other, folder in SHARED_FOLDERS.items()
                   if other in settings.LOCAL_STORAGES and Path(local[other].location) == root}
    names = []
    for directory, _dirs, files in os.walk(root):
        for file_name in files:
            relative = (Path(directory) / file_name).relative_to(root).as_posix()
            top = relative.split("/", 1)[0] if "/" in relative else None
            if (owned is not None and top != owned) or top in skipped:
                continue
            names.append(relative)
    return sorted(names)


class Command(BaseCommand):
    help = ("Copy the files of the local folders into the bucket of STORAGE_URL / S3_*, verifying each by size "
            "and SHA-256. Safe to run again.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be copied or replaced.")
        parser.add_argument("--storage", action="append", dest="names", metavar="NAME",
                            help="Only this named storage (repeatable): default, guest_photos, badge_sheets, …")

    def handle(self, *args, dry_run=False, names=None, **options):
        if not getattr(settings, "OBJECT_STORAGE", None):
            raise CommandError("STORAGE_URL / S3_BUCKET is not set: there is no bucket to copy the files to.")
        movable = [name for name in settings.LOCAL_STORAGES
                   if name != "staticfiles" and settings.STORAGES.get(name) != settings.LOCAL_STORAGES[name]]
        unknown = sorted(set(names or ()) - set(movable))
        if unknown:
            raise CommandError(f"Unknown storage {', '.join(unknown)} (known: {', '.join(movable)}).")
        local = StorageHandler(settings.LOCAL_STORAGES)
        totals = Counter()
        for name in names or movable:
            counts = Counter()
            source, target = local[name], storages[name]
            for file_name in local_names(name, source, local):
                outcome = self.copy(source, target, file_name, dry_run)
                counts[outcome] += 1
                if outcome == "failed":
                    self.stderr.write(f"{name}: {file_name}: not copied")
            totals.update(counts)
            self.stdout.write(f"{name} ({source.location} → {target.bucket_name}/{target.location}): {self.summary(counts, dry_run)}")
        self.stdout.write(f"Total: {self.summary(totals, dry_run)}")
        if totals["failed"]:
            raise CommandError(f"{totals['failed']} file(s) could not be copied and verified; run the command again.")

    def summary(self, counts, dry_run) -> str:
        labels = {"copied": "would copy", "replaced": "would replace"} if dry_run else {}
        return ", ".join(f"{counts[outcome]} {labels.get(outcome, outcome)}" for outcome in OUTCOMES)

    def copy(self, source, target, name, dry_run) -> str:
        try:
            with source.open(name, "rb") as handle:
                expected = digest_of(handle)
            there = target.exists(name)
            if there and self.stored(target, name) == expected:
                return "already there"
            if dry_run:
                return "replaced" if there else "copied"
            if there:
                target.delete(name)
            with source.open(name, "rb") as handle:
                saved = target.save(name, handle)
            if saved != name:
                target.delete(saved)
                return "failed"
            return ("replaced" if there else "copied") if self.stored(target, name) == expected else "failed"
        except OSError as exc:  # core.errors.StorageUnavailable included
            self.stderr.write(f"{name}: {exc}")
            return "failed"

    @staticmethod
    def stored(target, name) -> tuple[int, str]:
        with target.open(name, "rb") as handle:
            size, digest = digest_of(handle)
        return (size if size == target.size(name) else -1), digest
