//! The item the function keeps for every upload it was notified of, one per source key: a retry
//! of the same event puts the same key again and replaces the item, never adds a second. The
//! attribute names and types are the contract's (the Node twin's `metadata-item.ts`).

use crate::thumbnail::{Dimensions, ImageFailure, ImageFormat, KnownSource};

/// The table's partition key, a string.
pub const PARTITION_KEY: &str = "sourceKey";

/// Why an upload has no thumbnail: the record's reasons, and the image's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureType {
    InvalidKey,
    OutsidePrefix,
    TooLarge,
    Image(ImageFailure),
}

impl FailureType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidKey => "invalid-key",
            Self::OutsidePrefix => "outside-prefix",
            Self::TooLarge => "too-large",
            Self::Image(ImageFailure::NotAnImage) => "not-an-image",
            Self::Image(ImageFailure::UnsupportedFormat) => "unsupported-format",
            Self::Image(ImageFailure::TooManyPixels) => "too-many-pixels",
            Self::Image(ImageFailure::CorruptImage) => "corrupt-image",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoneItem {
    /// The upload's key, decoded.
    pub source_key: String,
    pub thumbnail_key: String,
    pub format: ImageFormat,
    /// As the photo stands, after EXIF orientation.
    pub source: Dimensions,
    pub source_bytes: u64,
    pub thumbnail: Dimensions,
    pub thumbnail_bytes: u64,
    /// The record's `eventTime`: when S3 finished the upload.
    pub event_time: String,
    /// When the function put this item: ISO-8601, UTC, milliseconds.
    pub processed_at: String,
}

/// A permanent failure: no thumbnail was written, and a retry would fail the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedItem {
    /// Decoded, or as the event carried it when it does not decode.
    pub source_key: String,
    pub event_time: String,
    pub processed_at: String,
    pub error_type: FailureType,
    pub error_message: String,
    /// What was known of the source when it failed.
    pub known: KnownSource,
    pub source_bytes: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetadataItem {
    Done(DoneItem),
    Failed(FailedItem),
}

/// An attribute's value as DynamoDB types it: S or N.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attribute {
    S(String),
    N(u64),
}

impl MetadataItem {
    /// Every attribute the item has, by its contract name; a failed item leaves out what it
    /// did not learn of the source.
    pub fn attributes(&self) -> Vec<(&'static str, Attribute)> {
        let text = |value: &str| Attribute::S(value.to_owned());
        match self {
            Self::Done(item) => vec![
                (PARTITION_KEY, text(&item.source_key)),
                ("thumbnailKey", text(&item.thumbnail_key)),
                ("format", text(item.format.as_str())),
                ("sourceWidth", Attribute::N(item.source.width.into())),
                ("sourceHeight", Attribute::N(item.source.height.into())),
                ("sourceBytes", Attribute::N(item.source_bytes)),
                ("thumbnailWidth", Attribute::N(item.thumbnail.width.into())),
                (
                    "thumbnailHeight",
                    Attribute::N(item.thumbnail.height.into()),
                ),
                ("thumbnailBytes", Attribute::N(item.thumbnail_bytes)),
                ("eventTime", text(&item.event_time)),
                ("processedAt", text(&item.processed_at)),
                ("status", text("done")),
            ],
            Self::Failed(item) => {
                let mut attributes = vec![
                    (PARTITION_KEY, text(&item.source_key)),
                    ("eventTime", text(&item.event_time)),
                    ("processedAt", text(&item.processed_at)),
                    ("status", text("failed")),
                    ("errorType", text(item.error_type.as_str())),
                    ("errorMessage", text(&item.error_message)),
                ];
                if let Some(format) = &item.known.format {
                    attributes.push(("format", text(format)));
                }
                if let Some(size) = item.known.dimensions {
                    attributes.push(("sourceWidth", Attribute::N(size.width.into())));
                    attributes.push(("sourceHeight", Attribute::N(size.height.into())));
                }
                if let Some(bytes) = item.source_bytes {
                    attributes.push(("sourceBytes", Attribute::N(bytes)));
                }
                attributes
            }
        }
    }
}
