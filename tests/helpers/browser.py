"""Debian's Chromium driven by Playwright, for the browser tests of the desk, the office and the portal."""
import contextlib
import shutil

from django.db import connections

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    return shutil.which("chromium") or "/usr/bin/chromium"


@contextlib.contextmanager
def chromium_page(monkeypatch, **context_options):
    """A page of a new headless Chromium context with these options (viewport, locale, time zone…)."""
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser.new_context(**context_options).new_page()
        finally:
            browser.close()
            close_orm_connections()


def close_orm_connections():
    # ORM calls made while Playwright's loop runs get their own connections (asgiref's context-local
    # storage): close them, or the test database cannot be dropped.
    connections.close_all()


def wait_until(page, expression, timeout_ms=30_000):
    """Poll a JavaScript expression with page.evaluate. (Playwright's wait_for_function evaluates a
    string with eval, which the pages' Content-Security-Policy rightly refuses.)"""
    for _ in range(timeout_ms // 50):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"still false after {timeout_ms} ms: {expression}")
