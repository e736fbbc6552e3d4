"""Secrets that travel in URLs — calendar feed tokens, /ical/{token}.ics — never reach a log: this
filter cuts them out of every record the console handler writes (Django logs "Not Found: /ical/…"
for a revoked token), and backend.gunicorn_logger does the same for the access log."""
import logging
import re

SECRET_IN_URL = re.compile(r"(/ical/)[^/?#\s\"'<>]+")
REDACTED = "…"


def redact(text: str) -> str:
    return SECRET_IN_URL.sub(r"\g<1>" + REDACTED, text)


class RedactSecretsFilter(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
