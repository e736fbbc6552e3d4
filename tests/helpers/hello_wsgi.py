"""A WSGI app that answers every request with 200: for tests of gunicorn's own behaviour."""


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello"]
