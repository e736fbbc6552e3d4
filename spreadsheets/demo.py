"""A demo guest list for the China–Central Asia forum, uploaded and checked but not committed, so
that the admin and the API show a dry run: an embassy's XLSX with Chinese headers, two new guests
and one already registered. Idempotent (keyed by its file name); does nothing without the forum."""
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from events.models import Event

from .domain import imports
from .models import GuestImport

FORUM = "china-central-asia-forum-2023"
FILE_NAME = "demo-embassy-list.xlsx"
ROWS = [
    ["中亚—中国论坛 蒙古国代表团名单"],
    ["姓", "名", "本国文字姓名", "国籍", "护照号码", "出生日期", "职务"],
    ["BATBAYAR", "Enkhjin", "Батбаярын Энхжин", "蒙古国", "E1234567", "14.03.1978", "Vice Minister"],
    ["TSEND", "Oyunaa", "Цэндийн Оюунаа", "Mongolia", "E7654321", "1985年6月2日", "Counsellor"],
]


def _workbook() -> bytes:
    workbook = openpyxl.Workbook()
    for row in ROWS:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def seed():
    forum = Event.objects.filter(slug=FORUM).first()
    if forum is None or GuestImport.objects.filter(event=forum, original_name=FILE_NAME).exists():
        return []
    with transaction.atomic():
        guest_import = imports.upload_import(forum, SimpleUploadedFile(FILE_NAME, _workbook()))
    imports.check_import(guest_import.pk)  # at once, whether or not a worker runs
    return [guest_import]
