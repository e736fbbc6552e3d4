"""The portal's pages with Django's test client: sign-in by link, nominate with a photo, refusals as pages."""
import datetime

import pytest
from django.test import Client
from django.utils import timezone

from events.models import Guest
from portal.models import DelegationPortal, SignInLink
from tests.portal.world import delegation_with_focal_point, last_link, nominee, photo

pytestmark = pytest.mark.django_db


def signed_in(point, **kwargs):
    client = Client(**kwargs)
    token = last_link(point)
    assert client.get(f"/portal/sign-in/{token}/").status_code == 200
    response = client.post(f"/portal/sign-in/{token}/")
    assert response.status_code == 302 and response["Location"] == "/portal/"
    return client


def test_sign_in_nominate_and_see_the_member(event):
    _delegation, point = delegation_with_focal_point(event, quota=1)
    client = signed_in(point)
    home = client.get("/portal/")
    assert home.status_code == 200 and "Delegation A" in home.content.decode()
    assert "img-src 'self' data: blob:" in home["Content-Security-Policy"]
    form = client.get("/portal/members/new/")
    assert form.status_code == 200 and 'for="id_family_name"' in form.content.decode()
    saved = client.post("/portal/members/new/", {**nominee(), "photo": photo()})
    assert saved.status_code == 302, saved.content.decode()[:3000]
    guest = Guest.objects.get()
    page = client.get("/portal/").content.decode()
    assert "VOLKOVA" in page and "••••4363" in page and "RU7424363" not in page
    assert client.get(f"/portal/members/{guest.pk}/photo/")["Content-Type"] == "image/jpeg"
    full = client.get("/portal/members/new/")
    assert full.status_code == 409 and "quota is 1" in full.content.decode()


def test_bad_input_shows_the_form_again_with_the_field_named(event):
    _delegation, point = delegation_with_focal_point(event)
    client = signed_in(point)
    response = client.post("/portal/members/new/", {**nominee(), "photo": photo(size=(300, 400))})
    assert response.status_code == 400 and "at least 600×800" in response.content.decode()
    assert not Guest.objects.exists()


def test_arabic_is_right_to_left_and_deadline_locks_the_pages(event):
    delegation, point = delegation_with_focal_point(event, language="ar")
    client = signed_in(point)
    assert 'dir="rtl"' in client.get("/portal/").content.decode()
    DelegationPortal.objects.create(delegation=delegation, nomination_deadline=timezone.now() - datetime.timedelta(hours=1))
    assert client.get("/portal/members/new/").status_code == 409
    switched = client.post("/portal/language/", {"language": "en", "next": "/portal/"})
    assert switched.status_code == 302
    page = client.get("/portal/").content.decode()
    assert 'dir="ltr"' in page and 'id="read-only"' in page


def test_the_sign_in_button_needs_the_csrf_token(event):
    _delegation, point = delegation_with_focal_point(event)
    client = Client(enforce_csrf_checks=True)
    token = last_link(point)
    assert client.post(f"/portal/sign-in/{token}/").status_code == 403
    assert SignInLink.objects.get().used_at is None
    page = client.get(f"/portal/sign-in/{token}/").content.decode()
    csrf = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert client.post(f"/portal/sign-in/{token}/", {"csrfmiddlewaretoken": csrf}).status_code == 302
    assert client.post(f"/portal/sign-in/{token}/", {"csrfmiddlewaretoken": csrf}).status_code == 410


def test_signed_out_pages_say_how_to_get_a_link(event):
    response = Client().get("/portal/members/new/")
    assert response.status_code == 401 and "reply to that e-mail" in response.content.decode()


def test_the_edit_form_never_shows_passport_data_again_and_empty_keeps_it(event):
    _delegation, point = delegation_with_focal_point(event)
    client = signed_in(point)
    assert client.post("/portal/members/new/", nominee()).status_code == 302
    guest = Guest.objects.get()
    form = client.get(f"/portal/members/{guest.pk}/").content.decode()
    assert "RU7424363" not in form and "1975-03-02" not in form and "••••4363" in form and "VOLKOVA" in form
    values = {**nominee(), "passport_number": "", "date_of_birth": "", "position": "Minister"}
    assert client.post(f"/portal/members/{guest.pk}/", values).status_code == 302
    guest.refresh_from_db()
    assert (guest.passport_number, guest.date_of_birth.isoformat(), guest.position) == ("RU7424363", "1975-03-02", "Minister")
