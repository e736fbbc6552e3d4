import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
application = get_wsgi_application()

from backend.startup import require_writable_storage  # noqa: E402 - needs the settings configured above

require_writable_storage()  # a bucket that cannot be written stops the worker from booting, with the reason
