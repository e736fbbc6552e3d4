import json

import pytest

from audit.models import AuditEntry

PASSPORT = "E12345678"
BIRTH = "1961-07-04"


def entries(**filters):
    return list(AuditEntry.objects.filter(**filters).order_by("id"))


def only_entry(**filters):
    found = entries(**filters)
    assert len(found) == 1, [(e.action, e.object_label) for e in found]
    return found[0]


def trail_text() -> str:
    """Everything the trail holds, as one text."""
    return json.dumps(list(AuditEntry.objects.values()), default=str, ensure_ascii=False)


@pytest.fixture
def passport_guest(event):
    from tests import factories

    return factories.make_guest(event, status="registered", passport_number=PASSPORT, date_of_birth=BIRTH,
                                given_name="Amina", family_name="Diallo")
