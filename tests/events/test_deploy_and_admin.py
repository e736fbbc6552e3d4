import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import factories

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_production_values():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.settings",
        "DEBUG": "0",
        "SECRET_KEY": "k3J9-vQz7@wX2#pL8mN4!rT6^yB1*cF5(hD0)gS9_aE7+uI3oP5qW8zX1cV4bN7mA2sD6",
        "ALLOWED_HOSTS": "liaison.example.org",
        "FIELD_ENCRYPTION_KEY": "mZ0Zl4b2PZ8p7mX5rJ2v9q1y3u6w8e0t2r4y6u8i0o=",
        "LIAISON_REQUIRE_SECRETS": "1",
    }
    env.pop("LIAISON_TESTING", None)
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secrets():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "backend.settings", "LIAISON_REQUIRE_SECRETS": "1"}
    env.pop("SECRET_KEY", None)
    env.pop("FIELD_ENCRYPTION_KEY", None)
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
class TestAdmin:
    def staff(self, event, role):
        user = factories.make_member(event, role, is_staff=True)
        return user

    def test_guest_admin_search_in_cyrillic_and_chinese_and_scoping(self, client, event, other_event):
        factories.make_guest(event, native_name="Айдос Нұрланұлы", chinese_name="艾多斯")
        factories.make_guest(other_event, family_name="HIDDEN", native_name="Секрет")
        client.force_login(self.staff(event, "protocol"))
        page = client.get("/admin/events/guest/", {"q": "нұрлан"})
        assert page.status_code == 200
        html = page.content.decode()
        assert "Айдос Нұрланұлы" in html and "HIDDEN" not in html
        assert "1 guest" in html or "1 result" in html
        assert "艾多斯" in client.get("/admin/events/guest/", {"q": "艾多斯"}).content.decode()
        # The other event is invisible in the admin, too.
        assert other_event.slug not in client.get("/admin/events/event/").content.decode()

    def test_admin_masks_passport_for_registration_role(self, client, event):
        guest = factories.make_guest(event, passport_number="KZ7424363")
        client.force_login(self.staff(event, "registration"))
        html = client.get(f"/admin/events/guest/{guest.pk}/change/").content.decode()
        assert "KZ7424363" not in html and "••••4363" in html
        client.force_login(self.staff(event, "protocol"))
        assert "KZ7424363" in client.get(f"/admin/events/guest/{guest.pk}/change/").content.decode()

    def test_admin_approve_action(self, client, event):
        guests = [factories.make_guest(event, status="registered") for _ in range(2)]
        approved_already = factories.make_guest(event, status="approved")
        client.force_login(self.staff(event, "protocol"))
        response = client.post("/admin/events/guest/", {
            "action": "approve_selected", "_selected_action": [g.pk for g in guests] + [approved_already.pk],
        }, follow=True)
        assert response.status_code == 200
        assert "2 guests approved; 1 skipped" in response.content.decode()
        assert {g.status for g in type(guests[0]).objects.filter(pk__in=[g.pk for g in guests])} == {"approved"}

    def test_admin_speaks_chinese(self, client, event):
        client.force_login(self.staff(event, "protocol"))
        html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert "欢迎" in html  # Django's own admin strings
        assert "嘉宾" in html  # our own verbose names are translated


@pytest.mark.django_db
def test_healthz_answers_without_host_validation(client, settings):
    settings.ALLOWED_HOSTS = ["liaison.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_names_in_admin_lists_follow_the_users_language(event):
    from django.utils import translation

    venue = factories.make_venue(event, name={"en": "Conference Centre", "zh-hans": "国际会议中心"})
    event.name = {"en": "Test Forum", "zh-hans": "测试论坛", "ru": "Тестовый форум"}
    with translation.override("zh-hans"):
        assert (str(event), str(venue)) == ("测试论坛", "国际会议中心")
    with translation.override("en"):
        assert (str(event), str(venue)) == ("Test Forum", "Conference Centre")
    with translation.override("ru"):  # not an admin language: the text in Russian when there is one
        assert str(event) == "Тестовый форум" and str(venue) == "Conference Centre"
