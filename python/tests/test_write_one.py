"""POST /python, the contract's success: one object and one item per call, and the 201 that names them."""

import json
import re
from datetime import UTC, datetime

from invocation import POST_PYTHON, context_with_time_left

UUID_V4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_stores_the_uuid_as_object_and_item_and_answers_201(load_entry, storage):
    # Given a freshly loaded function with its bucket and table
    entry = load_entry(storage.env)
    before = datetime.now(UTC)
    # When it is called once
    result = entry.handler(POST_PYTHON, context_with_time_left(10_000))
    # Then it answers 201 with exactly the id, runtime, key and cold-start flag, in the payload 2.0 shape
    body = json.loads(result["body"])
    key = f"python/{body['id']}"
    assert result["statusCode"] == 201
    assert result["headers"] == {"content-type": "application/json", "x-cold-start": "true"}
    assert list(body) == ["id", "runtime", "key", "coldStart"]
    assert body == {"id": body["id"], "runtime": "python", "key": key, "coldStart": True}
    assert UUID_V4.match(body["id"])
    # And exactly one object holds the UUID under that key, as text
    assert storage.objects() == [{"key": key, "body": body["id"], "contentType": "text/plain"}]
    # And exactly one item records it, stamped in UTC at the time of the call
    [item] = storage.items()
    assert item == {"id": body["id"], "runtime": "python", "s3Key": key, "createdAt": item["createdAt"]}
    assert item["createdAt"].endswith("Z")
    created_at = datetime.fromisoformat(item["createdAt"].replace("Z", "+00:00"))
    assert before.replace(microsecond=before.microsecond // 1000 * 1000) <= created_at <= datetime.now(UTC)


def test_only_the_first_call_of_an_environment_is_a_cold_start(load_entry, storage):
    # Given a freshly loaded function
    entry = load_entry(storage.env)
    # When it is called twice
    first = entry.handler(POST_PYTHON, context_with_time_left(10_000))
    second = entry.handler(POST_PYTHON, context_with_time_left(10_000))
    # Then the first says cold start, in header and body, and the second does not
    assert first["headers"]["x-cold-start"] == "true"
    assert json.loads(first["body"])["coldStart"] is True
    assert second["headers"]["x-cold-start"] == "false"
    assert json.loads(second["body"])["coldStart"] is False


def test_every_call_gets_a_new_uuid_v4(load_entry, storage):
    # Given a loaded function
    entry = load_entry(storage.env)
    # When it is called ten times in a row
    ids = [
        json.loads(entry.handler(POST_PYTHON, context_with_time_left(10_000))["body"])["id"]
        for _ in range(10)
    ]
    # Then every id is a version 4 UUID and no two are the same
    assert all(UUID_V4.match(id_) for id_ in ids)
    assert len(set(ids)) == len(ids)
    assert len(storage.items()) == 10
