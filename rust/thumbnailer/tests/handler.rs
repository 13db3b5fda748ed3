//! One invocation as Lambda makes it: an S3 event and its context in, a summary out, one JSON log
//! line per refused upload; a store's failure becomes the error Lambda retries the event on.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_lambda_events::s3::S3Event;
use common::events::{event_of, put_record};
use common::silent::refusing_endpoint;
use common::{images, settings, with_storage};
use lambda_duel::logging::json_lines;
use lambda_duel_thumbnailer::Thumbnailer;
use lambda_duel_thumbnailer::handler::Summary;
use lambda_runtime::{Context, Diagnostic, LambdaEvent};
use serde_json::{Value, json};
use tracing::Level;
use tracing::instrument::WithSubscriber;

/// What Lambda hands the function: its request id and a deadline 10 s away.
fn invocation(event: S3Event) -> LambdaEvent<S3Event> {
    let mut context = Context::default();
    context.request_id = "request-under-test".to_owned();
    let deadline = SystemTime::now() + Duration::from_secs(10);
    let since_epoch = deadline.duration_since(UNIX_EPOCH).expect("after 1970");
    context.deadline = u64::try_from(since_epoch.as_millis()).expect("ms");
    LambdaEvent::new(event, context)
}

/// Log lines as the function writes them, kept in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn lines(&self) -> Vec<Value> {
        let text = String::from_utf8(self.0.lock().expect("log buffer").clone()).expect("utf-8");
        text.lines()
            .map(|line| serde_json::from_str(line).expect("a JSON line"))
            .collect()
    }
}

/// Handles the invocation with the function's own log format, and returns what it logged.
async fn handle<O, I>(
    thumbnailer: &Thumbnailer<O, I>,
    event: S3Event,
) -> (Result<Summary, Diagnostic>, Vec<Value>)
where
    O: lambda_duel_thumbnailer::stores::ObjectStore,
    I: lambda_duel_thumbnailer::stores::ItemStore,
{
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = json_lines(Level::INFO, move || writer.clone());
    let outcome = Box::pin(thumbnailer.handle(invocation(event)))
        .with_subscriber(subscriber)
        .await
        .map_err(Diagnostic::from);
    (outcome, log.lines())
}

#[tokio::test(flavor = "multi_thread")]
async fn handles_an_event_and_logs_one_json_line_for_the_record_it_refused() {
    with_storage(|storage| async move {
        // Given the function, and an event of a photo and a stray key
        let thumbnailer = Thumbnailer::new(storage.stores(), settings());
        let photo = images::jpeg(30, 20);
        storage.upload("uploads/rust/photo.jpg", &photo).await;
        let event = event_of([
            put_record(
                &storage.bucket,
                "uploads/rust/photo.jpg",
                Some(photo.len() as u64),
            ),
            put_record(&storage.bucket, "thumbnails/rust/photo.jpg", Some(10)),
        ]);

        // When Lambda invokes it
        let (outcome, lines) = handle(&thumbnailer, event).await;

        // Then one thumbnail is made, one failure recorded, and that failure is one log line
        assert_eq!(
            outcome,
            Ok(Summary {
                done: 1,
                failed: 1,
                skipped: 0
            })
        );
        assert_eq!(
            storage.keys().await,
            ["thumbnails/rust/photo.jpg", "uploads/rust/photo.jpg"]
        );
        let [line] = &lines[..] else {
            panic!("expected one line, got {lines:?}");
        };
        let error = line["error"].as_str().unwrap_or_default();
        assert!(
            error.contains("names nothing under the upload prefix 'uploads/rust/'"),
            "{error}"
        );
        let fields = [
            "level",
            "message",
            "outcome",
            "bucket",
            "key",
            "errorType",
            "requestId",
        ]
        .map(|name| line[name].clone());
        assert_eq!(
            fields,
            [
                json!("ERROR"),
                json!("upload refused, failure recorded"),
                json!("failed"),
                json!(storage.bucket),
                json!("thumbnails/rust/photo.jpg"),
                json!("outside-prefix"),
                json!("request-under-test"),
            ]
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn fails_the_invocation_when_the_table_is_unreachable_logging_the_key_it_stopped_at() {
    with_storage(|storage| async move {
        // Given the function with a DynamoDB endpoint where nothing listens
        let thumbnailer = Thumbnailer::new(storage.stores_with_table_at(&refusing_endpoint().await), settings());
        let event = event_of([put_record(&storage.bucket, "elsewhere/x.jpg", Some(1))]);

        // When Lambda invokes it, the invocation fails so that Lambda retries it
        let (outcome, lines) = handle(&thumbnailer, event).await;
        let diagnostic = outcome.expect_err("an error for Lambda");
        assert_eq!(diagnostic.error_type, "RecordNotFinishedError");
        assert!(
            diagnostic.error_message.starts_with("record 0 (key 'elsewhere/x.jpg') not finished, for Lambda to retry: DynamoDB PutItem failed"),
            "{}",
            diagnostic.error_message
        );
        // And the log says which key it stopped at, and why
        let [line] = &lines[..] else {
            panic!("expected one line, got {lines:?}");
        };
        assert_eq!((line["outcome"].as_str(), line["key"].as_str()), (Some("retry"), Some("elsewhere/x.jpg")));
        assert_eq!(line["message"], "store failed, event left for Lambda to retry");
        assert!(line["error"].as_str().is_some_and(|e| e.to_lowercase().contains("connection refused")), "{line}");
    })
    .await;
}
