"""How an invocation's remaining time is shared out, so the function always answers before Lambda
ends it: the writes give up in time to take the object back, and that gives up in time to answer.
"""

import time
from dataclasses import dataclass

# Kept after the last store call, for the log line and the answer.
ANSWER_RESERVE_S = 0.5
# Kept after the writes, for the DeleteObject that takes back an object whose item failed.
CLEANUP_RESERVE_S = 1.0


@dataclass(frozen=True)
class Deadlines:
    """Times on the monotonic clock (`time.monotonic()`) by which each kind of store call must answer."""

    # PutObject and PutItem.
    writes: float
    # The compensating DeleteObject.
    cleanup: float


def deadlines_for(remaining_ms: int, now: float | None = None) -> Deadlines:
    """From the invocation's remaining time, `context.get_remaining_time_in_millis()`."""
    end = (time.monotonic() if now is None else now) + remaining_ms / 1000
    return Deadlines(writes=end - ANSWER_RESERVE_S - CLEANUP_RESERVE_S, cleanup=end - ANSWER_RESERVE_S)
