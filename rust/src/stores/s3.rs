use aws_sdk_s3::Client;
use aws_sdk_s3::primitives::ByteStream;

use super::{ObjectStore, ObjectStoreError, describe};

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
    async fn put(&self, key: &str, text: &str) -> Result<(), ObjectStoreError> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type("text/plain")
            .body(ByteStream::from(text.as_bytes().to_vec()))
            .send()
            .await
            .map(drop)
            .map_err(|err| ObjectStoreError::new("PutObject", describe(err)))
    }

    async fn delete(&self, key: &str) -> Result<(), ObjectStoreError> {
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map(drop)
            .map_err(|err| ObjectStoreError::new("DeleteObject", describe(err)))
    }
}
