"""An S3 client independent of Kepu (boto3), for tests/integration/deploy.rs.

    s3_objects.py ENDPOINT BUCKET list            # JSON: key -> size, sha256, etag, content_type, cache_control
    s3_objects.py ENDPOINT BUCKET put KEY...      # writes small objects
    s3_objects.py ENDPOINT BUCKET delete KEY...

Keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Every request times out and is not retried.
"""
import hashlib
import json
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config


def client(endpoint):
    config = Config(
        connect_timeout=5,
        read_timeout=15,
        retries={"max_attempts": 1},
        max_pool_connections=16,
        s3={"addressing_style": "path"},
        signature_version="s3v4",
    )
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", config=config)


def read(s3, bucket, key):
    obj = s3.get_object(Bucket=bucket, Key=key)
    body = obj["Body"].read()
    return key, {
        "size": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
        "etag": obj["ETag"].strip('"'),
        "content_type": obj.get("ContentType"),
        "cache_control": obj.get("CacheControl"),
    }


def list_all(s3, bucket):
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        keys.extend(o["Key"] for o in page.get("Contents", []))
    # Sixteen at a time: each request waits on the server's delayed acknowledgement (~40 ms).
    with ThreadPoolExecutor(max_workers=16) as pool:
        return dict(pool.map(lambda k: read(s3, bucket, k), keys))


def main():
    endpoint, bucket, command, *keys = sys.argv[1:]
    s3 = client(endpoint)
    if command == "list":
        json.dump(list_all(s3, bucket), sys.stdout, indent=1, sort_keys=True)
    elif command == "put":
        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(lambda k: s3.put_object(Bucket=bucket, Key=k, Body=b"not Kepu's: " + k.encode()), keys))
    elif command == "delete":
        for key in keys:
            s3.delete_object(Bucket=bucket, Key=key)
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
