"""Spreadsheets made in the tests: XLSX through openpyxl, CSV in any encoding."""
import csv
import io

import openpyxl

NAMES = [  # family name, given name, native name, country as written, passport
    ("НҰРЛАНҰЛЫ", "Айдос", "Айдос Нұрланұлы", "Kazakhstan", "KZ7424363"),
    ("王", "小明", "王小明", "中国", "E12345678"),
    ("العتيبي", "محمد", "محمد بن راشد العتيبي", "AE", "AE9988776"),
    ("សុខ", "ចាន់ដារ៉ា", "ចាន់ដារ៉ា សុខ", "柬埔寨", "KH1234567"),
]
ZH_HEADER = ["姓", "名", "本国文字姓名", "国籍", "护照号码"]
RU_HEADER = ["Фамилия", "Имя", "Имя на родном языке", "Страна", "Номер паспорта"]
EN_HEADER = ["Family name", "Given name", "Native name", "Country", "Passport number"]


def xlsx(rows, *, title_row=None, merge=None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title_row:
        sheet.append([title_row])
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8", delimiter=",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(client, event, content: bytes, name="guests.xlsx", **data):
    file = io.BytesIO(content)
    file.name = name
    return client.post(f"/api/v1/events/{event.slug}/imports/", {"file": file, **data}, format="multipart")
