"""Test-only: S3 events as Lambda delivers them, made from the record AWS's own documentation
captured (local/events/testing/aws-s3-put-event.json), with the bucket, key and size of the object
under test; the key is form-encoded as S3 writes it (formats/s3-event.ts)."""

import copy
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

_CAPTURED = json.loads(
    (
        Path(__file__).resolve().parents[2] / "local" / "events" / "testing" / "aws-s3-put-event.json"
    ).read_text()
)["Records"][0]

EVENT_TIME = "2026-12-02T04:00:00.123Z"


def encode_event_key(key: str) -> str:
    """Form-encoding with '/' kept: what `encodeEventKey` writes (`*` stays, as WHATWG keeps it)."""
    return quote_plus(key, safe="/*")


def put_record(
    bucket: str, key: str, size: int | None = None, event_time: str = EVENT_TIME
) -> dict[str, Any]:
    """The record for `key` as stored; `size` is what the record says, left out when None."""
    record = copy.deepcopy(_CAPTURED)
    record["eventTime"] = event_time
    record["s3"]["bucket"].update(name=bucket, arn=f"arn:aws:s3:::{bucket}")
    record["s3"]["object"]["key"] = encode_event_key(key)
    del record["s3"]["object"]["size"]
    if size is not None:
        record["s3"]["object"]["size"] = size
    return record


def event_of(*records: dict[str, Any]) -> dict[str, Any]:
    return {"Records": list(records)}
