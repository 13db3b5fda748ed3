//! The two places a call writes to, behind traits narrow enough that the workflow reads like the
//! contract: put an object, take it back, put an item that must be new.

pub mod call;
mod dynamodb;
mod s3;

use std::error::Error;
use std::fmt::{Debug, Write};
use std::future::Future;

use aws_sdk_dynamodb::primitives::DateTime;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::operation::RequestId;
use thiserror::Error;
use tokio::time::Instant;

pub use call::RetryOnlyWhatCannotHaveTakenEffect;
pub use dynamodb::DynamoItemStore;
pub use s3::S3ObjectStore;

pub type BoxError = Box<dyn Error + Send + Sync>;

/// Holds the text objects, one per stored id. Each call must answer by its deadline.
pub trait ObjectStore: Send + Sync {
    fn put(
        &self,
        key: &str,
        text: &str,
        deadline: Instant,
    ) -> impl Future<Output = Result<(), ObjectStoreError>> + Send;
    fn delete(
        &self,
        key: &str,
        deadline: Instant,
    ) -> impl Future<Output = Result<(), ObjectStoreError>> + Send;
}

/// Holds one item per stored id and never replaces an existing one.
pub trait ItemStore: Send + Sync {
    fn put_new(
        &self,
        item: &NewItem<'_>,
        deadline: Instant,
    ) -> impl Future<Output = Result<(), ItemStoreError>> + Send;
}

/// The item that records one stored id.
#[derive(Debug, Clone, Copy)]
pub struct NewItem<'a> {
    pub id: &'a str,
    pub s3_key: &'a str,
    pub created_at: DateTime,
}

#[derive(Debug, Error)]
pub enum ObjectStoreError {
    /// S3 refused, or the call never reached it: nothing was applied.
    #[error("S3 {operation} failed")]
    Failed {
        operation: &'static str,
        #[source]
        source: BoxError,
    },
    /// Told apart because the call may still take effect after the function has given up on it.
    #[error("S3 {operation} got no definite answer: it may still take effect")]
    OutcomeUnknown {
        operation: &'static str,
        #[source]
        source: BoxError,
    },
}

impl ObjectStoreError {
    /// What a failed S3 call means for the data, for any S3 operation.
    pub fn from_call<E>(operation: &'static str, err: call::CallError<E>) -> Self
    where
        E: ProvideErrorMetadata + Error + Send + Sync + 'static,
        SdkError<E, aws_sdk_s3::config::http::HttpResponse>: RequestId,
    {
        match err {
            call::CallError::Refused(source) => Self::Failed {
                operation,
                source: describe(*source),
            },
            call::CallError::NoTimeLeft => Self::Failed {
                operation,
                source: call::NoTimeLeft.into(),
            },
            call::CallError::Unknown(source) => Self::OutcomeUnknown { operation, source },
        }
    }
}

#[derive(Debug, Error)]
pub enum ItemStoreError {
    /// Told apart from other failures because the existing item's object must then be kept.
    #[error("an item with this id already exists")]
    AlreadyExists,
    /// DynamoDB refused, or the call never reached it: nothing was applied.
    #[error("DynamoDB PutItem failed")]
    Unavailable(#[source] BoxError),
    /// Told apart because the item may still be written after the function has given up on it.
    #[error("DynamoDB PutItem got no definite answer: it may still take effect")]
    OutcomeUnknown(#[source] BoxError),
    #[error("createdAt could not be written as RFC 3339")]
    Timestamp(#[source] BoxError),
}

/// What the service answered, as `Code: message (request id …)`: the SDK's own rendering of an
/// unmodelled error (S3's `NoSuchBucket` on PutObject, say) is a `Debug` dump. Failures without
/// an answer (connection, timeout) keep their source chain.
fn describe<E, R>(err: SdkError<E, R>) -> BoxError
where
    E: ProvideErrorMetadata + Error + Send + Sync + 'static,
    R: Debug + Send + Sync + 'static,
    SdkError<E, R>: RequestId,
{
    let Some(code) = err.code() else {
        return err.into();
    };
    let mut text = format!("{code}: {}", err.message().unwrap_or("(no message)"));
    if let Some(request_id) = err.request_id() {
        let _ = write!(text, " (request id {request_id})");
    }
    text.into()
}
