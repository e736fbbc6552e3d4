"""STORAGE_URL and the S3_* variables → the bucket's options; neither → local folders (None)."""
import pytest

from backend.storage_settings import PREFIXES, StorageConfigError, bucket_options, bucket_storages


def test_nothing_set_keeps_the_local_folders():
    assert bucket_options({}) is None
    assert bucket_options({"S3_ENDPOINT_URL": "http://127.0.0.1:9000"}) is None


def test_storage_url_with_keys_prefix_and_options():
    options = bucket_options({"STORAGE_URL": "s3://AK%2Fx:se%40cret@liaison-files/forum/2026?endpoint_url=http://127.0.0.1:9000"
                                             "&region=us-east-1&addressing_style=path&verify=0"})
    assert options == {"bucket_name": "liaison-files", "access_key": "AK/x", "secret_key": "se@cret", "prefix": "forum/2026",
                       "endpoint_url": "http://127.0.0.1:9000", "region_name": "us-east-1", "addressing_style": "path",
                       "verify": False}


def test_s3_variables_and_the_url_winning_over_them():
    env = {"S3_BUCKET": "files", "S3_ENDPOINT_URL": "https://s3.gov.example", "S3_REGION": "cn-north-1",
           "S3_ACCESS_KEY_ID": "AK", "S3_SECRET_ACCESS_KEY": "SK", "S3_PREFIX": "liaison", "S3_VERIFY": "/etc/ca.pem"}
    assert bucket_options(env) == {"bucket_name": "files", "endpoint_url": "https://s3.gov.example", "region_name": "cn-north-1",
                                   "access_key": "AK", "secret_key": "SK", "prefix": "liaison", "verify": "/etc/ca.pem"}
    assert bucket_options({**env, "STORAGE_URL": "s3://other?region=eu-west-1"})["bucket_name"] == "other"
    assert bucket_options({**env, "STORAGE_URL": "s3://other?region=eu-west-1"})["region_name"] == "eu-west-1"


@pytest.mark.parametrize("url, fragment", [
    ("https://bucket", "must start with s3://"),
    ("s3://bucket?endpoint=http://x", "unknown option 'endpoint'"),
    ("s3://?region=x", "no bucket name"),
])
def test_a_wrong_url_says_what_is_wrong(url, fragment):
    with pytest.raises(StorageConfigError, match=fragment):
        bucket_options({"STORAGE_URL": url})


def test_every_named_storage_gets_its_own_prefix_and_only_app_urls():
    storages = bucket_storages({"bucket_name": "files", "prefix": "liaison/"}, "/media/")
    assert set(storages) == set(PREFIXES) == {"default", "guest_photos", "badge_sheets", "spreadsheet_imports", "mail"}
    locations = {name: entry["OPTIONS"]["location"] for name, entry in storages.items()}
    assert locations == {"default": "liaison/media", "guest_photos": "liaison/photos", "badge_sheets": "liaison/badge-sheets",
                         "spreadsheet_imports": "liaison/spreadsheet-imports", "mail": "liaison/mail"}
    assert {name: entry["OPTIONS"]["base_url"] for name, entry in storages.items()} == {
        "default": "/media/", "guest_photos": "/photos/", "badge_sheets": None, "spreadsheet_imports": None, "mail": None}
