"""The thumbnailer's handler module: configured from its environment once, it handles an event,
logs one JSON line per refused upload, and fails the invocation on a store failure so Lambda retries."""

import json
import logging

import pytest
from images import jpeg
from invocation import context_with_time_left
from s3_events import event_of, put_record
from scratch_thumbnail_storage import THUMBNAILS, UPLOADS
from silent_server import refusing_endpoint

from thumbnailer.process_records import RecordNotFinishedError
from uuid_writer.config import ConfigError


def logged(caplog) -> list[dict]:
    return [json.loads(record.getMessage()) for record in caplog.records if record.name == "thumbnailer"]


def test_handles_an_event_and_logs_one_json_line_for_the_record_it_refused(
    load_entry, thumbnail_storage, caplog
):
    # Given the function loaded with its prefixes and table, and an event of a photo and a stray key
    entry = load_entry(thumbnail_storage.env, "thumbnail_handler")
    photo = jpeg(30, 20)
    thumbnail_storage.upload(f"{UPLOADS}photo.jpg", photo)
    event = event_of(
        put_record(thumbnail_storage.bucket, f"{UPLOADS}photo.jpg", size=len(photo)),
        put_record(thumbnail_storage.bucket, f"{THUMBNAILS}photo.jpg", size=10),
    )
    # When Lambda invokes it
    with caplog.at_level(logging.ERROR, logger="thumbnailer"):
        summary = entry.handler(event, context_with_time_left(10_000))
    # Then one thumbnail is made, one failure recorded, and that failure is one log line
    assert summary == {"done": 1, "failed": 1, "skipped": 0}
    assert thumbnail_storage.keys() == [f"{THUMBNAILS}photo.jpg", f"{UPLOADS}photo.jpg"]
    assert logged(caplog) == [
        {
            "level": "ERROR",
            "message": "upload refused, failure recorded",
            "outcome": "failed",
            "bucket": thumbnail_storage.bucket,
            "key": f"{THUMBNAILS}photo.jpg",
            "errorType": "outside-prefix",
            "error": f"the key '{THUMBNAILS}photo.jpg' names nothing under the upload prefix '{UPLOADS}'",
            "requestId": "request-under-test",
        }
    ]


def test_fails_the_invocation_when_the_table_is_unreachable_logging_the_key_it_stopped_at(
    load_entry, thumbnail_storage, caplog
):
    # Given the function loaded with a DynamoDB endpoint where nothing listens
    entry = load_entry(
        {**thumbnail_storage.env, "AWS_ENDPOINT_URL_DYNAMODB": refusing_endpoint()}, "thumbnail_handler"
    )
    event = event_of(put_record(thumbnail_storage.bucket, "elsewhere/x.jpg", size=1))
    # When Lambda invokes it, the invocation fails so that Lambda retries it
    with (
        caplog.at_level(logging.ERROR, logger="thumbnailer"),
        pytest.raises(RecordNotFinishedError, match=r"^record 0 \(key 'elsewhere/x.jpg'\) not finished"),
    ):
        entry.handler(event, context_with_time_left(10_000))
    # And one line says so, naming the key and the store's error
    [line] = logged(caplog)
    assert {name: line[name] for name in ("message", "outcome", "key", "requestId")} == {
        "message": "store failed, event left for Lambda to retry",
        "outcome": "retry",
        "key": "elsewhere/x.jpg",
        "requestId": "request-under-test",
    }
    assert line["error"].startswith("EndpointConnectionError: ")


def test_fails_the_init_naming_the_variable_when_the_table_is_not_configured(load_entry, thumbnail_storage):
    with pytest.raises(ConfigError, match=r"^METADATA_TABLE_NAME is not set"):
        load_entry({**thumbnail_storage.env, "METADATA_TABLE_NAME": " "}, "thumbnail_handler")
