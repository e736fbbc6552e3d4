"""An S3-compatible server for tests: moto in server mode, in its own process, on a free loopback port.

    with S3Server() as s3:                  # or s3 = S3Server(); s3.start(); …; s3.stop()
        s3.create_bucket("liaison-test")
        env = s3.environ("liaison-test")    # STORAGE_URL and the S3_* keys for a child process
        s3.stop(); s3.start()               # same port again, empty (moto keeps everything in memory)

Used by tests/storage (the `s3` fixtures) and by the multi-process scale test."""
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import quote

from tests.helpers.processes import free_port, stop_process

ACCESS_KEY = "liaison-test"
SECRET_KEY = "liaison-test-secret"
REGION = "us-east-1"


class S3Server:
    def __init__(self, port: int | None = None, log_path=None, env=None):
        self.port = port or free_port()
        self.extra_env = env or {}
        self.log_path = log_path or os.devnull
        self.process = None

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> "S3Server":
        if self.process is not None and self.process.poll() is None:
            return self
        log = open(self.log_path, "ab")
        env = {**os.environ, "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY, **self.extra_env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=log, stderr=subprocess.STDOUT, env=env,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"moto server exited with {self.process.returncode} (log: {self.log_path})")
            try:
                urllib.request.urlopen(f"{self.endpoint_url}/moto-api/", timeout=1).close()
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"moto server did not answer on port {self.port} within {timeout} s")

    def stop(self) -> None:
        if self.process is None:
            return
        stop_process(self.process, timeout=10)
        self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint_url, region_name=REGION,
                            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)

    def create_bucket(self, name: str) -> str:
        self.client().create_bucket(Bucket=name)
        return name

    def storage_url(self, bucket: str, prefix: str = "", keys=(ACCESS_KEY, SECRET_KEY)) -> str:
        path = f"/{prefix.strip('/')}" if prefix.strip("/") else ""
        return (f"s3://{quote(keys[0], safe='')}:{quote(keys[1], safe='')}@{bucket}{path}"
                f"?endpoint_url={self.endpoint_url}&region={REGION}&addressing_style=path")

    def environ(self, bucket: str, prefix: str = "", keys=(ACCESS_KEY, SECRET_KEY)) -> dict:
        """The environment a Liaison process needs to keep its files in `bucket` on this server."""
        return {"STORAGE_URL": self.storage_url(bucket, prefix, keys)}

    def read_only_keys(self, bucket: str) -> tuple[str, str]:
        """Keys of a new IAM user who may read and list `bucket` but not write to it. Only enforced on a
        server started with env={"INITIAL_NO_AUTH_ACTION_COUNT": "…"} (moto checks rights after that many
        requests: create the bucket and call this first)."""
        import json

        import boto3

        iam = boto3.client("iam", endpoint_url=self.endpoint_url, region_name=REGION,
                           aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)
        user = f"reader-{bucket}"
        iam.create_user(UserName=user)
        iam.put_user_policy(UserName=user, PolicyName="read-only", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
                           "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"]}],
        }))
        key = iam.create_access_key(UserName=user)["AccessKey"]
        return key["AccessKeyId"], key["SecretAccessKey"]
