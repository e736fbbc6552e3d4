"""Which column holds what: header cells in English, Chinese or Russian recognised as guest fields
(姓 / Фамилия → family_name, 护照号码 / Номер паспорта → passport_number …). The header row is the
first of the top rows where most cells are known words (a title row above it, merged across the
sheet, is skipped). A mapping given with the upload, by column letter, wins over recognition."""
from __future__ import annotations

import re
import unicodedata

from openpyxl.utils import column_index_from_string, get_column_letter

# Field → words that head its column (compared folded: case, spaces, punctuation and "*" ignored).
SYNONYMS = {
    "family_name": ["family name", "surname", "last name", "lastname", "family_name", "姓", "姓氏", "фамилия"],
    "given_name": ["given name", "given names", "first name", "firstname", "given_name", "名", "名字", "имя"],
    "native_name": ["native name", "name in native script", "native_name", "本国文字姓名", "母语姓名",
                    "имя на родном языке", "фио на родном языке"],
    "chinese_name": ["chinese name", "chinese_name", "中文名", "中文姓名", "中文名字", "имя на китайском",
                     "китайское имя"],
    "honorific": ["honorific", "title", "salutation", "称谓", "尊称", "обращение"],
    "country": ["country", "nationality", "citizenship", "国家", "国籍", "国别", "страна", "гражданство"],
    "category": ["category", "type", "类别", "身份类别", "категория"],
    "position": ["position", "job title", "post", "职务", "职位", "должность"],
    "organization": ["organization", "organisation", "institution", "agency", "单位", "工作单位", "机构",
                     "организация", "ведомство"],
    "language": ["language", "语言", "язык"],
    "email": ["email", "e-mail", "e mail", "mail", "电子邮件", "邮箱", "электронная почта", "эл почта"],
    "passport_number": ["passport number", "passport no", "passport", "passport_number", "护照号码", "护照号",
                        "护照", "номер паспорта", "паспорт", "№ паспорта"],
    "passport_expiry": ["passport expiry", "passport expiry date", "passport valid until", "date of expiry",
                        "passport_expiry", "护照有效期", "护照有效期至", "有效期至", "срок действия паспорта",
                        "паспорт действителен до"],
    "date_of_birth": ["date of birth", "birth date", "dob", "birthday", "date_of_birth", "出生日期", "生日",
                      "дата рождения"],
    "gender": ["gender", "sex", "性别", "пол"],
    "arrival_flight": ["arrival flight", "arrival_flight", "抵达航班", "到达航班", "рейс прибытия"],
    "arrival_time": ["arrival time", "arrival", "arrival_time", "抵达时间", "到达时间", "время прибытия", "прибытие"],
    "departure_flight": ["departure flight", "departure_flight", "离开航班", "离境航班", "出发航班", "рейс вылета",
                         "рейс отправления"],
    "departure_time": ["departure time", "departure", "departure_time", "离开时间", "离境时间", "出发时间",
                       "время вылета", "время отправления", "отъезд"],
    "dietary": ["dietary", "dietary requirements", "diet", "饮食", "饮食要求", "饮食禁忌", "питание",
                "особенности питания"],
    # Not "No." / 序号 / № п/п: a row counter, which every list restarts at 1, must never match guests.
    "external_ref": ["external ref", "external reference", "external_ref", "external id", "外部编号",
                     "внешний номер"],
    "internal_notes": ["notes", "remarks", "comment", "comments", "internal notes", "备注", "примечание",
                       "примечания"],
}
FIELDS = tuple(SYNONYMS)
HEADER_SEARCH_ROWS = 10


def fold_header(text) -> str:
    text = unicodedata.normalize("NFKC", str(text or "")).casefold()
    text = re.sub(r"[\s_*:：.。()（）\[\]/\\-]+", " ", text).strip()
    return text


WORDS = {fold_header(word): field for field, words in SYNONYMS.items() for word in words}


def recognise(header) -> str:
    """The field a header cell names, or ""."""
    folded = fold_header(header)
    if folded in WORDS:
        return WORDS[folded]
    # "Family name (as in passport)", "姓（拼音）": the words before a parenthesis or a line break.
    head = re.split(r"[(（\n]", unicodedata.normalize("NFKC", str(header or "")), maxsplit=1)[0]
    return WORDS.get(fold_header(head), "")


def header_score(row) -> int:
    return sum(1 for cell in row if cell is not None and recognise(cell))


def column_letter(index: int) -> str:
    return get_column_letter(index + 1)


def column_index(letter: str) -> int:
    return column_index_from_string(letter) - 1


def build_mapping(header, override: dict | None = None) -> list[dict]:
    """[{column, header, field}] for each column of the header row; `override` maps column letters
    to a field ("" leaves the column out)."""
    override = override or {}
    mapping = []
    for index, cell in enumerate(header):
        letter = column_letter(index)
        text = "" if cell is None else str(cell).strip()
        field = override[letter] if letter in override else recognise(text)
        mapping.append({"column": letter, "header": text, "field": field, "given": letter in override})
    for letter, field in override.items():
        if not any(entry["column"] == letter for entry in mapping):
            mapping.append({"column": letter, "header": "", "field": field, "given": True})
    return mapping
