"""A stalled store gets the function's own 502 before Lambda's deadline; a write with no definite
answer keeps its object, since its item may still arrive; nothing is retried that may have taken effect."""

import time

from invocation import invoke_logging
from silent_server import refusing_endpoint

from uuid_writer.deadlines import deadlines_for
from uuid_writer.store_call import NoTimeLeftError, OutcomeUnknownError
from uuid_writer.stores import DynamoItemStore, S3ObjectStore
from uuid_writer.write_uuid import Stores, WriteFailed, WriteUnknown, write_uuid


def test_a_stalled_table_is_given_up_by_its_deadline_and_the_object_kept(
    storage, silent, function_client, executor
):
    # Given a table whose server takes requests and never answers, and 2.5 s left
    stores = Stores(
        objects=S3ObjectStore(storage.s3, storage.bucket, executor),
        items=DynamoItemStore(function_client("dynamodb", silent.endpoint), storage.table, executor),
    )
    deadlines = deadlines_for(2_500)
    # When a UUID is written
    outcome = write_uuid(stores, deadlines)
    # Then it gives up by the writes' deadline, saying the outcome is unknown
    assert time.monotonic() < deadlines.cleanup
    assert isinstance(outcome, WriteUnknown)
    assert outcome.step == "put-item"
    assert isinstance(outcome.error, OutcomeUnknownError)
    # And the object stays, so an item applied later still points at it
    assert storage.keys() == [outcome.key]


def test_a_stalled_bucket_is_given_up_in_time_and_no_item_written(storage, silent, function_client, executor):
    # Given a bucket whose server never answers, and 2.5 s left
    stores = Stores(
        objects=S3ObjectStore(function_client("s3", silent.endpoint), storage.bucket, executor),
        items=DynamoItemStore(storage.dynamodb, storage.table, executor),
    )
    deadlines = deadlines_for(2_500)
    # When a UUID is written
    outcome = write_uuid(stores, deadlines)
    # Then it gives up in time, the object's fate unknown, and no item is written
    assert time.monotonic() < deadlines.cleanup
    assert isinstance(outcome, WriteUnknown)
    assert outcome.step == "put-object"
    assert storage.items() == []


def test_nothing_is_sent_without_time_left_for_the_writes(storage, executor):
    # Given less time left than the reserve for clean-up and answer
    stores = Stores(
        objects=S3ObjectStore(storage.s3, storage.bucket, executor),
        items=DynamoItemStore(storage.dynamodb, storage.table, executor),
    )
    # When a UUID is written
    outcome = write_uuid(stores, deadlines_for(1_000))
    # Then it fails at once, definitely, and nothing is stored
    assert isinstance(outcome, WriteFailed)
    assert outcome.step == "put-object"
    assert isinstance(outcome.error, NoTimeLeftError)
    assert storage.objects() == []
    assert storage.items() == []


def test_an_attempt_that_may_have_taken_effect_is_not_retried(storage, silent, function_client, executor):
    # Given a table whose server never answers, and time for several attempts (3 s each)
    stores = Stores(
        objects=S3ObjectStore(storage.s3, storage.bucket, executor),
        items=DynamoItemStore(function_client("dynamodb", silent.endpoint), storage.table, executor),
    )
    # When a UUID is written
    outcome = write_uuid(stores, deadlines_for(10_000))
    # Then the one attempt ran out its read timeout and no second attempt was made
    assert isinstance(outcome, WriteUnknown)
    assert silent.connections == 1


def test_a_refused_connection_is_retried_up_to_three_attempts(function_client, executor, monkeypatch):
    # Given an S3 endpoint where nothing listens, and a count of the attempts
    s3 = function_client("s3", refusing_endpoint())
    attempts = []
    s3.meta.events.register("before-send.s3", lambda **_: attempts.append(1))
    # When an object is put
    started = time.monotonic()
    outcome = write_uuid(
        Stores(objects=S3ObjectStore(s3, "bucket", executor), items=None),  # type: ignore[arg-type]
        deadlines_for(10_000),
    )
    # Then the attempts, which cannot have reached S3, were made three times, and it failed definitely
    assert len(attempts) == 3
    assert isinstance(outcome, WriteFailed)
    assert time.monotonic() - started < 2


def test_the_handler_answers_its_own_502_before_lambdas_deadline(load_entry, storage, silent, caplog):
    # Given a function whose table never answers, invoked with 2.5 s left
    entry = load_entry({**storage.env, "AWS_ENDPOINT_URL_DYNAMODB": silent.endpoint})
    started = time.monotonic()
    # When it is called
    result, lines = invoke_logging(entry, caplog, remaining_ms=2_500)
    # Then it answers 502 itself, with time to spare
    assert result["statusCode"] == 502
    assert time.monotonic() - started < 2.0
    # And its line says the outcome is unknown and names the object it kept
    [line] = lines
    assert line["outcome"] == "unknown"
    assert line["message"] == "storage write outcome unknown, object kept"
    assert line["step"] == "put-item"
    assert storage.keys() == [line["key"]]
