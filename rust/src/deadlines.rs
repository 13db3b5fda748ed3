//! How an invocation's remaining time is shared out, so the function always answers before Lambda
//! ends it: the writes give up in time to take the object back, and that gives up in time to answer.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

/// Kept after the last store call, for the log line and the answer.
pub const ANSWER_RESERVE: Duration = Duration::from_millis(500);

/// Kept after the writes, for the DeleteObject that takes back an object whose item failed.
pub const CLEANUP_RESERVE: Duration = Duration::from_millis(1_000);

/// When each kind of store call must have answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// PutObject and PutItem.
    pub writes: Instant,
    /// The compensating DeleteObject.
    pub cleanup: Instant,
}

impl Deadlines {
    pub fn with_time_left(remaining: Duration) -> Self {
        let now = Instant::now();
        Self {
            writes: now + remaining.saturating_sub(ANSWER_RESERVE + CLEANUP_RESERVE),
            cleanup: now + remaining.saturating_sub(ANSWER_RESERVE),
        }
    }

    /// From Lambda's deadline for the invocation, in milliseconds since the Unix epoch.
    pub fn until_epoch_ms(deadline_ms: u64) -> Self {
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| {
                u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
            });
        Self::with_time_left(Duration::from_millis(deadline_ms.saturating_sub(now_ms)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_stop_in_time_for_the_clean_up_and_the_answer() {
        // Given ten seconds left
        let before = Instant::now();
        let deadlines = Deadlines::with_time_left(Duration::from_secs(10));
        // Then the writes end 1.5 s early and the clean-up 0.5 s early
        assert!(deadlines.writes >= before + Duration::from_millis(8_500));
        assert!(deadlines.writes <= Instant::now() + Duration::from_millis(8_500));
        assert_eq!(deadlines.cleanup - deadlines.writes, CLEANUP_RESERVE);
    }

    #[test]
    fn no_time_left_gives_deadlines_that_have_passed() {
        // Given a Lambda deadline already in the past
        let deadlines = Deadlines::until_epoch_ms(0);
        // Then nothing may be sent
        assert!(deadlines.writes <= Instant::now());
        assert!(deadlines.cleanup <= Instant::now());
    }
}
