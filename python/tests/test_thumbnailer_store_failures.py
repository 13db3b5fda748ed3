"""A store fails on a record: process_records raises for Lambda to retry the event, after the
records before it are done, and leaves the rest; every store call answers by its deadline."""

import io
import time

import pytest
from images import jpeg
from s3_events import event_of, put_record
from scratch_thumbnail_storage import THUMBNAILS, UPLOADS
from silent_server import refusing_endpoint

from thumbnailer.config import Settings
from thumbnailer.deadline import store_deadline
from thumbnailer.process_records import RecordNotFinishedError, Stores, process_records
from thumbnailer.stores import DynamoItemStore, S3ObjectStore, SourceRead, SourceTooLarge, read_at_most
from uuid_writer.store_call import NoTimeLeftError, OutcomeUnknownError

SETTINGS = Settings(upload_prefix=UPLOADS, thumbnail_prefix=THUMBNAILS, max_source_bytes=1024 * 1024)


def uploaded(storage, key: str, body: bytes) -> dict:
    storage.upload(key, body)
    return put_record(storage.bucket, key, size=len(body))


def test_raises_for_lambda_to_retry_after_the_records_before_are_done_and_leaves_the_rest(
    thumbnail_storage, executor
):
    # Given a good upload, a record for an object S3 does not have, and another good upload
    event = event_of(
        uploaded(thumbnail_storage, f"{UPLOADS}first.jpg", jpeg(20, 20)),
        put_record(thumbnail_storage.bucket, f"{UPLOADS}missing.jpg", size=10),
        uploaded(thumbnail_storage, f"{UPLOADS}third.jpg", jpeg(20, 20)),
    )
    stores = Stores(
        S3ObjectStore(thumbnail_storage.s3, executor),
        DynamoItemStore(thumbnail_storage.dynamodb, thumbnail_storage.table, executor),
    )
    # When the event is processed, it raises naming the record S3 failed on
    with pytest.raises(RecordNotFinishedError) as failure:
        process_records(event, stores, SETTINGS, store_deadline(10_000))
    assert (failure.value.index, failure.value.key) == (1, f"{UPLOADS}missing.jpg")
    assert failure.value.__cause__.response["Error"]["Code"] == "NoSuchKey"
    # And the first record is done, the third untouched until the retry
    assert [(item["sourceKey"], item["status"]) for item in thumbnail_storage.metadata_items()] == [
        (f"{UPLOADS}first.jpg", "done")
    ]
    assert thumbnail_storage.keys() == [
        f"{THUMBNAILS}first.jpg",
        f"{UPLOADS}first.jpg",
        f"{UPLOADS}third.jpg",
    ]


def test_raises_when_the_table_refuses_the_connection_and_records_nothing(
    thumbnail_storage, function_client, executor
):
    # Given a table endpoint where nothing listens
    stores = Stores(
        S3ObjectStore(thumbnail_storage.s3, executor),
        DynamoItemStore(function_client("dynamodb", refusing_endpoint()), thumbnail_storage.table, executor),
    )
    event = event_of(uploaded(thumbnail_storage, f"{UPLOADS}photo.jpg", jpeg(20, 20)))
    # When the event is processed, it raises with the refused connection as the cause
    with pytest.raises(RecordNotFinishedError) as failure:
        process_records(event, stores, SETTINGS, store_deadline(10_000))
    assert type(failure.value.__cause__).__name__ == "EndpointConnectionError"
    assert thumbnail_storage.metadata_items() == []


def test_raises_on_a_failed_item_the_table_refuses_too_so_no_failure_goes_unrecorded(
    thumbnail_storage, function_client, executor
):
    stores = Stores(
        S3ObjectStore(thumbnail_storage.s3, executor),
        DynamoItemStore(function_client("dynamodb", refusing_endpoint()), thumbnail_storage.table, executor),
    )
    event = event_of(put_record(thumbnail_storage.bucket, "elsewhere/photo.jpg", size=10))
    with pytest.raises(RecordNotFinishedError):
        process_records(event, stores, SETTINGS, store_deadline(10_000))


def test_gives_up_on_a_stalled_bucket_by_the_deadline_and_raises(
    thumbnail_storage, silent, function_client, executor
):
    # Given a bucket whose server never answers, and 2.5 s left
    stores = Stores(
        S3ObjectStore(function_client("s3", silent.endpoint), executor),
        DynamoItemStore(thumbnail_storage.dynamodb, thumbnail_storage.table, executor),
    )
    deadline = store_deadline(2_500)
    event = event_of(put_record(thumbnail_storage.bucket, f"{UPLOADS}photo.jpg", size=10))
    # When the event is processed, it raises by the deadline, the read's outcome unknown
    with pytest.raises(RecordNotFinishedError) as failure:
        process_records(event, stores, SETTINGS, deadline)
    assert isinstance(failure.value.__cause__, OutcomeUnknownError)
    assert time.monotonic() < deadline + 0.2
    assert thumbnail_storage.metadata_items() == []


def test_sends_nothing_when_the_invocation_has_no_time_left(thumbnail_storage, executor):
    event = event_of(uploaded(thumbnail_storage, f"{UPLOADS}photo.jpg", jpeg(20, 20)))
    stores = Stores(
        S3ObjectStore(thumbnail_storage.s3, executor),
        DynamoItemStore(thumbnail_storage.dynamodb, thumbnail_storage.table, executor),
    )
    with pytest.raises(RecordNotFinishedError) as failure:
        process_records(event, stores, SETTINGS, store_deadline(400))
    assert isinstance(failure.value.__cause__, NoTimeLeftError)
    assert thumbnail_storage.keys() == [f"{UPLOADS}photo.jpg"]


@pytest.mark.parametrize(
    ("size", "content_length", "expected"),
    [
        (1024, 1024, SourceRead(b"\x01" * 1024)),
        (2048, 2048, SourceTooLarge(2048)),
        # A ContentLength that lies, or none: the body is counted as it comes, and reading stops.
        (4096, None, SourceTooLarge(1025)),
    ],
    ids=["at the maximum", "over it by its length", "over it by its body"],
)
def test_reads_a_body_at_most_to_the_maximum(size, content_length, expected):
    body = io.BytesIO(b"\x01" * size)
    response = {"Body": body} if content_length is None else {"Body": body, "ContentLength": content_length}
    assert read_at_most(response, max_bytes=1024) == expected
    assert body.closed == isinstance(expected, SourceTooLarge)
