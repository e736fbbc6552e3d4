import pytest

from .files import upload


@pytest.fixture
def checked(django_capture_on_commit_callbacks):
    """checked(client, event, content, name=…, **data) → the import as the API shows it once its dry
    run has run (in-process: the task is eager, started when the upload commits)."""

    def run(client, event, content, name="guests.xlsx", **data):
        with django_capture_on_commit_callbacks(execute=True):
            answer = upload(client, event, content, name, **data)
        if answer.status_code != 202:
            return answer
        detail = client.get(f"/api/v1/events/{event.slug}/imports/{answer.json()['id']}/")
        detail.status_code = 202  # what the upload answered
        return detail

    return run


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def run(client, event, body):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/api/v1/events/{event.slug}/imports/{body['id']}/commit/")

    return run
