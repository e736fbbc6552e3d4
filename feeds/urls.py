"""Public calendar subscription URLs (/ical/{token}.ics): no login, the token is the secret."""
urlpatterns = []
