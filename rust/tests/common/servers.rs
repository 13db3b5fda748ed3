//! The local storage servers the test runner started, as the environment names them, and names
//! of a test's own on them. Shared by every crate's integration tests in this workspace.

use std::sync::atomic::{AtomicU32, Ordering};

use aws_config::{BehaviorVersion, SdkConfig};
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
