"""Where files live: local folders (nothing set), or an S3-compatible bucket when STORAGE_URL or
S3_BUCKET is set. Read by settings.py; every named storage then gets its own key prefix in the bucket.

    STORAGE_URL=s3://[ACCESS_KEY:SECRET@]bucket[/prefix]?endpoint_url=http://minio:9000&region=us-east-1
    S3_BUCKET, S3_ENDPOINT_URL, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_PREFIX,
    S3_ADDRESSING_STYLE (path | virtual), S3_VERIFY (0 to skip TLS verification, or a CA bundle path)

A value in STORAGE_URL wins over its S3_* variable; without keys in either, boto3's usual sources
(AWS_ACCESS_KEY_ID…, an instance role) apply. No Django imports: this runs while settings load."""
from urllib.parse import parse_qs, unquote, urlsplit

BACKEND = "core.object_storage.PrivateS3Storage"
# Named storage → key prefix inside the bucket (under S3_PREFIX), and the URL its files are served at
# by the application (None: no URL, served only by views that check rights and stream the file).
PREFIXES = {
    "default": ("media", "MEDIA_URL"),
    "guest_photos": ("photos", "/photos/"),
    "badge_sheets": ("badge-sheets", None),
    "spreadsheet_imports": ("spreadsheet-imports", None),
    "mail": ("mail", None),
}
_URL_QUERY = {"endpoint_url": "endpoint_url", "region": "region_name", "region_name": "region_name",
              "addressing_style": "addressing_style", "verify": "verify", "prefix": "prefix"}
_ENV = {"S3_BUCKET": "bucket_name", "S3_ENDPOINT_URL": "endpoint_url", "S3_REGION": "region_name",
        "S3_ACCESS_KEY_ID": "access_key", "S3_SECRET_ACCESS_KEY": "secret_key", "S3_PREFIX": "prefix",
        "S3_ADDRESSING_STYLE": "addressing_style", "S3_VERIFY": "verify"}


class StorageConfigError(ValueError):
    pass


def bucket_options(environ) -> dict | None:
    """The bucket's connection options from the environment, or None for local folders."""
    url = environ.get("STORAGE_URL", "").strip()
    options = {key: environ[name] for name, key in _ENV.items() if environ.get(name, "").strip()}
    if url:
        options.update(_from_url(url))
    elif not options.get("bucket_name"):
        return None
    if not options.get("bucket_name"):
        raise StorageConfigError("STORAGE_URL / S3_BUCKET: no bucket name given.")
    if "verify" in options:
        verify = str(options["verify"])
        options["verify"] = False if verify.lower() in {"0", "false", "no", "off"} else (
            None if verify.lower() in {"1", "true", "yes", "on"} else verify)
    return options


def _from_url(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise StorageConfigError(f"STORAGE_URL must start with s3:// (got {parts.scheme or 'no'} scheme).")
    userinfo, _, host = parts.netloc.rpartition("@")
    options = {"bucket_name": host} if host else {}
    if userinfo:
        key, _, secret = userinfo.partition(":")
        options.update(access_key=unquote(key), secret_key=unquote(secret))
    if parts.path.strip("/"):
        options["prefix"] = unquote(parts.path.strip("/"))
    for name, values in parse_qs(parts.query).items():
        if name not in _URL_QUERY:
            raise StorageConfigError(f"STORAGE_URL: unknown option {name!r} (known: {', '.join(sorted(_URL_QUERY))}).")
        options[_URL_QUERY[name]] = values[-1]
    return options


def bucket_storages(options: dict, media_url: str) -> dict:
    """STORAGES entries putting every named storage of files in the bucket, each under its prefix."""
    options = dict(options)
    root = options.pop("prefix", "").strip("/")
    storages = {}
    for name, (prefix, url) in PREFIXES.items():
        storages[name] = {"BACKEND": BACKEND, "OPTIONS": {
            **options, "location": f"{root}/{prefix}" if root else prefix,
            "base_url": media_url if url == "MEDIA_URL" else url,
        }}
    return storages
