"""The gate check-in desk web page (/desk/)."""
urlpatterns = []
