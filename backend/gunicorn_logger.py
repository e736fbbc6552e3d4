"""gunicorn's logger with the access log's request line, path, query and referer free of secrets
(see backend.log_redaction). Used by the docker image: --logger-class backend.gunicorn_logger.RedactingLogger."""
from gunicorn.glogging import Logger

from .log_redaction import redact

HIDDEN_HEADERS = ("{authorization}i", "{cookie}i", "{set-cookie}o")


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str):
                atoms[key] = "-" if key in HIDDEN_HEADERS else redact(value)
        return atoms
