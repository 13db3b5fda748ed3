"""The two stores the workflow writes to, as narrow protocols, and their boto3 implementations."""

from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any, Protocol

from botocore.exceptions import ClientError

from uuid_writer.store_call import call_by


class ObjectStore(Protocol):
    """Where the UUID's object goes. Each call must answer by its deadline (monotonic seconds) and
    raises OutcomeUnknownError when it may still take effect."""

    def put(self, key: str, body: str, deadline: float) -> None: ...

    def delete(self, key: str, deadline: float) -> None: ...


@dataclass(frozen=True)
class UuidItem:
    """The record kept for every UUID, one item per id."""

    id: str
    runtime: str
    s3_key: str
    # ISO 8601, UTC.
    created_at: str


class ItemStore(Protocol):
    def put_new(self, item: UuidItem, deadline: float) -> None:
        """Adds the item by the deadline; raises IdTakenError rather than replace an item that
        already has this id, and OutcomeUnknownError when it may still be added."""
        ...


class IdTakenError(Exception):
    """The id is already an item's: the object under its key is that item's, not ours to remove."""


class S3ObjectStore:
    def __init__(self, client: Any, bucket: str, executor: Executor) -> None:
        self._client = client
        self._bucket = bucket
        self._executor = executor

    def put(self, key: str, body: str, deadline: float) -> None:
        call_by(
            "S3 PutObject",
            deadline,
            lambda: self._client.put_object(
                Bucket=self._bucket, Key=key, Body=body.encode(), ContentType="text/plain"
            ),
            self._executor,
        )

    def delete(self, key: str, deadline: float) -> None:
        call_by(
            "S3 DeleteObject",
            deadline,
            lambda: self._client.delete_object(Bucket=self._bucket, Key=key),
            self._executor,
        )


class DynamoItemStore:
    def __init__(self, client: Any, table: str, executor: Executor) -> None:
        self._client = client
        self._table = table
        self._executor = executor

    def put_new(self, item: UuidItem, deadline: float) -> None:
        request = {
            "TableName": self._table,
            "Item": {
                "id": {"S": item.id},
                "runtime": {"S": item.runtime},
                "s3Key": {"S": item.s3_key},
                "createdAt": {"S": item.created_at},
            },
            "ConditionExpression": "attribute_not_exists(id)",
        }
        try:
            call_by("DynamoDB PutItem", deadline, lambda: self._client.put_item(**request), self._executor)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                raise IdTakenError(f"item {item.id} already exists") from error
            raise
