"""Settings of the gunicorn server the check-in bench starts: the project's, plus bench/urls.py."""
from backend.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.urls"
