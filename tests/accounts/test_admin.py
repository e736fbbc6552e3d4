"""The admin's list of API tokens: superusers only, never a key, revoke as an action."""
import pytest
from django.test import Client

from accounts.domain import tokens
from accounts.models import ApiToken
from tests import factories

pytestmark = pytest.mark.django_db


def admin_client(**flags):
    client = Client()
    client.force_login(factories.make_user(is_staff=True, **flags))
    return client


def test_superusers_list_and_revoke_tokens_and_never_see_a_key(db):
    token, key = tokens.create_token(factories.make_user(), name="lost scanner")
    client = admin_client(is_superuser=True)
    page = client.get("/admin/accounts/apitoken/")
    assert page.status_code == 200 and "lost scanner" in page.content.decode() and key not in page.content.decode()
    assert key not in client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    response = client.post("/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert response.status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_staff_who_are_not_superusers_do_not_see_tokens(db):
    tokens.create_token(factories.make_user())
    assert admin_client().get("/admin/accounts/apitoken/").status_code == 403
