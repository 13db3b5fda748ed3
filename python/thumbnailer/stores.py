"""The S3 and DynamoDB adapters: what the thumbnailer asks of each store and nothing more. Every call
must answer by its deadline (monotonic seconds), through the uuid writer's `call_by`; any exception
is the store's failure (unreachable, throttled, refused, no time left), which the caller raises on
so Lambda retries the event. Both writes overwrite, so a retry repeats them harmlessly.
"""

import re
from concurrent.futures import Executor
from dataclasses import dataclass, fields
from typing import Any, Protocol

from thumbnailer.metadata_item import MetadataItem
from uuid_writer.store_call import call_by


@dataclass(frozen=True)
class SourceRead:
    data: bytes


@dataclass(frozen=True)
class SourceTooLarge:
    """More bytes than the caller reads: as many as S3 said, or as were counted before it stopped."""

    size: int


SourceObject = SourceRead | SourceTooLarge


class ObjectStore(Protocol):
    def read(self, bucket: str, key: str, max_bytes: int, deadline: float) -> SourceObject:
        """The object whole, unless its ContentLength or its body exceeds `max_bytes`: then it stops."""
        ...

    def write(self, bucket: str, key: str, body: bytes, content_type: str, deadline: float) -> None:
        """Puts the object, replacing any under the key."""
        ...


class ItemStore(Protocol):
    def put(self, item: MetadataItem, deadline: float) -> None:
        """Puts the item, replacing the one with the same source key."""
        ...


class S3ObjectStore:
    def __init__(self, client: Any, executor: Executor) -> None:
        self._client = client
        self._executor = executor

    def read(self, bucket: str, key: str, max_bytes: int, deadline: float) -> SourceObject:
        # The body is read inside the call, so the deadline bounds the download, not only the headers.
        return call_by(
            "S3 GetObject",
            deadline,
            lambda: read_at_most(self._client.get_object(Bucket=bucket, Key=key), max_bytes),
            self._executor,
        )

    def write(self, bucket: str, key: str, body: bytes, content_type: str, deadline: float) -> None:
        call_by(
            "S3 PutObject",
            deadline,
            lambda: self._client.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type),
            self._executor,
        )


def read_at_most(response: dict[str, Any], max_bytes: int) -> SourceObject:
    """The body whole, or SourceTooLarge by its ContentLength or as soon as it passes `max_bytes`."""
    body = response["Body"]
    length = response.get("ContentLength")
    if length is not None and length > max_bytes:
        # Closed unread: the connection is dropped rather than drained of bytes nobody wants.
        body.close()
        return SourceTooLarge(length)
    data = body.read(max_bytes + 1)
    if len(data) > max_bytes:
        body.close()
        return SourceTooLarge(len(data))
    return SourceRead(data)


class DynamoItemStore:
    def __init__(self, client: Any, table: str, executor: Executor) -> None:
        self._client = client
        self._table = table
        self._executor = executor

    def put(self, item: MetadataItem, deadline: float) -> None:
        # No condition: the source key is the partition key, so a retry replaces its own item.
        request = {"TableName": self._table, "Item": to_attributes(item)}
        call_by("DynamoDB PutItem", deadline, lambda: self._client.put_item(**request), self._executor)


def to_attributes(item: MetadataItem) -> dict[str, dict[str, str]]:
    """Strings as S, whole numbers as N, each under its attribute's name; a field that is None is left out."""
    attributes: dict[str, dict[str, str]] = {}
    for field in fields(item):
        value = getattr(item, field.name)
        if isinstance(value, str):
            attributes[_attribute_name(field.name)] = {"S": value}
        elif isinstance(value, int):
            attributes[_attribute_name(field.name)] = {"N": str(value)}
    return attributes


def _attribute_name(field_name: str) -> str:
    """`source_key` is `sourceKey`."""
    return re.sub(r"_(.)", lambda match: match.group(1).upper(), field_name)
