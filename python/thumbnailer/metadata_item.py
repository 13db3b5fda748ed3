"""The item the function keeps for every upload it was notified of, one per source key, as
formats/thumbnail-item.ts describes it for every contender: a retry of the same event puts the
same key again and replaces the item, never adds a second. Field names are the attributes' in
snake case (`source_key` is `sourceKey`).
"""

from dataclasses import dataclass
from typing import Literal

from thumbnailer.thumbnail import ImageFailureType, ImageFormat

# Why an upload has no thumbnail: the image's own reasons, and the record's.
FailureType = Literal[ImageFailureType, "outside-prefix", "invalid-key", "too-large"]


@dataclass(frozen=True)
class DoneItem:
    # The partition key: the upload's key, decoded.
    source_key: str
    thumbnail_key: str
    format: ImageFormat
    # As the photo stands, after EXIF orientation.
    source_width: int
    source_height: int
    source_bytes: int
    thumbnail_width: int
    thumbnail_height: int
    thumbnail_bytes: int
    # The record's `eventTime`, as S3 wrote it: when S3 finished the upload.
    event_time: str
    # When the function put this item: ISO-8601, UTC, milliseconds.
    processed_at: str
    status: Literal["done"] = "done"


@dataclass(frozen=True)
class FailedItem:
    """A permanent failure: no thumbnail was written, and a retry would fail the same way."""

    source_key: str
    event_time: str
    processed_at: str
    error_type: FailureType
    error_message: str
    # What was known of the source when it failed; None is left out of the item.
    format: str | None = None
    source_width: int | None = None
    source_height: int | None = None
    source_bytes: int | None = None
    status: Literal["failed"] = "failed"


MetadataItem = DoneItem | FailedItem
