"""S3 or DynamoDB refuses: the caller gets the fixed 502, the object is taken back when its item
failed, and one JSON line says what failed."""

import json

from invocation import invoke_logging
from scratch_storage import unique_name
from silent_server import refusing_endpoint

from uuid_writer.deadlines import deadlines_for
from uuid_writer.stores import DynamoItemStore, IdTakenError, S3ObjectStore
from uuid_writer.write_uuid import Stores, WriteFailed, write_id, write_uuid

STORAGE_UNAVAILABLE = {"message": "storage unavailable"}


def test_a_missing_bucket_answers_502_and_writes_no_item(load_entry, storage, caplog):
    # Given a function whose bucket does not exist
    entry = load_entry({**storage.env, "BUCKET_NAME": unique_name("missing")})
    # When it is called
    result, lines = invoke_logging(entry, caplog)
    # Then the caller gets the fixed failure body and nothing of the cause
    assert result["statusCode"] == 502
    assert json.loads(result["body"]) == STORAGE_UNAVAILABLE
    assert result["headers"] == {"content-type": "application/json", "x-cold-start": "true"}
    # And no item was written
    assert storage.items() == []
    # And one line says the object write definitely failed, and why
    [line] = lines
    assert line["outcome"] == "failed"
    assert line["step"] == "put-object"
    assert line["key"].startswith("python/")
    assert line["error"].startswith("NoSuchBucket: ")
    assert line["requestId"] == "request-under-test"


def test_a_missing_table_answers_502_and_removes_the_object(load_entry, storage, caplog):
    # Given a function whose table does not exist
    entry = load_entry({**storage.env, "TABLE_NAME": unique_name("missing")})
    # When it is called
    result, lines = invoke_logging(entry, caplog)
    # Then it answers the fixed 502
    assert result["statusCode"] == 502
    assert json.loads(result["body"]) == STORAGE_UNAVAILABLE
    # And the object it had written is gone again
    assert storage.objects() == []
    # And one line names the failed step and the key, with the same fields as the twins'
    [line] = lines
    assert line == {
        "level": "ERROR",
        "message": "storage write failed",
        "outcome": "failed",
        "step": "put-item",
        "key": line["key"],
        "error": line["error"],
        "requestId": "request-under-test",
    }
    assert "ResourceNotFoundException" in line["error"]


def test_a_refused_connection_to_the_table_removes_the_object(storage, function_client, executor):
    # Given a table endpoint where nothing listens
    dynamodb = function_client("dynamodb", refusing_endpoint())
    stores = Stores(
        objects=S3ObjectStore(storage.s3, storage.bucket, executor),
        items=DynamoItemStore(dynamodb, storage.table, executor),
    )
    # When a UUID is written
    outcome = write_uuid(stores, deadlines_for(10_000))
    # Then the write definitely failed, and its object is gone
    assert isinstance(outcome, WriteFailed)
    assert outcome.step == "put-item"
    assert type(outcome.error).__name__ == "EndpointConnectionError"
    assert outcome.cleanup_error is None
    assert storage.objects() == []


def test_an_object_that_cannot_be_removed_is_reported_not_raised(storage, executor):
    # Given a table that does not exist and an object store that cannot delete
    real = S3ObjectStore(storage.s3, storage.bucket, executor)
    refusal = RuntimeError("delete refused")

    class CannotDelete:
        def put(self, key, body, deadline):
            real.put(key, body, deadline)

        def delete(self, key, deadline):
            raise refusal

    stores = Stores(
        objects=CannotDelete(), items=DynamoItemStore(storage.dynamodb, unique_name("missing"), executor)
    )
    # When a UUID is written
    outcome = write_uuid(stores, deadlines_for(10_000))
    # Then the outcome names the failed step, its cause, and the object left behind
    assert isinstance(outcome, WriteFailed)
    assert outcome.step == "put-item"
    assert outcome.cleanup_error is refusal
    assert storage.keys() == [outcome.key]


def test_a_taken_id_keeps_the_first_writes_object_and_item(storage, executor):
    # Given an id that is already stored, object and item
    stores = Stores(
        objects=S3ObjectStore(storage.s3, storage.bucket, executor),
        items=DynamoItemStore(storage.dynamodb, storage.table, executor),
    )
    id_ = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
    assert write_id(id_, stores, deadlines_for(10_000)).kind == "written"
    before = storage.items()
    # When the same id is written again
    outcome = write_id(id_, stores, deadlines_for(10_000))
    # Then it fails as a taken id, and the first write's object and item stay as they were
    assert isinstance(outcome, WriteFailed)
    assert isinstance(outcome.error, IdTakenError)
    assert outcome.cleanup_error is None
    assert storage.keys() == [f"python/{id_}"]
    assert storage.items() == before
