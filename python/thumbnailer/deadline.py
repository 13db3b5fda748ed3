"""The one deadline every store call of an invocation must answer by: Lambda's own, less the uuid
writer's reserve to log and return. The thumbnailer has no compensating call to save time for.
"""

import time

from uuid_writer.deadlines import ANSWER_RESERVE_S


def store_deadline(remaining_ms: int, now: float | None = None) -> float:
    """On the monotonic clock, from the invocation's `context.get_remaining_time_in_millis()`."""
    return (time.monotonic() if now is None else now) + remaining_ms / 1000 - ANSWER_RESERVE_S
