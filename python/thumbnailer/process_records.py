"""The workflow, record by record, by the contract at the top of handlers/thumbnailer/process-records.ts:
a permanent failure (steps 2 to 5) is recorded as a `failed` item and the next record goes on; a
store's failure is raised, for Lambda's asynchronous retries, after the records before it are done.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from thumbnailer.config import Settings
from thumbnailer.event_key import InvalidKeyError, decode_event_key
from thumbnailer.metadata_item import DoneItem, FailedItem, FailureType
from thumbnailer.stores import ItemStore, ObjectStore, SourceTooLarge
from thumbnailer.thumbnail import CONTENT_TYPES, ImageError, KnownSource, Thumbnail, make_thumbnail
from uuid_writer.store_call import summarize


@dataclass(frozen=True)
class Stores:
    objects: ObjectStore
    items: ItemStore


@dataclass(frozen=True)
class Done:
    bucket: str
    item: DoneItem
    kind: Literal["done"] = "done"


@dataclass(frozen=True)
class Failed:
    bucket: str
    item: FailedItem
    kind: Literal["failed"] = "failed"


@dataclass(frozen=True)
class Skipped:
    key: str
    event_name: str
    kind: Literal["skipped"] = "skipped"


RecordOutcome = Done | Failed | Skipped


class RecordNotFinishedError(Exception):
    """A store failed on a record (the cause, `__cause__`): raised so that Lambda retries the whole event."""

    def __init__(self, index: int, key: str, cause: BaseException) -> None:
        super().__init__(
            f"record {index} (key '{key}') not finished, for Lambda to retry: {summarize(cause)}"
        )
        self.index = index
        self.key = key


def process_records(
    event: dict[str, Any],
    stores: Stores,
    settings: Settings,
    deadline: float,
    report: Callable[[RecordOutcome], None] = lambda _outcome: None,
) -> list[RecordOutcome]:
    """Handles the records in order, calling `report` with each one's outcome as it is settled;
    raises RecordNotFinishedError on the first store failure."""
    outcomes: list[RecordOutcome] = []
    for index, record in enumerate(event["Records"]):
        try:
            outcome = _process_record(record, stores, settings, deadline)
        except Exception as error:
            raise RecordNotFinishedError(index, record["s3"]["object"]["key"], error) from error
        report(outcome)
        outcomes.append(outcome)
    return outcomes


@dataclass(frozen=True)
class _Known(KnownSource):
    bytes: int | None = None


class _Refusal(Exception):
    """A permanent failure found on the way: what the failed item says. Raised only within this module."""

    def __init__(self, type_: FailureType, message: str, known: _Known | None = None) -> None:
        super().__init__(message)
        self.type = type_
        self.known = known or _Known()


def _process_record(
    record: dict[str, Any], stores: Stores, settings: Settings, deadline: float
) -> RecordOutcome:
    event_name, event_time, s3 = record["eventName"], record["eventTime"], record["s3"]
    if not event_name.startswith("ObjectCreated:"):
        return Skipped(s3["object"]["key"], event_name)
    bucket = s3["bucket"]["name"]
    # The key as it came, until it decodes.
    source_key = s3["object"]["key"]
    try:
        source_key, thumbnail_key = _locate(source_key, settings)
        source = _read_source(s3, source_key, settings, stores.objects, deadline)
        thumbnail = _thumbnail_of(source)
        stores.objects.write(bucket, thumbnail_key, thumbnail.data, CONTENT_TYPES[thumbnail.format], deadline)
        item = DoneItem(
            source_key=source_key,
            thumbnail_key=thumbnail_key,
            format=thumbnail.format,
            source_width=thumbnail.source.width,
            source_height=thumbnail.source.height,
            source_bytes=len(source),
            thumbnail_width=thumbnail.thumbnail.width,
            thumbnail_height=thumbnail.thumbnail.height,
            thumbnail_bytes=len(thumbnail.data),
            event_time=event_time,
            processed_at=_now(),
        )
        stores.items.put(item, deadline)
        return Done(bucket, item)
    except _Refusal as refusal:
        failed = _failed_item(source_key, event_time, refusal)
        stores.items.put(failed, deadline)
        return Failed(bucket, failed)


def _locate(encoded_key: str, settings: Settings) -> tuple[str, str]:
    """The decoded key and its thumbnail's; a _Refusal for a key that is not the function's to read."""
    try:
        source_key = decode_event_key(encoded_key)
    except InvalidKeyError as error:
        raise _Refusal("invalid-key", str(error)) from error
    prefix = settings.upload_prefix
    name = source_key.removeprefix(prefix) if source_key.startswith(prefix) else ""
    if not name:
        raise _Refusal(
            "outside-prefix",
            f"the key '{source_key}' names nothing under the upload prefix '{prefix}'",
        )
    return source_key, settings.thumbnail_prefix + name


def _read_source(
    s3: dict[str, Any], key: str, settings: Settings, objects: ObjectStore, deadline: float
) -> bytes:
    """The upload's bytes, from the record's bucket; a _Refusal, before reading it whole, for one
    over the limit: by the size the record gives, then as the store reads it."""
    event_size = s3["object"].get("size")
    if event_size is not None and event_size > settings.max_source_bytes:
        raise _too_large(event_size, settings.max_source_bytes)
    source = objects.read(s3["bucket"]["name"], key, settings.max_source_bytes, deadline)
    if isinstance(source, SourceTooLarge):
        raise _too_large(source.size, settings.max_source_bytes)
    return source.data


def _thumbnail_of(source: bytes) -> Thumbnail:
    try:
        return make_thumbnail(source)
    except ImageError as error:
        known = _Known(error.known.format, error.known.width, error.known.height, len(source))
        raise _Refusal(error.type, str(error), known) from error


def _too_large(size: int, max_source_bytes: int) -> _Refusal:
    message = f"the upload has {size} bytes, more than the {max_source_bytes} the function reads"
    return _Refusal("too-large", message, _Known(bytes=size))


def _failed_item(source_key: str, event_time: str, refusal: _Refusal) -> FailedItem:
    known = refusal.known
    return FailedItem(
        source_key=source_key,
        event_time=event_time,
        processed_at=_now(),
        error_type=refusal.type,
        error_message=str(refusal),
        format=known.format,
        source_width=known.width,
        source_height=known.height,
        source_bytes=known.bytes,
    )


def _now() -> str:
    """ISO-8601, UTC, milliseconds, as the twins write it."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
