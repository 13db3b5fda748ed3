use aws_sdk_s3::Client;
use aws_sdk_s3::primitives::ByteStream;
use lambda_duel::stores::ObjectStoreError;
use lambda_duel::stores::call::{NoAnswerByDeadline, call_by};
use tokio::time::Instant;

use super::{ObjectStore, SourceObject};

/// Objects in S3, in whichever bucket the record names.
#[derive(Debug, Clone)]
pub struct S3ImageStore {
    client: Client,
}

impl S3ImageStore {
    pub fn new(client: Client) -> Self {
        Self { client }
    }
}

impl ObjectStore for S3ImageStore {
    async fn read(
        &self,
        bucket: &str,
        key: &str,
        max_bytes: u64,
        deadline: Instant,
    ) -> Result<SourceObject, ObjectStoreError> {
        let call = self.client.get_object().bucket(bucket).key(key).send();
        let object = call_by(deadline, call)
            .await
            .map_err(|err| ObjectStoreError::from_call("GetObject", err))?;
        let length = object
            .content_length()
            .and_then(|length| u64::try_from(length).ok());
        match length {
            // Dropping the body closes the connection without downloading it.
            Some(bytes) if bytes > max_bytes => Ok(SourceObject::TooLarge { bytes }),
            _ => read_at_most(object.body, length, max_bytes, deadline).await,
        }
    }

    async fn write(
        &self,
        bucket: &str,
        key: &str,
        body: Vec<u8>,
        content_type: &str,
        deadline: Instant,
    ) -> Result<(), ObjectStoreError> {
        let call = self
            .client
            .put_object()
            .bucket(bucket)
            .key(key)
            .content_type(content_type)
            .body(ByteStream::from(body))
            .send();
        call_by(deadline, call)
            .await
            .map(drop)
            .map_err(|err| ObjectStoreError::from_call("PutObject", err))
    }
}

/// The whole body by the deadline, or `TooLarge` as soon as it passes `max_bytes` (a
/// ContentLength that lied, or none). Sized up front from the ContentLength, so a 5 MB photo is
/// never copied into a buffer twice its size as it grows.
async fn read_at_most(
    mut body: ByteStream,
    length: Option<u64>,
    max_bytes: u64,
    deadline: Instant,
) -> Result<SourceObject, ObjectStoreError> {
    let failed = |source| ObjectStoreError::Failed {
        operation: "GetObject",
        source,
    };
    let capacity = length.and_then(|length| usize::try_from(length).ok());
    let mut bytes = Vec::with_capacity(capacity.unwrap_or_default());
    loop {
        let chunk = match tokio::time::timeout_at(deadline, body.next()).await {
            Err(_elapsed) => return Err(failed(NoAnswerByDeadline.into())),
            Ok(None) => return Ok(SourceObject::Read(bytes)),
            Ok(Some(Err(err))) => return Err(failed(err.into())),
            Ok(Some(Ok(chunk))) => chunk,
        };
        let read = u64::try_from(bytes.len() + chunk.len()).unwrap_or(u64::MAX);
        if read > max_bytes {
            return Ok(SourceObject::TooLarge { bytes: read });
        }
        bytes.extend_from_slice(&chunk);
    }
}
