"""Login forms with failed attempts throttled (accounts.domain.throttle): the admin's and the desk's."""
import functools

from django.shortcuts import render

from .domain import throttle


def throttled_login(template_name, context=None):
    """Wraps a login view: a POST for a username or from an address that failed too often gets
    `template_name` with status 429 and Retry-After, without trying the password. Failures are
    counted by throttle.count_failed_login, whatever view called authenticate()."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                wait = throttle.login_wait(request, request.POST.get("username", ""))
                if wait:
                    page = {**(context(request) if context else {}), "retry_after_minutes": -(-wait // 60)}
                    response = render(request, template_name, page, status=429)
                    response["Retry-After"] = str(wait)
                    return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
