"""How both boto3 clients connect, time out and retry, whatever time the invocation has left: one
slow attempt must not use up the budget, and a retry must never hide whether a write took effect.
"""

import random
from typing import Any

import boto3
from botocore.client import BaseClient
from botocore.config import Config
from botocore.retries.standard import RetryEventAdapter, StandardRetryConditions

from uuid_writer.store_call import connection_refused

CONNECT_TIMEOUT_S = 1.0
# Per socket read, so in effect per attempt: the stores' local servers and AWS answer in milliseconds.
READ_TIMEOUT_S = 3.0
MAX_ATTEMPTS = 3
# Full-jitter exponential backoff from this base, the same as the twins'.
BACKOFF_BASE_S = 0.1
# One invocation at a time per environment, two calls one after the other; the rest is for calls
# abandoned at their deadline, which hold a connection until their read timeout.
POOL_CONNECTIONS = 4


def client_config(*, s3_path_style: bool = False) -> Config:
    return Config(
        connect_timeout=CONNECT_TIMEOUT_S,
        read_timeout=READ_TIMEOUT_S,
        retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS},
        max_pool_connections=POOL_CONNECTIONS,
        s3={"addressing_style": "path" if s3_path_style else "virtual"},
    )


def store_client(
    service: str, endpoint: str | None, region: str | None, *, s3_path_style: bool = False
) -> BaseClient:
    """A boto3 client as every Python function builds its own, once per execution environment."""
    return retry_only_what_cannot_have_taken_effect(
        boto3.client(
            service,
            region_name=region,
            endpoint_url=endpoint,
            config=client_config(s3_path_style=s3_path_style),
        )
    )


def retry_only_what_cannot_have_taken_effect(client: BaseClient) -> BaseClient:
    """Replaces the client's standard retry handler by one that retries an attempt only when the
    standard mode would and the attempt cannot have taken effect (refused or throttled), so the last
    attempt's error tells the call's outcome.
    """
    service = client.meta.service_model.service_id.hyphenize()
    client.meta.events.unregister(f"needs-retry.{service}", unique_id=f"retry-config-{service}")
    client.meta.events.register(
        f"needs-retry.{service}",
        _RetryDecision(),
        unique_id=f"retry-only-what-cannot-have-taken-effect-{service}",
    )
    return client


class _RetryDecision:
    """botocore's `needs-retry` handler: the delay before the next attempt in seconds, or None."""

    def __init__(self) -> None:
        self._adapter = RetryEventAdapter()
        self._standard = StandardRetryConditions(max_attempts=MAX_ATTEMPTS)

    def __call__(self, **kwargs: Any) -> float | None:
        context = self._adapter.create_retry_context(**kwargs)
        if not self._standard.is_retryable(context):
            return None
        answered_refusal = context.http_response is not None and context.http_response.status_code < 500
        refused_connection = context.caught_exception is not None and connection_refused(
            context.caught_exception
        )
        if not (answered_refusal or refused_connection):
            return None
        return random.random() * BACKOFF_BASE_S * 2 ** (context.attempt_number - 1)
