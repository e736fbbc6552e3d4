from tests.correspondence.conftest import smtp_server  # noqa: F401  (the real SMTP server the invitations reach)
