//! Shared set-up for the thumbnailer's integration tests: real local S3 and DynamoDB servers,
//! reached through the real SDK with the function's own client settings, with a bucket and a
//! metadata table (keyed on `sourceKey`) of each test's own, so tests run in parallel.

#![allow(dead_code)] // Each test file uses its own subset of these helpers.

pub mod cmyk_jpeg;
pub mod events;
pub mod images;
pub mod profiles;
// The UUID writer's helpers, shared rather than copied.
#[path = "../../../tests/common/servers.rs"]
mod servers;
#[path = "../../../tests/common/silent.rs"]
pub mod silent;

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use aws_config::SdkConfig;
use aws_lambda_events::s3::{S3Event, S3EventRecord};
use aws_sdk_dynamodb::types::AttributeValue;
use lambda_duel::aws_clients;
use lambda_duel::config::Endpoints;
use lambda_duel_thumbnailer::config::Settings;
use lambda_duel_thumbnailer::metadata_item::PARTITION_KEY;
use lambda_duel_thumbnailer::process_records::{
    RecordNotFinished, RecordOutcome, Stores, process_records,
};
use lambda_duel_thumbnailer::stores::{DynamoMetadataStore, S3ImageStore};
use serde_json::Value;
use tokio::time::Instant;

use servers::{local_sdk_config, unique_name};

/// The deployed settings of the Rust thumbnailer, with a 1 MiB maximum so tests can pass it.
pub fn settings() -> Settings {
    Settings {
        upload_prefix: "uploads/rust/".into(),
        thumbnail_prefix: "thumbnails/rust/".into(),
        max_source_bytes: 1024 * 1024,
    }
}

/// The store deadline of an invocation with ten seconds left, as a fresh one has.
pub fn plenty_of_time() -> Instant {
    Instant::now() + Duration::from_secs(10)
}

pub struct Storage {
    pub sdk_config: SdkConfig,
    pub endpoints: Endpoints,
    pub s3: aws_sdk_s3::Client,
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub bucket: String,
    /// The metadata table.
    pub table: String,
}

/// Runs `test` against a fresh bucket and table and removes both afterwards, even when `test` panics.
pub async fn with_storage<F, Fut>(test: F)
where
    F: FnOnce(Arc<Storage>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let storage = Arc::new(Storage::create().await);
    servers::run_then(test(Arc::clone(&storage)), storage.remove()).await;
}

impl Storage {
    async fn create() -> Self {
        let sdk_config = local_sdk_config().await;
        let endpoints = Endpoints::from_lookup(&|variable| std::env::var(variable).ok());
        let name = unique_name();
        let storage = Self {
            s3: aws_clients::s3_client(&sdk_config, &endpoints),
            dynamodb: aws_clients::dynamodb_client(&sdk_config, &endpoints),
            sdk_config,
            endpoints,
            bucket: name.clone(),
            table: name,
        };
        servers::create_bucket(&storage.s3, &storage.bucket).await;
        servers::create_table(&storage.dynamodb, &storage.table, PARTITION_KEY).await;
        storage
    }

    /// The function's stores as `main` builds them, on this test's table.
    pub fn stores(&self) -> Stores<S3ImageStore, DynamoMetadataStore> {
        self.stores_at(&self.endpoints)
    }

    /// The function's stores, its own client settings included, with the table on `endpoint`.
    pub fn stores_with_table_at(
        &self,
        endpoint: &str,
    ) -> Stores<S3ImageStore, DynamoMetadataStore> {
        self.stores_at(&Endpoints {
            dynamodb: Some(endpoint.to_owned()),
            ..self.endpoints.clone()
        })
    }

    /// The function's stores with the bucket on `endpoint`.
    pub fn stores_with_bucket_at(
        &self,
        endpoint: &str,
    ) -> Stores<S3ImageStore, DynamoMetadataStore> {
        self.stores_at(&Endpoints {
            s3: Some(endpoint.to_owned()),
            ..self.endpoints.clone()
        })
    }

    fn stores_at(&self, endpoints: &Endpoints) -> Stores<S3ImageStore, DynamoMetadataStore> {
        Stores {
            objects: S3ImageStore::new(aws_clients::s3_client(&self.sdk_config, endpoints)),
            items: DynamoMetadataStore::new(
                aws_clients::dynamodb_client(&self.sdk_config, endpoints),
                &self.table,
            ),
        }
    }

    /// Processes the event with the function's stores and settings, as a fresh invocation would.
    pub async fn process(&self, event: &S3Event) -> Result<Vec<RecordOutcome>, RecordNotFinished> {
        process_records(event, &self.stores(), &settings(), plenty_of_time(), |_| {}).await
    }

    /// Uploads the image under the key and returns the record S3 would send for it.
    pub async fn uploaded(&self, key: &str, body: &[u8]) -> S3EventRecord {
        self.upload(key, body).await;
        events::put_record(&self.bucket, key, Some(body.len() as u64))
    }

    pub async fn upload(&self, key: &str, body: &[u8]) {
        self.s3
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .body(body.to_vec().into())
            .send()
            .await
            .expect("upload");
    }

    /// Every key in the bucket, sorted.
    pub async fn keys(&self) -> Vec<String> {
        servers::object_keys(&self.s3, &self.bucket).await
    }

    /// The object's bytes and content type.
    pub async fn object(&self, key: &str) -> (Vec<u8>, Option<String>) {
        servers::object(&self.s3, &self.bucket, key).await
    }

    /// Every item, S as JSON strings and N as JSON numbers, sorted by source key.
    pub async fn items(&self) -> Vec<HashMap<String, Value>> {
        let mut items: Vec<HashMap<String, Value>> = servers::items(&self.dynamodb, &self.table)
            .await
            .iter()
            .map(|item| {
                item.iter()
                    .map(|(name, value)| (name.clone(), json_of(value)))
                    .collect()
            })
            .collect();
        items.sort_by(|a, b| a[PARTITION_KEY].as_str().cmp(&b[PARTITION_KEY].as_str()));
        items
    }

    pub async fn item(&self, source_key: &str) -> HashMap<String, Value> {
        self.items()
            .await
            .into_iter()
            .find(|item| item[PARTITION_KEY] == source_key)
            .unwrap_or_else(|| panic!("no item for {source_key}"))
    }

    async fn remove(&self) {
        servers::remove(&self.s3, &self.dynamodb, &self.bucket, &self.table).await;
    }
}

fn json_of(value: &AttributeValue) -> Value {
    match value {
        AttributeValue::S(text) => Value::from(text.as_str()),
        AttributeValue::N(number) => Value::from(number.parse::<u64>().expect("a whole number")),
        other => panic!("expected only S and N attributes, got {other:?}"),
    }
}

/// True for ISO-8601 in UTC with milliseconds: `2026-12-02T04:00:00.123Z`.
pub fn is_iso_ms(text: &str) -> bool {
    let shape = text
        .bytes()
        .map(|byte| if byte.is_ascii_digit() { b'9' } else { byte })
        .collect::<Vec<u8>>();
    shape == b"9999-99-99T99:99:99.999Z"
}
