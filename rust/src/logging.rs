//! One JSON object per log line, which CloudWatch Logs Insights parses without a pattern.

use tracing::Level;

/// Honours the level Lambda's advanced logging controls set; INFO otherwise.
pub fn init() {
    let level = std::env::var("AWS_LAMBDA_LOG_LEVEL")
        .ok()
        .and_then(|level| level.parse::<Level>().ok())
        .unwrap_or(Level::INFO);
    tracing_subscriber::fmt()
        .json()
        .with_max_level(level)
        .with_target(false)
        // `message` and the event's fields at the top level, where Logs Insights finds them.
        .flatten_event(true)
        // The runtime's invoke span carries the request id; flatten it into each line.
        .with_current_span(true)
        .with_span_list(false)
        .init();
}
