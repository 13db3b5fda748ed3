"""What the log keeps of a record: one JSON line per permanent failure, and one for the store
failure that ends an invocation for Lambda to retry, with the Node twin's fields
(handlers/thumbnailer/outcome-log.ts), so CloudWatch Logs Insights filters them alike. Successes
leave no line; their item is the record.
"""

import json
import logging

from thumbnailer.process_records import Failed, RecordNotFinishedError, RecordOutcome
from uuid_writer.store_call import summarize

logger = logging.getLogger("thumbnailer")


def log_outcome(outcome: RecordOutcome, request_id: str) -> None:
    if not isinstance(outcome, Failed):
        return
    item = outcome.item
    line = {
        "level": "ERROR",
        "message": "upload refused, failure recorded",
        "outcome": "failed",
        "bucket": outcome.bucket,
        "key": item.source_key,
        "errorType": item.error_type,
        "error": item.error_message,
        "requestId": request_id,
    }
    logger.error(json.dumps(line, separators=(",", ":")))


def log_retry(error: RecordNotFinishedError, request_id: str) -> None:
    cause = error.__cause__ or error
    line = {
        "level": "ERROR",
        "message": "store failed, event left for Lambda to retry",
        "outcome": "retry",
        "key": error.key,
        "error": summarize(cause),
        "requestId": request_id,
    }
    logger.error(json.dumps(line, separators=(",", ":")))
