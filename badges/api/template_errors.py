import contextlib

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions


@contextlib.contextmanager
def template_errors():
    """A stored template that no longer validates is the template's problem (400), not a crash."""
    try:
        yield
    except DjangoValidationError as exc:
        raise exceptions.ValidationError({"template": ["The template is not valid: " + "; ".join(exc.messages)]}) from None
