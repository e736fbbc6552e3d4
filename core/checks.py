"""Start-up check (`manage.py check --deploy`, and every web and worker process at start, see
backend/startup.py): each storage kept in a bucket must take a write, or the process refuses to run
with the reason (bucket missing, no write rights, server unreachable, wrong keys)."""
from django.core.checks import Error, register

STORAGE_TAG = "storage"


@register(STORAGE_TAG, deploy=True)
def storage_is_writable(app_configs=None, **kwargs):
    from core.object_storage import bucket_storages, reach_problem, write_problem

    errors, broken_buckets = [], set()
    for name, storage in bucket_storages():
        bucket = (storage.endpoint_url, storage.bucket_name)
        if bucket in broken_buckets:
            continue  # the bucket itself failed: one error says it
        problem = write_problem(storage)
        if problem and reach_problem(storage):
            broken_buckets.add(bucket)
        if problem:
            errors.append(Error(
                f"The file storage {name!r} cannot be written (bucket {storage.bucket_name!r}, "
                f"prefix {storage.location!r}): {problem}",
                hint="Check STORAGE_URL / S3_* (bucket name, endpoint, keys) and that the keys may put and delete "
                     "objects in the bucket.",
                id="core.E101",
            ))
    return errors
