"""What every server-rendered staff page (the check-in desk, the protocol office) sends with itself."""
import functools


def content_security_policy(*, img_src: str = "'self' data:") -> str:
    """Names on these pages are typed by guests and embassies: even if one ever slipped past escaping,
    no script but our own files may run, nothing may be sent elsewhere and no other site may frame the
    page. Inline style attributes stay allowed (the zones' and item kinds' validated colours)."""
    return "; ".join([
        "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", f"img-src {img_src}",
        "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ])


def with_policy(policy: str):
    """A view decorator that sends `policy` as the page's Content-Security-Policy."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.headers.setdefault("Content-Security-Policy", policy)
            return response

        return wrapped

    return decorate
