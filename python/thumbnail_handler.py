"""The thumbnailer's handler module (`thumbnail_handler.handler`): wiring only. Module scope runs
once per execution environment: configuration is read and both clients (with their keep-alive
pools) are built here, then shared by every invocation that environment serves.
"""

import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from thumbnailer.config import read_config
from thumbnailer.deadline import store_deadline
from thumbnailer.outcome_log import log_outcome, log_retry
from thumbnailer.process_records import RecordNotFinishedError, Stores, process_records
from thumbnailer.stores import DynamoItemStore, S3ObjectStore
from uuid_writer.sdk_settings import POOL_CONNECTIONS, store_client

# A missing or unusable variable raises here, which Lambda reports as an init error naming it.
_config = read_config(os.environ)
# Lambda's own variable, as the uuid writer reads it.
_region = os.environ.get("AWS_REGION") or None
# The threads the store calls run on, so each can be abandoned at its deadline.
_calls = ThreadPoolExecutor(max_workers=POOL_CONNECTIONS, thread_name_prefix="store-call")
_endpoints = _config.endpoints
_stores = Stores(
    objects=S3ObjectStore(
        store_client("s3", _endpoints.s3, _region, s3_path_style=_endpoints.s3_path_style), _calls
    ),
    items=DynamoItemStore(store_client("dynamodb", _endpoints.dynamodb, _region), _config.table_name, _calls),
)


def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    """How the event's records ended, as counts; Lambda ignores it on an asynchronous invocation, a
    direct caller reads it. A store's failure is raised on, so the invocation fails and Lambda retries."""
    deadline = store_deadline(context.get_remaining_time_in_millis())
    try:
        outcomes = process_records(
            event,
            _stores,
            _config.settings,
            deadline,
            lambda outcome: log_outcome(outcome, context.aws_request_id),
        )
    except RecordNotFinishedError as error:
        log_retry(error, context.aws_request_id)
        raise
    kinds = Counter(outcome.kind for outcome in outcomes)
    return {kind: kinds[kind] for kind in ("done", "failed", "skipped")}
