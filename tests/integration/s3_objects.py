"""An S3 client independent of Kepu (boto3), for tests/integration/deploy.rs.

    s3_objects.py ENDPOINT BUCKET list            # JSON: key -> size, sha256, etag, content_type, cache_control
    s3_objects.py ENDPOINT BUCKET put KEY...      # writes small objects
    s3_objects.py ENDPOINT BUCKET delete KEY...

Keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Every request times out and is not retried.
"""
import hashlib
import json
import sys

import boto3
from botocore.config import Config


def client(endpoint):
    config = Config(
        connect_timeout=5,
        read_timeout=15,
        retries={"max_attempts": 1},
        s3={"addressing_style": "path"},
        signature_version="s3v4",
    )
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", config=config)


def list_all(s3, bucket):
    out = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for o in page.get("Contents", []):
            obj = s3.get_object(Bucket=bucket, Key=o["Key"])
            body = obj["Body"].read()
            out[o["Key"]] = {
                "size": o["Size"],
                "sha256": hashlib.sha256(body).hexdigest(),
                "etag": obj["ETag"].strip('"'),
                "content_type": obj.get("ContentType"),
                "cache_control": obj.get("CacheControl"),
            }
    return out


def main():
    endpoint, bucket, command, *keys = sys.argv[1:]
    s3 = client(endpoint)
    if command == "list":
        json.dump(list_all(s3, bucket), sys.stdout, indent=1, sort_keys=True)
    elif command == "put":
        for key in keys:
            s3.put_object(Bucket=bucket, Key=key, Body=b"not Kepu's: " + key.encode())
    elif command == "delete":
        for key in keys:
            s3.delete_object(Bucket=bucket, Key=key)
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
