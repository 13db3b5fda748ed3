//! What the thumbnailer asks of each store and nothing more, behind traits. Every call must answer
//! by its deadline, through the UUID writer's `call_by`; any failure is the store's (unreachable,
//! throttled, refused, no time left), which the caller ends the invocation on so Lambda retries
//! the event. Both writes overwrite, so a retry repeats them harmlessly.

mod dynamodb;
mod s3;

use std::future::Future;

use lambda_duel::stores::{ItemStoreError, ObjectStoreError};
use thiserror::Error;
use tokio::time::Instant;

use crate::metadata_item::MetadataItem;

pub use dynamodb::DynamoMetadataStore;
pub use s3::S3ImageStore;

/// An upload's bytes, or how many it has when that is more than the caller would read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceObject {
    Read(Vec<u8>),
    TooLarge { bytes: u64 },
}

/// Objects in the bucket each record names.
pub trait ObjectStore: Send + Sync {
    /// Reads the object whole, unless its ContentLength or its body exceeds `max_bytes`; then
    /// stops reading.
    fn read(
        &self,
        bucket: &str,
        key: &str,
        max_bytes: u64,
        deadline: Instant,
    ) -> impl Future<Output = Result<SourceObject, ObjectStoreError>> + Send;
    /// Puts the object, replacing any under the key.
    fn write(
        &self,
        bucket: &str,
        key: &str,
        body: Vec<u8>,
        content_type: &str,
        deadline: Instant,
    ) -> impl Future<Output = Result<(), ObjectStoreError>> + Send;
}

/// The metadata table.
pub trait ItemStore: Send + Sync {
    /// Puts the item, replacing the one with the same source key.
    fn put(
        &self,
        item: &MetadataItem,
        deadline: Instant,
    ) -> impl Future<Output = Result<(), ItemStoreError>> + Send;
}

/// A store call that failed: S3's or DynamoDB's, as the UUID writer names them.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error(transparent)]
    Object(#[from] ObjectStoreError),
    #[error(transparent)]
    Item(#[from] ItemStoreError),
}
