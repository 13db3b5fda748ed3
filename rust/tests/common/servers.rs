//! The local storage servers the test runner started, as the environment names them, and a test's
//! own bucket and table on them, made, read and removed. Shared by every crate's integration tests
//! in this workspace.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};

use aws_config::{BehaviorVersion, SdkConfig};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType,
    ScalarAttributeType,
};
use lambda_duel::config;

const SERVER_VARS: [&str; 5] = [
    config::AWS_ENDPOINT_URL_S3,
    config::AWS_ENDPOINT_URL_DYNAMODB,
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_REGION",
];

/// The SDK config for the local servers, or a failure saying how to start them.
pub async fn local_sdk_config() -> SdkConfig {
    for var in SERVER_VARS {
        if std::env::var(var).map_or(true, |value| value.trim().is_empty()) {
            panic!(
                "integration tests need the local storage servers: run `npm test` from the repo root ({var} is not set)"
            );
        }
    }
    aws_config::defaults(BehaviorVersion::latest()).load().await
}

/// Bucket and table names valid for both services and unique across parallel tests and runs.
pub fn unique_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!(
        "duel-rust-{}-{}-{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Runs `test` as a task of its own, so that its panic comes back here after `clean_up` has run,
/// instead of skipping it.
pub async fn run_then<T>(test: T, clean_up: impl Future<Output = ()>)
where
    T: Future<Output = ()> + Send + 'static,
{
    let outcome = tokio::spawn(test).await;
    clean_up.await;
    if let Err(err) = outcome {
        std::panic::resume_unwind(err.into_panic());
    }
}

pub async fn create_bucket(s3: &aws_sdk_s3::Client, bucket: &str) {
    s3.create_bucket()
        .bucket(bucket)
        .send()
        .await
        .expect("create test bucket");
}

/// A table keyed on the string attribute `partition_key` alone, as the functions' tables are.
pub async fn create_table(dynamodb: &aws_sdk_dynamodb::Client, table: &str, partition_key: &str) {
    dynamodb
        .create_table()
        .table_name(table)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name(partition_key)
                .attribute_type(ScalarAttributeType::S)
                .build()
                .expect("attribute definition"),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name(partition_key)
                .key_type(KeyType::Hash)
                .build()
                .expect("key schema"),
        )
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .expect("create test table");
}

/// Every object key in the bucket, in S3's order (sorted).
pub async fn object_keys(s3: &aws_sdk_s3::Client, bucket: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut pages = s3.list_objects_v2().bucket(bucket).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.expect("list objects");
        keys.extend(
            page.contents()
                .iter()
                .filter_map(|o| o.key().map(str::to_owned)),
        );
    }
    keys
}

/// The object's body and content type.
pub async fn object(s3: &aws_sdk_s3::Client, bucket: &str, key: &str) -> (Vec<u8>, Option<String>) {
    let object = s3
        .get_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await
        .expect("get object");
    let content_type = object.content_type().map(str::to_owned);
    let bytes = object
        .body
        .collect()
        .await
        .expect("object body")
        .into_bytes();
    (bytes.to_vec(), content_type)
}

/// Every item in the table.
pub async fn items(
    dynamodb: &aws_sdk_dynamodb::Client,
    table: &str,
) -> Vec<HashMap<String, AttributeValue>> {
    let mut items = Vec::new();
    let mut pages = dynamodb
        .scan()
        .table_name(table)
        .consistent_read(true)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        items.extend(page.expect("scan table").items().iter().cloned());
    }
    items
}

/// Removes the bucket with its objects, and the table, as far as they exist: a test may have made
/// only one, or broken one on purpose.
pub async fn remove(
    s3: &aws_sdk_s3::Client,
    dynamodb: &aws_sdk_dynamodb::Client,
    bucket: &str,
    table: &str,
) {
    if let Ok(listed) = s3.list_objects_v2().bucket(bucket).send().await {
        for key in listed.contents().iter().filter_map(|o| o.key()) {
            let _ = s3.delete_object().bucket(bucket).key(key).send().await;
        }
        let _ = s3.delete_bucket().bucket(bucket).send().await;
    }
    let _ = dynamodb.delete_table().table_name(table).send().await;
}
