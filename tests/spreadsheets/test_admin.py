"""The admin: upload, a preview with each problem cell highlighted, commit — for members whose role
in the event may change guests."""
import io

import pytest
from django.test import Client

from events.models import Guest
from spreadsheets.models import GuestImport
from tests import factories

from .files import EN_HEADER, xlsx

pytestmark = pytest.mark.django_db


def _staff(event, role):
    user = factories.make_user(f"{role}-clerk", is_staff=True)
    factories.make_member(event, role, user=user)
    client = Client()
    client.force_login(user)
    return client


def _upload(client, event, content, capture):
    file = io.BytesIO(content)
    file.name = "list.xlsx"
    with capture(execute=True):
        return client.post("/admin/spreadsheets/guestimport/add/", {"event": event.pk, "upload": file, "encoding": "",
                                                                    "mapping": "", "delegation": ""})


def test_upload_preview_and_commit_in_the_admin(event, django_capture_on_commit_callbacks):
    client = _staff(event, "registration")
    rows = [EN_HEADER, ["ALIYEV", "Rashid", "", "Atlantis", "AZ1"], ["OK", "Fine", "", "哈萨克斯坦", "KZ3"]]
    response = _upload(client, event, xlsx(rows), django_capture_on_commit_callbacks)
    assert response.status_code == 302, response.content[:2000]
    bad = GuestImport.objects.get()
    page = client.get(f"/admin/spreadsheets/guestimport/{bad.pk}/change/").content.decode()
    assert 'style="background:#f28b82" title="Unknown country: Atlantis' in page
    assert 'name="_commit"' not in page  # nothing to commit while a problem remains

    fixed = [EN_HEADER, ["ALIYEV", "Rashid", "", "Azerbaijan", "AZ1"], ["OK", "Fine", "", "哈萨克斯坦", "KZ3"]]
    _upload(client, event, xlsx(fixed), django_capture_on_commit_callbacks)
    good = GuestImport.objects.exclude(pk=bad.pk).get()
    page = client.get(f"/admin/spreadsheets/guestimport/{good.pk}/change/").content.decode()
    assert 'name="_commit"' in page and "Atlantis" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/spreadsheets/guestimport/{good.pk}/change/", {"_commit": "Commit import"})
    good.refresh_from_db()
    assert good.status == "committed" and good.file_name == ""
    assert sorted(Guest.objects.values_list("family_name", "country")) == [("ALIYEV", "AZ"), ("OK", "KZ")]


def test_a_file_that_is_no_spreadsheet_is_a_form_error(event, django_capture_on_commit_callbacks):
    client = _staff(event, "manager")
    response = _upload(client, event, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, django_capture_on_commit_callbacks)
    assert response.status_code == 200 and "This is not a spreadsheet" in response.content.decode()
    assert not GuestImport.objects.exists()


def test_a_viewer_cannot_import(event, django_capture_on_commit_callbacks):
    response = _upload(_staff(event, "viewer"), event, xlsx([EN_HEADER]), django_capture_on_commit_callbacks)
    assert response.status_code == 403 and not GuestImport.objects.exists()
