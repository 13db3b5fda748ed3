//! One JSON object per log line, which CloudWatch Logs Insights parses without a pattern.

use tracing::Level;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::fmt::format::{Format, Json, JsonFields};
use tracing_subscriber::fmt::{MakeWriter, Subscriber};

/// Honours the level Lambda's advanced logging controls set; INFO otherwise.
pub fn init() {
    let level = std::env::var("AWS_LAMBDA_LOG_LEVEL")
        .ok()
        .and_then(|level| level.parse::<Level>().ok())
        .unwrap_or(Level::INFO);
    tracing::subscriber::set_global_default(json_lines(level, std::io::stdout))
        .expect("logging is set up once, at cold start");
}

/// The lines as the functions write them, to `writer`: tests read them from a buffer.
pub fn json_lines<W>(
    level: Level,
    writer: W,
) -> Subscriber<JsonFields, Format<Json>, LevelFilter, W>
where
    W: for<'writer> MakeWriter<'writer> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .json()
        .with_max_level(level)
        .with_writer(writer)
        .with_target(false)
        // `message` and the event's fields at the top level, where Logs Insights finds them.
        .flatten_event(true)
        // The runtime's invoke span carries the request id; flatten it into each line.
        .with_current_span(true)
        .with_span_list(false)
        .finish()
}
