"""Test-only: each test's own bucket and table on the local servers `npm test` started, so tests
see only what they wrote, and the standard variables that point a function at them."""

import os
import uuid
from dataclasses import dataclass, field
from typing import Any

# The variables `npm test` exports for its local servers (local/storage/variables.ts).
AWS_VARIABLES = (
    "AWS_ENDPOINT_URL_S3",
    "AWS_ENDPOINT_URL_DYNAMODB",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_REGION",
)


def unique_name(prefix: str) -> str:
    """A name no test has used, valid for S3 buckets and DynamoDB tables alike."""
    return f"{prefix}-{uuid.uuid4()}"


def local_env() -> dict[str, str]:
    """The local servers' variables, or a message naming the first one missing."""
    missing = [name for name in AWS_VARIABLES if not os.environ.get(name)]
    if missing:
        raise LookupError(
            f"{missing[0]} is not set: these tests reuse the local servers `npm test` starts "
            "(run them with `npm test`, or export the endpoints it prints)"
        )
    return {name: os.environ[name] for name in AWS_VARIABLES}


@dataclass
class ScratchStorage:
    s3: Any
    dynamodb: Any
    bucket: str = field(default_factory=lambda: unique_name("uuid-writer"))
    table: str = field(default_factory=lambda: unique_name("uuid-writer"))
    # The table's only key, a string.
    partition_key: str = "id"

    @property
    def env(self) -> dict[str, str]:
        """What the function's process needs: the standard AWS variables plus its bucket and table."""
        return {**local_env(), "BUCKET_NAME": self.bucket, "TABLE_NAME": self.table}

    def create(self) -> None:
        self.s3.create_bucket(Bucket=self.bucket)
        self.dynamodb.create_table(
            TableName=self.table,
            AttributeDefinitions=[{"AttributeName": self.partition_key, "AttributeType": "S"}],
            KeySchema=[{"AttributeName": self.partition_key, "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )
        self.dynamodb.get_waiter("table_exists").wait(TableName=self.table, WaiterConfig={"Delay": 0.1})

    def delete(self) -> None:
        for key in self.keys():
            self.s3.delete_object(Bucket=self.bucket, Key=key)
        self.s3.delete_bucket(Bucket=self.bucket)
        self.dynamodb.delete_table(TableName=self.table)

    def keys(self) -> list[str]:
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def objects(self) -> list[dict[str, str]]:
        """Every object: its key, body and content type."""
        found = []
        for key in self.keys():
            got = self.s3.get_object(Bucket=self.bucket, Key=key)
            found.append(
                {"key": key, "body": got["Body"].read().decode(), "contentType": got.get("ContentType")}
            )
        return found

    def items(self) -> list[dict[str, str]]:
        """Every item, string attributes flattened to plain values."""
        pages = self.dynamodb.get_paginator("scan").paginate(TableName=self.table, ConsistentRead=True)
        return [
            {name: value.get("S") for name, value in item.items()} for page in pages for item in page["Items"]
        ]
