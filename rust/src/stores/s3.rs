use aws_sdk_s3::Client;
use aws_sdk_s3::primitives::ByteStream;
use tokio::time::Instant;

use super::call::call_by;
use super::{ObjectStore, ObjectStoreError};

/// Objects in one S3 bucket, stored as `text/plain`.
#[derive(Debug, Clone)]
pub struct S3ObjectStore {
    client: Client,
    bucket: String,
}

impl S3ObjectStore {
    pub fn new(client: Client, bucket: impl Into<String>) -> Self {
        Self {
            client,
            bucket: bucket.into(),
        }
    }
}

impl ObjectStore for S3ObjectStore {
    async fn put(&self, key: &str, text: &str, deadline: Instant) -> Result<(), ObjectStoreError> {
        let call = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type("text/plain")
            .body(ByteStream::from(text.as_bytes().to_vec()))
            .send();
        call_by(deadline, call)
            .await
            .map(drop)
            .map_err(|err| ObjectStoreError::from_call("PutObject", err))
    }

    async fn delete(&self, key: &str, deadline: Instant) -> Result<(), ObjectStoreError> {
        let call = self
            .client
            .delete_object()
            .bucket(&self.bucket)
            .key(key)
            .send();
        call_by(deadline, call)
            .await
            .map(drop)
            .map_err(|err| ObjectStoreError::from_call("DeleteObject", err))
    }
}
