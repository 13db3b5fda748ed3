"""The edge: what a caller sees of a failure, and the one log line it leaves."""

import json
import logging

from uuid_writer.http_response import log_failure, to_http_response
from uuid_writer.store_call import OutcomeUnknownError
from uuid_writer.write_uuid import WriteFailed, WriteUnknown


def test_any_failure_is_the_same_fixed_502():
    # Given a failure whose cause carries internal detail
    error = ConnectionError("connect ECONNREFUSED 10.0.0.7:443 at /var/task/index.py:1")
    # When it is turned into a response
    result = to_http_response(WriteFailed("put-object", "python/x", error), cold_start=False)
    # Then the caller sees none of it
    assert result == {
        "statusCode": 502,
        "headers": {"content-type": "application/json", "x-cold-start": "false"},
        "body": '{"message":"storage unavailable"}',
    }


def test_a_failed_clean_up_is_logged_on_one_line_naming_the_object_left(caplog):
    # Given a failed write whose clean-up failed too
    failure = WriteFailed(
        "put-item", "python/x", LookupError("Requested resource not found"), ConnectionError("socket hang up")
    )
    # When it is logged
    with caplog.at_level(logging.ERROR, logger="uuid_writer"):
        log_failure(failure, "req-1")
    # Then one line says what failed, for which request, and which object remains
    [record] = caplog.records
    assert "\n" not in record.getMessage()
    assert json.loads(record.getMessage()) == {
        "level": "ERROR",
        "message": "storage write failed, object left behind",
        "outcome": "failed",
        "step": "put-item",
        "key": "python/x",
        "error": "LookupError: Requested resource not found",
        "cleanupError": "ConnectionError: socket hang up",
        "requestId": "req-1",
    }


def test_an_unknown_outcome_says_so_and_names_the_kept_object(caplog):
    # Given a write that got no answer by its deadline
    error = OutcomeUnknownError("DynamoDB PutItem", TimeoutError("no answer by its deadline"))
    # When it is logged
    with caplog.at_level(logging.ERROR, logger="uuid_writer"):
        log_failure(WriteUnknown("put-item", "python/x", error), "req-2")
    # Then the line marks the outcome unknown
    [line] = [json.loads(record.getMessage()) for record in caplog.records]
    assert line["outcome"] == "unknown"
    assert line["message"] == "storage write outcome unknown, object kept"
    assert line["error"].startswith("OutcomeUnknownError: DynamoDB PutItem got no definite answer")
