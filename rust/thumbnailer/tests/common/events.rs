//! S3 events as Lambda delivers them, made from the record AWS's own documentation captured (the
//! stand-in's `local/events/testing/aws-s3-put-event.json`), with the bucket, key and size of the
//! object under test; the key is form-encoded as S3 writes it.

use aws_lambda_events::event::s3::{S3Event, S3EventRecord};
use serde_json::{Value, json};

const CAPTURED: &str = include_str!("../../../../local/events/testing/aws-s3-put-event.json");

/// The `eventTime` of every record made here.
pub const EVENT_TIME: &str = "2026-12-02T04:00:00.123Z";

/// The record S3 sends for `key` in `bucket`; `size` is left out when `None`.
pub fn put_record(bucket: &str, key: &str, size: Option<u64>) -> S3EventRecord {
    let mut event: Value = serde_json::from_str(CAPTURED).expect("captured event");
    let record = &mut event["Records"][0];
    record["eventTime"] = json!(EVENT_TIME);
    record["s3"]["bucket"]["name"] = json!(bucket);
    record["s3"]["bucket"]["arn"] = json!(format!("arn:aws:s3:::{bucket}"));
    let object = &mut record["s3"]["object"];
    object["key"] = json!(encode_event_key(key));
    match size {
        Some(size) => object["size"] = json!(size),
        None => drop(object.as_object_mut().and_then(|o| o.remove("size"))),
    }
    serde_json::from_value(record.take()).expect("an S3 record")
}

/// The same record for another event, e.g. `ObjectRemoved:Delete`.
pub fn with_event_name(mut record: S3EventRecord, event_name: &str) -> S3EventRecord {
    record.event_name = Some(event_name.to_owned());
    record
}

pub fn event_of(records: impl IntoIterator<Item = S3EventRecord>) -> S3Event {
    let mut event = S3Event::default();
    event.records = records.into_iter().collect();
    event
}

/// WHATWG form-urlencoding with '/' kept, as S3 writes keys in events (`formats/s3-event.ts`).
pub fn encode_event_key(key: &str) -> String {
    key.bytes()
        .map(|byte| match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' | b'/' => {
                char::from(byte).to_string()
            }
            b' ' => "+".to_owned(),
            other => format!("%{other:02X}"),
        })
        .collect()
}
