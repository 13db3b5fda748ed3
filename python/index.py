"""The handler module (`index.handler`): wiring only. Module scope runs once per execution
environment: configuration is read and both clients (with their keep-alive pools) are built here,
then shared by every invocation that environment serves.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from uuid_writer.config import read_config
from uuid_writer.deadlines import deadlines_for
from uuid_writer.http_response import log_failure, to_http_response
from uuid_writer.sdk_settings import POOL_CONNECTIONS, store_client
from uuid_writer.stores import DynamoItemStore, S3ObjectStore
from uuid_writer.write_uuid import Stores, Written, write_uuid

# A missing BUCKET_NAME or TABLE_NAME raises here, which Lambda reports as an init error.
_config = read_config(os.environ)
# Lambda's own variable, as the twins' SDKs read it (botocore on its own reads AWS_DEFAULT_REGION);
# without either, building a client raises NoRegionError: an init error too.
_region = os.environ.get("AWS_REGION") or None
# The threads the store calls run on, so each can be abandoned at its deadline.
_calls = ThreadPoolExecutor(max_workers=POOL_CONNECTIONS, thread_name_prefix="store-call")
_stores = Stores(
    objects=S3ObjectStore(
        store_client("s3", _config.s3_endpoint, _region, s3_path_style=_config.s3_path_style),
        _config.bucket_name,
        _calls,
    ),
    items=DynamoItemStore(
        store_client("dynamodb", _config.dynamodb_endpoint, _region), _config.table_name, _calls
    ),
)
_cold_start = True


def handler(_event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Never raises: a storage failure is an answer (502), not a Lambda error."""
    global _cold_start
    cold_start, _cold_start = _cold_start, False
    outcome = write_uuid(_stores, deadlines_for(context.get_remaining_time_in_millis()))
    if not isinstance(outcome, Written):
        log_failure(outcome, context.aws_request_id)
    return to_http_response(outcome, cold_start)
