"""Test-only: the uuid writer's scratch bucket and table, the table keyed on `sourceKey` as the
thumbnailers' is, with the thumbnailer's variables and readers for what it left in them."""

from dataclasses import dataclass, field
from typing import Any

from scratch_storage import ScratchStorage, local_env, unique_name

from thumbnailer.config import METADATA_TABLE_NAME, THUMBNAIL_PREFIX, UPLOAD_PREFIX

# The Python contender's prefixes and the metadata table's key, as functions.config.ts declares them.
UPLOADS = "uploads/python/"
THUMBNAILS = "thumbnails/python/"
PARTITION_KEY = "sourceKey"


@dataclass
class ScratchThumbnailStorage(ScratchStorage):
    bucket: str = field(default_factory=lambda: unique_name("thumbnailer"))
    table: str = field(default_factory=lambda: unique_name("thumbnails"))
    partition_key: str = PARTITION_KEY

    @property
    def env(self) -> dict[str, str]:
        """What the function's process needs: the standard AWS variables, its prefixes and its table."""
        return {
            **local_env(),
            UPLOAD_PREFIX: UPLOADS,
            THUMBNAIL_PREFIX: THUMBNAILS,
            METADATA_TABLE_NAME: self.table,
        }

    def upload(self, key: str, body: bytes) -> None:
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body)

    def stored(self, key: str) -> tuple[bytes, str | None]:
        """The object's bytes and content type."""
        got = self.s3.get_object(Bucket=self.bucket, Key=key)
        return got["Body"].read(), got.get("ContentType")

    def metadata_items(self) -> list[dict[str, Any]]:
        """Every item, S as strings and N as whole numbers."""
        pages = self.dynamodb.get_paginator("scan").paginate(TableName=self.table, ConsistentRead=True)
        return [
            {name: int(value["N"]) if "N" in value else value["S"] for name, value in item.items()}
            for page in pages
            for item in page["Items"]
        ]

    def metadata_item(self, source_key: str) -> dict[str, Any]:
        [item] = [item for item in self.metadata_items() if item[PARTITION_KEY] == source_key]
        return item
