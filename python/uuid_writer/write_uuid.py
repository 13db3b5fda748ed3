"""The workflow: store a fresh id as an object, then as an item, and never leave an object behind
without its item, nor an item without its object, as far as the stores' answers tell.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from uuid_writer.deadlines import Deadlines
from uuid_writer.store_call import OutcomeUnknownError
from uuid_writer.stores import IdTakenError, ItemStore, ObjectStore, UuidItem

RUNTIME = "python"

WriteStep = Literal["put-object", "put-item"]


@dataclass(frozen=True)
class Stores:
    objects: ObjectStore
    items: ItemStore


@dataclass(frozen=True)
class Written:
    id: str
    key: str
    kind: Literal["written"] = "written"


@dataclass(frozen=True)
class WriteFailed:
    """Nothing the caller can rely on was stored, and the store said so."""

    step: WriteStep
    key: str
    error: BaseException
    # Set when removing the already written object failed too, so it may be left behind under `key`.
    cleanup_error: BaseException | None = None
    kind: Literal["failed"] = "failed"


@dataclass(frozen=True)
class WriteUnknown:
    """A write got no definite answer by its deadline and may still take effect. The object is kept,
    so an item applied later never points at a missing one; if the item never arrives, the object
    under `key` is an orphan that this outcome's log line accounts for."""

    step: WriteStep
    key: str
    error: BaseException
    kind: Literal["unknown"] = "unknown"


WriteOutcome = Written | WriteFailed | WriteUnknown


def write_uuid(stores: Stores, deadlines: Deadlines) -> WriteOutcome:
    """Stores a fresh UUID as an object and as an item: both or, as far as the stores allow, neither."""
    return write_id(str(uuid.uuid4()), stores, deadlines)


def write_id(id_: str, stores: Stores, deadlines: Deadlines) -> WriteOutcome:
    """Object first, so an item never points at a missing object."""
    key = f"{RUNTIME}/{id_}"
    try:
        stores.objects.put(key, id_, deadlines.writes)
    except Exception as error:  # noqa: BLE001 - every failure is an outcome, told apart below
        return _not_written("put-object", key, error)
    created_at = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    try:
        stores.items.put_new(
            UuidItem(id=id_, runtime=RUNTIME, s3_key=key, created_at=created_at), deadlines.writes
        )
    except (IdTakenError, OutcomeUnknownError) as error:
        # On a taken id (a UUID v4 collision) the put rewrote the existing item's object with the
        # same bytes: removing it would orphan that item. On an unknown outcome the item may still
        # be written: removing the object could leave it dangling.
        return _not_written("put-item", key, error)
    except Exception as error:  # noqa: BLE001
        return WriteFailed("put-item", key, error, _remove_object(stores.objects, key, deadlines.cleanup))
    return Written(id=id_, key=key)


def _not_written(step: WriteStep, key: str, error: BaseException) -> WriteFailed | WriteUnknown:
    if isinstance(error, OutcomeUnknownError):
        return WriteUnknown(step, key, error)
    return WriteFailed(step, key, error)


def _remove_object(objects: ObjectStore, key: str, deadline: float) -> BaseException | None:
    """The error that kept the object from being removed, or None once it is gone."""
    try:
        objects.delete(key, deadline)
    except Exception as error:  # noqa: BLE001
        return error
    return None
