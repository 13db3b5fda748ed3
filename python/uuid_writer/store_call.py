"""One store call under a deadline, and what its failure means for the data: a store that refused
applied nothing; one that did not answer may still apply the call later.
"""

import concurrent.futures
import time
from collections.abc import Callable
from typing import TypeVar

from botocore.exceptions import ClientError, EndpointConnectionError

T = TypeVar("T")


class OutcomeUnknownError(Exception):
    """No definite answer (none by the deadline, a dropped connection, a 5xx): it may still take effect."""

    def __init__(self, operation: str, cause: BaseException) -> None:
        super().__init__(f"{operation} got no definite answer ({summarize(cause)}): it may still take effect")


class NoTimeLeftError(Exception):
    """The deadline had passed before the call was sent: nothing reached the store."""

    def __init__(self, operation: str) -> None:
        super().__init__(f"{operation} was not sent: its deadline had passed")


class NoAnswerByDeadlineError(Exception):
    def __init__(self) -> None:
        super().__init__("no answer by its deadline")


def call_by(
    operation: str, deadline: float, send: Callable[[], T], executor: concurrent.futures.Executor
) -> T:
    """Sends the call unless its deadline (monotonic seconds) has passed, and abandons it there.

    botocore has no way to cancel a call, so the call runs on one of the executor's threads and the
    caller stops waiting at the deadline; an abandoned attempt ends by itself within the client's
    read timeout. Raises OutcomeUnknownError when the store may still apply the call; any other
    exception means it did not.
    """
    time_left = deadline - time.monotonic()
    if time_left <= 0:
        raise NoTimeLeftError(operation)
    future = executor.submit(send)
    done, _ = concurrent.futures.wait([future], timeout=time_left)
    if not done:
        # Still queued behind abandoned calls: it never started, so nothing was sent.
        if future.cancel():
            raise NoTimeLeftError(operation)
        raise OutcomeUnknownError(operation, NoAnswerByDeadlineError())
    error = future.exception()
    if error is None:
        return future.result()
    if cannot_have_taken_effect(error):
        raise error
    raise OutcomeUnknownError(operation, error) from error


def cannot_have_taken_effect(error: BaseException) -> bool:
    """True when the store answered with a refusal (below 500) or the connection was refused, so
    nothing was applied. A timeout, a dropped connection or a 5xx may have been applied.
    """
    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return isinstance(status, int) and status < 500
    if isinstance(error, EndpointConnectionError):
        return connection_refused(error)
    return False


def connection_refused(error: BaseException) -> bool:
    """Whether a ConnectionRefusedError is somewhere in the exception's chain of causes."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, ConnectionRefusedError):
            return True
        seen.add(id(cause))
        # botocore keeps urllib3's error in `kwargs["error"]`; urllib3 chains the OSError.
        wrapped = getattr(cause, "kwargs", {}).get("error") if hasattr(cause, "kwargs") else None
        cause = wrapped if isinstance(wrapped, BaseException) else (cause.__cause__ or cause.__context__)
    return False


def summarize(error: BaseException) -> str:
    """Name and message only: botocore errors carry request metadata, and a traceback is many lines."""
    return f"{type(error).__name__}: {error}"
