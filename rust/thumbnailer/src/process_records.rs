//! The contract every contender follows, written out in full at the top of the Node twin's
//! `handlers/thumbnailer/process-records.ts`. In short, for each record in order: skip what is not
//! `ObjectCreated:*`; form-decode the key and require it under the upload prefix; refuse an upload
//! over the maximum before reading it whole; read it; make the thumbnail (JPEG or PNG, header
//! checked first); put it under the thumbnail prefix; put the metadata item. A permanent failure
//! puts a `failed` item and goes on with the next record; a store's failure ends the event, for
//! Lambda to retry it.

use std::time::SystemTime;

use aws_lambda_events::event::s3::{S3Event, S3EventRecord};
use chrono::{DateTime, SecondsFormat, Utc};
use lambda_duel::stores::ObjectStoreError;
use thiserror::Error;
use tokio::time::Instant;

use crate::config::Settings;
use crate::event_key::decode_event_key;
use crate::metadata_item::{DoneItem, FailedItem, FailureType, MetadataItem};
use crate::stores::{ItemStore, ObjectStore, SourceObject, StoreError};
use crate::thumbnail::{ImageError, KnownSource, make_thumbnail};

#[derive(Debug, Clone)]
pub struct Stores<O, I> {
    pub objects: O,
    pub items: I,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordOutcome {
    Done { bucket: String, item: DoneItem },
    Failed { bucket: String, item: FailedItem },
    Skipped { key: String, event_name: String },
}

/// A store failed on a record: the invocation fails so that Lambda retries the whole event.
#[derive(Debug, Error)]
#[error("record {index} (key '{key}') not finished, for Lambda to retry")]
pub struct RecordNotFinished {
    pub index: usize,
    /// As the event carries it.
    pub key: String,
    #[source]
    pub source: StoreError,
}

/// Handles the records in order, calling `report` with each one's outcome as it is settled, and
/// returns them all; stops with [`RecordNotFinished`] at the first store failure.
pub async fn process_records(
    event: &S3Event,
    stores: &Stores<impl ObjectStore, impl ItemStore>,
    settings: &Settings,
    deadline: Instant,
    mut report: impl FnMut(&RecordOutcome),
) -> Result<Vec<RecordOutcome>, RecordNotFinished> {
    let mut outcomes = Vec::with_capacity(event.records.len());
    for (index, record) in event.records.iter().enumerate() {
        let outcome = process_record(record, stores, settings, deadline)
            .await
            .map_err(|source| RecordNotFinished {
                index,
                key: encoded_key(record).to_owned(),
                source,
            })?;
        report(&outcome);
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

/// A permanent failure found on the way: what the failed item says.
struct Refusal {
    error_type: FailureType,
    message: String,
    known: KnownSource,
    bytes: Option<u64>,
}

/// Why a record got no thumbnail: a refusal is recorded, a store's failure ends the event.
enum NotDone {
    Refused(Refusal),
    Store(StoreError),
}

impl From<Refusal> for NotDone {
    fn from(refusal: Refusal) -> Self {
        Self::Refused(refusal)
    }
}

impl From<ObjectStoreError> for NotDone {
    fn from(err: ObjectStoreError) -> Self {
        Self::Store(err.into())
    }
}

/// An upload's key, decoded, and where its thumbnail goes.
struct Located {
    source_key: String,
    thumbnail_key: String,
}

async fn process_record(
    record: &S3EventRecord,
    Stores { objects, items }: &Stores<impl ObjectStore, impl ItemStore>,
    settings: &Settings,
    deadline: Instant,
) -> Result<RecordOutcome, StoreError> {
    let event_name = record.event_name.as_deref().unwrap_or_default();
    if !event_name.starts_with("ObjectCreated:") {
        return Ok(RecordOutcome::Skipped {
            key: encoded_key(record).to_owned(),
            event_name: event_name.to_owned(),
        });
    }
    let bucket = bucket(record).to_owned();
    let (source_key, done) = match locate(encoded_key(record), settings) {
        Ok(located) => {
            let done = thumbnail_upload(record, &located, objects, settings, deadline).await;
            (located.source_key, done)
        }
        // The key as it came, since it does not decode.
        Err(refusal) => (encoded_key(record).to_owned(), Err(refusal.into())),
    };
    match done {
        Ok(item) => {
            items
                .put(&MetadataItem::Done(item.clone()), deadline)
                .await?;
            Ok(RecordOutcome::Done { bucket, item })
        }
        Err(NotDone::Refused(refusal)) => {
            let item = failed_item(source_key, event_time(record), refusal);
            items
                .put(&MetadataItem::Failed(item.clone()), deadline)
                .await?;
            Ok(RecordOutcome::Failed { bucket, item })
        }
        Err(NotDone::Store(err)) => Err(err),
    }
}

/// Reads the upload, makes its thumbnail and writes it: the item that says so, once it is put.
async fn thumbnail_upload(
    record: &S3EventRecord,
    located: &Located,
    objects: &impl ObjectStore,
    settings: &Settings,
    deadline: Instant,
) -> Result<DoneItem, NotDone> {
    let source = read_source(record, &located.source_key, settings, objects, deadline).await?;
    let source_bytes = byte_count(&source);
    let thumbnail = make_thumbnail(&source).map_err(|err| refused_image(err, source_bytes))?;
    // A 12 MP photo's pixels are gone by now; its bytes need not outlive them.
    drop(source);
    let thumbnail_bytes = byte_count(&thumbnail.bytes);
    let content_type = thumbnail.format.content_type();
    let (bucket, key) = (bucket(record), &located.thumbnail_key);
    objects
        .write(bucket, key, thumbnail.bytes, content_type, deadline)
        .await?;
    Ok(DoneItem {
        source_key: located.source_key.clone(),
        thumbnail_key: located.thumbnail_key.clone(),
        format: thumbnail.format,
        source: thumbnail.source,
        source_bytes,
        thumbnail: thumbnail.thumbnail,
        thumbnail_bytes,
        event_time: event_time(record),
        processed_at: now(),
    })
}

fn encoded_key(record: &S3EventRecord) -> &str {
    record.s3.object.key.as_deref().unwrap_or_default()
}

/// Where the upload is, and where its thumbnail goes.
fn bucket(record: &S3EventRecord) -> &str {
    record.s3.bucket.name.as_deref().unwrap_or_default()
}

/// S3 writes it in UTC with milliseconds, as this does; chrono has parsed it already.
fn event_time(record: &S3EventRecord) -> String {
    record
        .event_time
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The decoded key and its thumbnail's; a refusal for a key that is not the function's to read.
fn locate(encoded: &str, settings: &Settings) -> Result<Located, Refusal> {
    let source_key = decode_event_key(encoded)
        .map_err(|err| refusal(FailureType::InvalidKey, err.to_string()))?;
    match source_key.strip_prefix(&settings.upload_prefix) {
        Some(name) if !name.is_empty() => {
            let thumbnail_key = format!("{}{name}", settings.thumbnail_prefix);
            Ok(Located {
                source_key,
                thumbnail_key,
            })
        }
        _ => Err(refusal(
            FailureType::OutsidePrefix,
            format!(
                "the key '{source_key}' names nothing under the upload prefix '{}'",
                settings.upload_prefix
            ),
        )),
    }
}

/// The upload's bytes; a refusal, before reading it whole, for one over the maximum: by the
/// record's size, then by what S3 says and sends.
async fn read_source(
    record: &S3EventRecord,
    key: &str,
    settings: &Settings,
    objects: &impl ObjectStore,
    deadline: Instant,
) -> Result<Vec<u8>, NotDone> {
    let max = settings.max_source_bytes;
    let event_size = record
        .s3
        .object
        .size
        .and_then(|size| u64::try_from(size).ok());
    if let Some(bytes) = event_size.filter(|&bytes| bytes > max) {
        return Err(too_large(bytes, max).into());
    }
    match objects.read(bucket(record), key, max, deadline).await? {
        SourceObject::Read(bytes) => Ok(bytes),
        SourceObject::TooLarge { bytes } => Err(too_large(bytes, max).into()),
    }
}

fn refusal(error_type: FailureType, message: String) -> Refusal {
    Refusal {
        error_type,
        message,
        known: KnownSource::default(),
        bytes: None,
    }
}

fn too_large(bytes: u64, max: u64) -> Refusal {
    Refusal {
        bytes: Some(bytes),
        ..refusal(
            FailureType::TooLarge,
            format!("the upload has {bytes} bytes, more than the {max} the function reads"),
        )
    }
}

fn refused_image(err: ImageError, bytes: u64) -> Refusal {
    Refusal {
        error_type: FailureType::Image(err.failure),
        message: err.message,
        known: err.known,
        bytes: Some(bytes),
    }
}

fn failed_item(source_key: String, event_time: String, refusal: Refusal) -> FailedItem {
    FailedItem {
        source_key,
        event_time,
        processed_at: now(),
        error_type: refusal.error_type,
        error_message: refusal.message,
        known: refusal.known,
        source_bytes: refusal.bytes,
    }
}

fn byte_count(bytes: &[u8]) -> u64 {
    u64::try_from(bytes.len()).unwrap_or(u64::MAX)
}

/// ISO-8601 in UTC with milliseconds, as JavaScript's `toISOString()` writes it.
fn now() -> String {
    DateTime::<Utc>::from(SystemTime::now()).to_rfc3339_opts(SecondsFormat::Millis, true)
}
