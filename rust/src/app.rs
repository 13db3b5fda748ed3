//! The function's state for the life of one execution environment.

use std::sync::atomic::{AtomicBool, Ordering};

use aws_config::SdkConfig;

use crate::aws_clients;
use crate::config::Config;
use crate::stores::{DynamoItemStore, ItemStore, ObjectStore, S3ObjectStore};

/// The stores, built once at init and reused by every invocation, and the cold-start flag.
#[derive(Debug)]
pub struct App<O, I> {
    pub(crate) objects: O,
    pub(crate) items: I,
    cold_start: AtomicBool,
}

/// The app as deployed: S3 and DynamoDB through the official SDK.
pub type AwsApp = App<S3ObjectStore, DynamoItemStore>;

impl<O: ObjectStore, I: ItemStore> App<O, I> {
    pub fn new(objects: O, items: I) -> Self {
        Self {
            objects,
            items,
            cold_start: AtomicBool::new(true),
        }
    }

    /// True exactly once per app: for the first invocation, whatever its outcome.
    pub(crate) fn take_cold_start(&self) -> bool {
        self.cold_start.swap(false, Ordering::Relaxed)
    }
}

impl AwsApp {
    /// Builds both SDK clients from one loaded SDK config, as `main` does at cold start.
    pub fn on_aws(sdk_config: &SdkConfig, config: &Config) -> Self {
        let s3 = aws_clients::s3_client(sdk_config, &config.endpoints);
        let dynamodb = aws_clients::dynamodb_client(sdk_config, &config.endpoints);
        Self::new(
            S3ObjectStore::new(s3, &config.bucket_name),
            DynamoItemStore::new(dynamodb, &config.table_name),
        )
    }
}
