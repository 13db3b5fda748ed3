"""Test-only: what API Gateway and Lambda hand the handler."""

import json
import logging
import time
from types import SimpleNamespace
from typing import Any


def context_with_time_left(remaining_ms: int, request_id: str = "request-under-test") -> Any:
    """What Lambda hands the function: its request id and the time left before its timeout."""
    deadline = time.monotonic() + remaining_ms / 1000
    return SimpleNamespace(
        aws_request_id=request_id,
        get_remaining_time_in_millis=lambda: int((deadline - time.monotonic()) * 1000),
    )


# What API Gateway sends for `POST /python`; the function reads none of it.
POST_PYTHON = {
    "version": "2.0",
    "routeKey": "POST /python",
    "rawPath": "/python",
    "rawQueryString": "",
    "headers": {},
    "isBase64Encoded": False,
}


def invoke_logging(
    entry: Any, caplog: Any, remaining_ms: int = 10_000
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Calls the handler once, and hands back its result and the JSON lines the function logged."""
    with caplog.at_level(logging.ERROR, logger="uuid_writer"):
        result = entry.handler(POST_PYTHON, context_with_time_left(remaining_ms))
    lines = [json.loads(record.getMessage()) for record in caplog.records if record.name == "uuid_writer"]
    return result, lines
