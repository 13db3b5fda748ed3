"""The function's edge: what a caller sees of an outcome, and what the log keeps of a failure."""

import json
import logging
from typing import Any

from uuid_writer.store_call import summarize
from uuid_writer.write_uuid import RUNTIME, WriteFailed, WriteOutcome, WriteUnknown, Written

# The only failure body a caller ever sees; the detail goes to the log.
_STORAGE_UNAVAILABLE = json.dumps({"message": "storage unavailable"}, separators=(",", ":"))

logger = logging.getLogger("uuid_writer")


def to_http_response(outcome: WriteOutcome, cold_start: bool) -> dict[str, Any]:
    """API Gateway HTTP API payload 2.0's structured result."""
    headers = {"content-type": "application/json", "x-cold-start": "true" if cold_start else "false"}
    if not isinstance(outcome, Written):
        return {"statusCode": 502, "headers": headers, "body": _STORAGE_UNAVAILABLE}
    # Field order is the contract's, so the contenders answer byte-alike.
    body = {"id": outcome.id, "runtime": RUNTIME, "key": outcome.key, "coldStart": cold_start}
    return {"statusCode": 201, "headers": headers, "body": json.dumps(body, separators=(",", ":"))}


def log_failure(failure: WriteFailed | WriteUnknown, request_id: str) -> None:
    """One JSON line, so CloudWatch Logs Insights can filter on its fields: `outcome` says whether the
    store refused (`failed`) or may still apply the write (`unknown`), `key` names the object."""
    line: dict[str, str] = {
        "level": "ERROR",
        "message": _failure_message(failure),
        "outcome": failure.kind,
        "step": failure.step,
        "key": failure.key,
        "error": summarize(failure.error),
    }
    if isinstance(failure, WriteFailed) and failure.cleanup_error is not None:
        line["cleanupError"] = summarize(failure.cleanup_error)
    line["requestId"] = request_id
    logger.error(json.dumps(line, separators=(",", ":")).replace("\n", " "))


def _failure_message(failure: WriteFailed | WriteUnknown) -> str:
    if isinstance(failure, WriteUnknown):
        return "storage write outcome unknown, object kept"
    if failure.cleanup_error is None:
        return "storage write failed"
    return "storage write failed, object left behind"
